/**
 * Share script bundles bench: the bytes of /share.js and /share-mcp.js as the server sends them
 * (asked the way Deno's module loader asks, accepting gzip and brotli), and the time of
 * `deno run -NR <server>/share.js --help` from process start to exit with an empty Deno cache
 * (download, parse, run: a first run) and with the script cached.
 *
 * Measures static/build as `deno task build` left it (built first when missing).
 * Standalone: `deno run -A bench/bundle.ts [--quick]`.
 * @module
 */
import { MCP_BUNDLE } from "../lib/asset_manifest.ts";
import { ensureBuilt } from "../tests/helpers/browser.ts";
import { startTestServer } from "../tests/helpers/server.ts";
import { median } from "./web.ts";

/** Options of {@link benchBundle}. */
export interface BundleBenchOptions {
  /** Fewer runs. */
  quick?: boolean;
}

/** One script file as served. */
export interface ServedScript {
  /** Bytes of the response body (what crossed the wire when `encoding` is null). */
  bytes: number;
  /** The response's Content-Encoding, or null when sent as is. */
  encoding: string | null;
}

/** Result of {@link benchBundle}. */
export interface BundleBenchResult {
  /** /share.js: what everyone running the script fetches. */
  share: ServedScript;
  /** /share-mcp.js: fetched only by `share.js mcp`. */
  mcp: ServedScript;
  /** Median ms of `--help` with an empty Deno cache, process start to exit. */
  coldMs: number;
  /** Median ms of `--help` with share.js cached. */
  warmMs: number;
  /** Runs of each. */
  runs: number;
}

async function served(url: string): Promise<ServedScript> {
  const res = await fetch(url, { headers: { "accept-encoding": "gzip, br" } });
  if (!res.ok) throw new Error(`${url}: ${res.status} (run deno task build)`);
  return { bytes: (await res.bytes()).length, encoding: res.headers.get("content-encoding") };
}

/** Ms from spawning `deno run -NR script --help` with the cache `denoDir` to its exit. */
async function timeHelp(script: string, denoDir: string): Promise<number> {
  const start = performance.now();
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-NR", "--quiet", script, "--help"],
    // Outside the repository, as users run it: no deno.json, no lock file.
    cwd: denoDir,
    env: { DENO_DIR: denoDir, NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const ms = performance.now() - start;
  if (code !== 0) {
    throw new Error(`share.js --help exited ${code}: ${new TextDecoder().decode(stderr)}`);
  }
  return ms;
}

/**
 * Runs the bench against an in-process server on a free port.
 * @example
 * ```ts
 * import { benchBundle } from "./bundle.ts";
 * const r = await benchBundle({ quick: true });
 * console.log(r.share.bytes, r.coldMs);
 * ```
 */
export async function benchBundle(options: BundleBenchOptions = {}): Promise<BundleBenchResult> {
  await ensureBuilt();
  await using server = await startTestServer();
  const script = `${server.url}/share.js`;
  const share = await served(script);
  const mcp = await served(`${server.url}/${MCP_BUNDLE}`);
  const runs = options.quick ? 3 : 7;
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const denoDir = await Deno.makeTempDir({ prefix: "hushlink-bench-deno-" });
    try {
      cold.push(await timeHelp(script, denoDir));
      warm.push(await timeHelp(script, denoDir));
    } finally {
      await Deno.remove(denoDir, { recursive: true });
    }
  }
  return { share, mcp, coldMs: median(cold), warmMs: median(warm), runs };
}

/**
 * A served size as text: `88.9 KB` when sent as is, else with its encoding.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { servedSize } from "./bundle.ts";
 * assert.equal(servedSize({ bytes: 88_932, encoding: null }), "88.9 KB");
 * ```
 */
export function servedSize(s: ServedScript): string {
  const kb = `${(s.bytes / 1000).toFixed(1)} KB`;
  return s.encoding ? `${kb} decoded (sent ${s.encoding})` : kb;
}

/**
 * The result as the lines the bench prints.
 * @example
 * ```ts
 * import { benchBundle, formatBundleBench } from "./bundle.ts";
 * console.log(formatBundleBench(await benchBundle({ quick: true })));
 * ```
 */
export function formatBundleBench(r: BundleBenchResult): string {
  return [
    `bundle: /share.js ${servedSize(r.share)} (target ≤ 150 KB); ` +
    `/${MCP_BUNDLE} ${servedSize(r.mcp)}, fetched only for mcp`,
    `bundle: share.js --help, process start to exit: ${r.coldMs.toFixed(0)} ms with an empty ` +
    `Deno cache, ${r.warmMs.toFixed(0)} ms cached (medians of ${r.runs})`,
  ].join("\n");
}

if (import.meta.main) {
  console.log(formatBundleBench(await benchBundle({ quick: Deno.args.includes("--quick") })));
}
