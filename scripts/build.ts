/**
 * `deno task build`: bundles every island entry (islands/entries/*.ts), every lazily loaded
 * renderer (islands/lazy/*.ts) and every web worker (islands/workers/*.ts, as `worker-<name>`)
 * for the browser, minified, into static/build/ under content-hashed names, joins the stylesheets (static/*.css) into one the same way, bundles the share script for Deno as
 * static/build/share.js and its MCP server apart as static/build/share-mcp.js (see
 * {@link bundleShareScript}), and writes static/build/manifest.json, which the server reads at
 * start-up.
 * @module
 */
import { type AssetManifest, MCP_BUNDLE } from "../lib/asset_manifest.ts";

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
  if (share) await bundleShareScript(new URL("static/build", ROOT).pathname);
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
