/**
 * `deno task build`: bundles every island entry (islands/entries/*.ts), every lazily loaded
 * renderer (islands/lazy/*.ts) and every web worker (islands/workers/*.ts, as `worker-<name>`)
 * for the browser, minified, into static/build/ under content-hashed names, joins the stylesheets (static/*.css) into one the same way, bundles the share script for Deno as
 * static/build/share.js and its MCP server apart as static/build/share-mcp.js (see
 * {@link bundleShareScript}), and writes static/build/manifest.json, which the server reads at
 * start-up. A build never pulls files from under a server already running from the same
 * directory (`deno task start` builds first, so a second instance rebuilds): new bundles are added
 * beside the old ones under their own names, the manifest and the share script are swapped in
 * whole, and only files that neither this build's manifest nor the previous one name are removed
 * ({@link prune}).
 * @module
 */
import { type AssetManifest, MCP_BUNDLE } from "../lib/asset_manifest.ts";

const ROOT = new URL("../", import.meta.url);
const OUT = new URL("static/build/", ROOT);
const PUBLIC_PREFIX = "/static/build/";
/** Ends the name of a file being written, before it is renamed into place. */
const PARTIAL = ".partial";

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

async function bundle(entry: URL, output: string, platform: "browser" | "deno"): Promise<void> {
  const args = ["bundle", "--quiet", "--minify", "--platform", platform];
  // Deno prints an uncaught error with its class's name: the scripts keep their names.
  if (platform === "deno") args.push("--keep-names");
  args.push("-o", output, entry.pathname);
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

/**
 * Writes `bytes` as `<name>-<hash><ext>` into the output directory; returns its public URL. A file
 * of that name is already these bytes (the name is their hash): it is left as it is, since a
 * running server may be sending it.
 */
async function writeHashed(
  name: string,
  ext: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const file = `${name}-${await contentHash(bytes)}${ext}`;
  if (!await exists(new URL(file, OUT))) await replaceFile(new URL(file, OUT), bytes);
  return PUBLIC_PREFIX + file;
}

/** Writes `path` whole or not at all: a reader sees the old file or the new one, never a part. */
async function replaceFile(path: URL, bytes: Uint8Array): Promise<void> {
  // A name of its own: two builds at once (two instances starting) must not share one.
  const partial = new URL(`${path.pathname}.${crypto.randomUUID()}${PARTIAL}`, path);
  await Deno.writeFile(partial, bytes);
  await Deno.rename(partial, path);
}

/** The files of static/build/ a manifest names: its bundles and stylesheet. */
function namedBy(manifest: AssetManifest): string[] {
  const urls = [
    ...Object.values(manifest.islands),
    ...Object.values(manifest.lazy),
    ...Object.values(manifest.workers),
    manifest.css,
  ];
  return urls.map((url) => url.slice(PUBLIC_PREFIX.length));
}

/** The manifest in `dir`, or null when there is none (or it cannot be read). */
async function readManifest(dir: URL): Promise<AssetManifest | null> {
  try {
    return JSON.parse(await Deno.readTextFile(new URL("manifest.json", dir)));
  } catch {
    return null;
  }
}

/**
 * Removes every file of `dir` that none of `manifests` names, except the manifest and the share
 * script's bundles (which each build replaces in place) and files another build is writing.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prune } from "./build.ts";
 * const dir = await Deno.makeTempDir();
 * for (const name of ["app-new.css", "app-old.css", "app-older.css", "share.js", "x.partial"]) {
 *   await Deno.writeTextFile(`${dir}/${name}`, "");
 * }
 * const manifest = (css: string) => ({ islands: {}, lazy: {}, workers: {}, css, share: true });
 * await prune(new URL(`file://${dir}/`), [
 *   manifest("/static/build/app-new.css"),
 *   manifest("/static/build/app-old.css"),
 * ]);
 * const left = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
 * assert.deepEqual(left, ["app-new.css", "app-old.css", "share.js", "x.partial"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function prune(dir: URL, manifests: AssetManifest[]): Promise<void> {
  const keep = new Set(["manifest.json", "share.js", MCP_BUNDLE, ...manifests.flatMap(namedBy)]);
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && !keep.has(entry.name) && !entry.name.endsWith(PARTIAL)) {
      await Deno.remove(new URL(entry.name, dir));
    }
  }
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
        const out = `${tmp}/${name}.js`;
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
 * Bundles the share script for Deno into `outDir` as two files: share.js (share.ts: share, get,
 * delete, sessions, `--help`), which everyone running the script fetches, and share-mcp.js
 * (lib/mcp/mod.ts, the MCP server with the MCP SDK and its validators: most of the code), which
 * share.js loads from next to itself only for its `mcp` command (lib/cli/mcp_command.ts). Each is
 * whole on its own (the client code is in both); both are minified.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleShareScript } from "./build.ts";
 * const dir = await Deno.makeTempDir();
 * await bundleShareScript(dir); // as `deno task build` does into static/build
 * const size = async (name: string) => (await Deno.stat(`${dir}/${name}`)).size;
 * assert(await size("share.js") < await size("share-mcp.js"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function bundleShareScript(outDir: string): Promise<void> {
  await Promise.all([
    bundle(new URL("share.ts", ROOT), `${outDir}/share.js`, "deno"),
    bundle(new URL("lib/mcp/mod.ts", ROOT), `${outDir}/${MCP_BUNDLE}`, "deno"),
  ]);
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
  // A server started from the previous build serves what this manifest names until it stops.
  const previous = await readManifest(OUT);
  await Deno.mkdir(OUT, { recursive: true });
  const islands = await bundleGroup("islands/entries/");
  const lazy = await bundleGroup("islands/lazy/");
  const workers = await bundleGroup("islands/workers/", "worker-");
  const css = await writeHashed("app", ".css", await stylesheet());
  const shareSource = new URL("share.ts", ROOT);
  const share = await exists(shareSource);
  if (share) {
    const tmp = await Deno.makeTempDir({ prefix: "hushlink-build-" });
    try {
      await bundleShareScript(tmp);
      for (const name of ["share.js", MCP_BUNDLE]) {
        await replaceFile(new URL(name, OUT), await Deno.readFile(`${tmp}/${name}`));
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  } else console.warn("build: share.ts does not exist yet; /share.js will answer 404");
  const manifest: AssetManifest = { islands, lazy, workers, css, share };
  const json = JSON.stringify(manifest, null, 2) + "\n";
  await replaceFile(new URL("manifest.json", OUT), new TextEncoder().encode(json));
  await prune(OUT, previous ? [manifest, previous] : [manifest]);
  return manifest;
}

if (import.meta.main) {
  const manifest = await build();
  const count = (map: object, one: string) => {
    const n = Object.keys(map).length;
    return `${n} ${one}${n === 1 ? "" : "s"}`;
  };
  const kb = async (name: string) =>
    `${((await Deno.stat(new URL(name, OUT))).size / 1000).toFixed(0)} KB`;
  console.log(
    `build: ${count(manifest.islands, "island")}, ${count(manifest.lazy, "lazy bundle")}, ` +
      `${count(manifest.workers, "worker")}, ` +
      (manifest.share
        ? `share.js ${await kb("share.js")} (${MCP_BUNDLE} ${await kb(MCP_BUNDLE)})`
        : "no share.js"),
  );
}
