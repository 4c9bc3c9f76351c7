/**
 * `deno task build`: bundles every island entry (islands/entries/*.ts), every lazily loaded
 * renderer (islands/lazy/*.ts) and every web worker (islands/workers/*.ts, as `worker-<name>`)
 * for the browser, minified, into static/build/ under content-hashed names, joins the stylesheets (static/*.css) into one the same way, bundles the share script for Deno as
 * static/build/share.js, and writes static/build/manifest.json, which the server reads at start-up.
 * @module
 */
import type { AssetManifest } from "../lib/asset_manifest.ts";

const ROOT = new URL("../", import.meta.url);
const OUT = new URL("static/build/", ROOT);
const PUBLIC_PREFIX = "/static/build/";

/** Short content hash for cache-busting file names. */
async function contentHash(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return digest.subarray(0, 8).toBase64({ alphabet: "base64url", omitPadding: true });
}

async function entriesIn(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(new URL(dir, ROOT))) {
    if (e.isFile && e.name.endsWith(".ts")) names.push(e.name.slice(0, -3));
  }
  return names.sort();
}

async function bundle(entry: URL, output: URL, platform: "browser" | "deno"): Promise<void> {
  const args = ["bundle", "--quiet", "--platform", platform, "-o", output.pathname, entry.pathname];
  if (platform === "browser") args.splice(1, 0, "--minify");
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT.pathname,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`bundling ${entry.pathname} failed:\n${new TextDecoder().decode(stderr)}`);
  }
}

/** Writes `bytes` as `<name>-<hash><ext>` into the output directory; returns its public URL. */
async function writeHashed(
  name: string,
  ext: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const file = `${name}-${await contentHash(bytes)}${ext}`;
  await Deno.writeFile(new URL(file, OUT), bytes);
  return PUBLIC_PREFIX + file;
}

/**
 * Bundles a group of entries (in parallel, two at a time: the build machines have two cores);
 * their files are named `<prefix><entry name>-<hash>.js`.
 */
async function bundleGroup(dir: string, prefix = ""): Promise<Record<string, string>> {
  const names = await entriesIn(dir);
  const tmp = await Deno.makeTempDir({ prefix: "hushlink-build-" });
  const urls: Record<string, string> = {};
  try {
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        const out = new URL(`file://${tmp}/${name}.js`);
        await bundle(new URL(`${dir}${name}.ts`, ROOT), out, "browser");
        urls[name] = await writeHashed(prefix + name, ".js", await Deno.readFile(out));
      }
    };
    await Promise.all([worker(), worker()]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
  return urls;
}

/** All static/*.css in one file (app.css first, the rest by name): one request per page. */
async function stylesheet(): Promise<Uint8Array<ArrayBuffer>> {
  const names: string[] = [];
  for await (const e of Deno.readDir(new URL("static/", ROOT))) {
    if (e.isFile && e.name.endsWith(".css") && e.name !== "app.css") names.push(e.name);
  }
  const parts = await Promise.all(
    ["app.css", ...names.sort()].map((n) => Deno.readTextFile(new URL(`static/${n}`, ROOT))),
  );
  return new TextEncoder().encode(parts.join("\n"));
}

async function exists(url: URL): Promise<boolean> {
  try {
    await Deno.stat(url);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/**
 * Runs the whole build and returns the manifest it wrote.
 * @example
 * ```ts ignore
 * import { build } from "./build.ts";
 * const manifest = await build(); // bundles every island: run by `deno task build`, not as a doc test
 * console.log(manifest.islands.viewer); // "/static/build/viewer-AbCdEfGhIjk.js"
 * ```
 */
export async function build(): Promise<AssetManifest> {
  await Deno.remove(OUT, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  await Deno.mkdir(OUT, { recursive: true });
  const islands = await bundleGroup("islands/entries/");
  const lazy = await bundleGroup("islands/lazy/");
  const workers = await bundleGroup("islands/workers/", "worker-");
  const css = await writeHashed("app", ".css", await stylesheet());
  const shareSource = new URL("share.ts", ROOT);
  const share = await exists(shareSource);
  if (share) await bundle(shareSource, new URL("share.js", OUT), "deno");
  else console.warn("build: share.ts does not exist yet; /share.js will answer 404");
  const manifest: AssetManifest = { islands, lazy, workers, css, share };
  await Deno.writeTextFile(new URL("manifest.json", OUT), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

if (import.meta.main) {
  const manifest = await build();
  const count = (map: object, one: string) => {
    const n = Object.keys(map).length;
    return `${n} ${one}${n === 1 ? "" : "s"}`;
  };
  console.log(
    `build: ${count(manifest.islands, "island")}, ${count(manifest.lazy, "lazy bundle")}, ` +
      `${count(manifest.workers, "worker")}, share.js ${manifest.share ? "yes" : "no"}`,
  );
}
