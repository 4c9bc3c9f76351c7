/**
 * Server load bench against main.ts in its own process (tests/helpers/process_server.ts):
 *
 * - Small shares: 50 clients create 1 KiB shares (one request each, a fresh body per request) for
 *   30 s, then read them back for 30 s (one request each), every body checked byte for byte
 *   against what was created; shares the read phase did not reach are read and checked after it.
 *   The same two phases run against bench/baseline_server.ts (bare Deno.serve and a Map), so the
 *   service's rates come with the fraction of what the machine's Deno HTTP stack allows. wrk
 *   generates the load when installed, else a Deno client (which costs more CPU).
 * - Large shares: 8 concurrent 64 MiB uploads through the API (4 MiB parts, 4 in flight each, as
 *   lib/client sends them), then 8 concurrent downloads checked byte for byte, with the server's
 *   peak RSS before and after.
 *
 * The service runs as `deno task start` runs it, with its default threads (`WORKERS`: one per
 * core but one; set WORKERS in the environment to compare), and the output says how many served.
 *
 * Standalone: `deno run -A bench/load.ts [--quick]` (5 s phases and 16 MiB shares with --quick).
 * @module
 */

import {
  freePort,
  type ProcessServer,
  spawnServer,
  waitForHealth,
} from "../tests/helpers/process_server.ts";
import {
  type Created,
  denoCreate,
  denoRead,
  type Phase,
  ShareSet,
  verifyRest,
} from "./small_shares.ts";
import { addServerCpu, processCpu, wrkCreate, wrkRead, wrkVersion } from "./wrk.ts";
import { benchLargeShares, type LargeResult } from "./large_shares.ts";

const ROOT = new URL("../", import.meta.url);
const BASELINE = new URL("bench/baseline_server.ts", ROOT).pathname;
const CONFIG = new URL("deno.json", ROOT).pathname;

/** Options of {@link benchLoad}. */
export interface LoadOptions {
  /** 5 s phases (3 s for the baseline) and 16 MiB large shares. */
  quick?: boolean;
  /** Seconds per small-share phase against the service (overrides `quick`). */
  seconds?: number;
  /** MiB per large share (overrides `quick`). */
  largeMib?: number;
  /** Use the Deno load generator even when wrk is installed. */
  deno?: boolean;
}

/** Small-share phases against one server. */
export interface SmallResult {
  create: Phase;
  read: Phase;
  /** Shares created. */
  created: number;
  /** Shares read and checked during the read phase (at least once). */
  checkedInRead: number;
  /** Shares read and checked after it (the ones it did not reach). */
  checkedAfter: number;
  /** Reads after the phase that failed or differed. */
  failedAfter: number;
  /** Peak RSS of the server process at the end, bytes (null when unknown). */
  peakRss: number | null;
}

/** Result of {@link benchLoad}. */
export interface LoadResult {
  /** "wrk …" version line, or "deno" for the fallback generator. */
  tool: string;
  /** Why the fallback was used, when it was. */
  toolNote: string | null;
  clients: number;
  /** Threads the service served HTTP from (`WORKERS`, one per core but one by default). */
  threads: number;
  service: SmallResult;
  baseline: SmallResult;
  large: LargeResult;
}

/** bench/baseline_server.ts in its own process on a free port. */
async function spawnBaseline(): Promise<{ origin: string; pid: number; stop(): Promise<void> }> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--config", CONFIG, "--allow-net", "--allow-env", BASELINE],
    env: { PORT: String(port) },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const origin = `http://127.0.0.1:${port}`;
  if (!await waitForHealth(origin, () => false)) {
    child.kill("SIGKILL");
    throw new Error("the baseline server did not start");
  }
  return {
    origin,
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** The threads a hushlink server serves from, as its /metrics says (`hushlink_threads`). */
async function threadsOf(origin: string): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const threads = Number(/^hushlink_threads (\d+)$/m.exec(text)?.[1]);
  if (!threads) throw new Error("the server's /metrics does not say how many threads serve");
  return threads;
}

async function vmHwm(pid: number): Promise<number | null> {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(await Deno.readTextFile(`/proc/${pid}/status`));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Create then read phases against `origin`, then the untimed check of the unread shares. */
async function smallPhases(
  origin: string,
  pid: number,
  clients: number,
  seconds: number,
  useWrk: boolean,
): Promise<SmallResult> {
  const set = await ShareSet.create();
  const dir = await Deno.makeTempDir({ prefix: "hushlink-bench-load-" });
  try {
    let create: Phase;
    let read: Phase;
    let created: Created[][];
    let covered: number[];
    if (useWrk) {
      ({ phase: create, created } = await wrkCreate(origin, set, dir, clients, seconds, pid));
      ({ phase: read, covered } = await wrkRead(origin, dir, clients, seconds, pid));
    } else {
      // This process is the load generator: its own CPU time is the client's.
      const self = async () => (await processCpu(Deno.pid))?.total ?? NaN;
      const [cpu0, self0] = [await processCpu(pid), await self()];
      ({ phase: create, created } = await denoCreate(origin, set, clients, seconds));
      const [cpu1, self1] = [await processCpu(pid), await self()];
      ({ phase: read, covered } = await denoRead(origin, set, created, seconds));
      addServerCpu(create, cpu0, cpu1);
      addServerCpu(read, cpu1, await processCpu(pid));
      create.clientCpu = self1 - self0;
      read.clientCpu = await self() - self1;
    }
    const rest = await verifyRest(origin, set, created, covered);
    return {
      create,
      read,
      created: created.reduce((n, mine) => n + mine.length, 0),
      checkedInRead: covered.reduce((a, b) => a + b, 0),
      checkedAfter: rest.checked,
      failedAfter: rest.failed,
      peakRss: await vmHwm(pid),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Runs the load bench: small shares against the service and the baseline, then large shares.
 * @example
 * ```ts
 * import { benchLoad, formatLoad } from "./load.ts";
 * console.log(formatLoad(await benchLoad({ quick: true })));
 * ```
 */
export async function benchLoad(options: LoadOptions = {}): Promise<LoadResult> {
  const clients = 50;
  const seconds = options.seconds ?? (options.quick ? 5 : 30);
  const baselineSeconds = Math.max(3, Math.round(seconds / 3));
  const version = options.deno ? null : await wrkVersion();
  const useWrk = version !== null;
  const toolNote = useWrk
    ? null
    : options.deno
    ? "Deno load generator chosen with --deno"
    : "wrk is not installed (apt-get install wrk); the Deno load generator ran instead";

  let server: ProcessServer | null = null;
  let service: SmallResult;
  let threads: number;
  try {
    // As `deno task start` runs it: its flags (V8's included) shape CPU and memory.
    server = await spawnServer({ startTask: true });
    threads = await threadsOf(server.origin);
    service = await smallPhases(server.origin, server.pid, clients, seconds, useWrk);
  } finally {
    await server?.dispose();
  }
  const base = await spawnBaseline();
  let baseline: SmallResult;
  try {
    baseline = await smallPhases(base.origin, base.pid, clients, baselineSeconds, useWrk);
  } finally {
    await base.stop();
  }
  const large = await benchLargeShares({
    shares: 8,
    mib: options.largeMib ?? (options.quick ? 16 : 64),
  });
  return { tool: version ?? "deno", toolNote, clients, threads, service, baseline, large };
}

/**
 * The result as the lines the bench prints.
 * @example
 * ```ts
 * import { formatLoad, type LoadResult } from "./load.ts";
 * declare const result: LoadResult; // from benchLoad()
 * console.log(formatLoad(result));
 * ```
 */
export function formatLoad(r: LoadResult): string {
  const MiB = 1024 * 1024;
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const phase = (name: string, p: Phase, base: Phase) =>
    `  ${name}: ${p.perSecond.toFixed(0)}/s (${
      (p.perSecond / base.perSecond * 100).toFixed(0)
    } % of the baseline's ${base.perSecond.toFixed(0)}/s), p50 ${ms(p.p50)}, p99 ${
      ms(p.p99)
    }, errors ${p.errors}, mismatches ${p.mismatches}`;
  const s = r.service;
  const l = r.large;
  return [
    `load (${r.tool}, ${r.clients} clients, server on ${r.threads} thread${
      r.threads === 1 ? "" : "s"
    }; absolute figures are machine-dependent):`,
    ...(r.toolNote ? [`  note: ${r.toolNote}`] : []),
    phase("create 1 KiB", s.create, r.baseline.create),
    phase("read 1 KiB", s.read, r.baseline.read),
    `  ${s.created} shares created; checked byte for byte: ${s.checkedInRead} in the read phase, ` +
    `${s.checkedAfter} after it (${s.failedAfter} failed); server peak RSS ${
      ((s.peakRss ?? 0) / MiB).toFixed(0)
    } MiB`,
    `  large: ${l.shares} × ${l.bytesEach / MiB} MiB concurrently: upload ${
      (l.uploadRate / 1e6).toFixed(0)
    } MB/s, download ${(l.downloadRate / 1e6).toFixed(0)} MB/s, errors ${l.errors}, ` +
    `identical ${l.identical}/${l.shares}; server peak RSS ${(l.rssStart / MiB).toFixed(0)} MiB ` +
    `before, ${(l.rssAfterUpload / MiB).toFixed(0)} after uploads, ${
      (l.rssPeak / MiB).toFixed(0)
    } after downloads`,
  ].join("\n");
}

if (import.meta.main) {
  const result = await benchLoad({
    quick: Deno.args.includes("--quick"),
    deno: Deno.args.includes("--deno"),
  });
  console.log(formatLoad(result));
}
