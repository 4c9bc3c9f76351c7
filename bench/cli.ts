/**
 * Share script bench: `share.ts FILE` and `share.ts get LINK -o OUT` of an N MiB file against a
 * local server (main.ts in its own process), next to what the machine allows in the same run —
 * raw Deno KV ingest of the same bytes (64 KiB values, atomic operations of 12, 4 in flight),
 * KV read-back of them, AES-256-GCM decryption with 8 records in flight, and the server's bare
 * ciphertext download (no decryption) — as ratios. Peak
 * RSS (VmHWM) of the script and of the server for 1 MiB versus the large file shows whether
 * memory stays flat; a 64 MiB file in between (when the large one is larger) tells the working
 * set, which a file of that size already fills, from what grows on with the file.
 *
 * Standalone: `deno run -A bench/cli.ts [--quick] [--mib N]` (1 GiB; 64 MiB with --quick).
 * @module
 */

import { deriveKeys, parseLink, toBase64url } from "../lib/crypto/mod.ts";
import { openKvFile } from "../lib/store/kv_file.ts";
import { spawnServer } from "../tests/helpers/process_server.ts";
import { cpuSeconds } from "./processes.ts";
import { type CpuSample, processCpu } from "./wrk.ts";

const ROOT = new URL("../", import.meta.url);
const CONFIG = new URL("deno.json", ROOT).pathname;
const SCRIPT = new URL("share.ts", ROOT).pathname;
const MiB = 1024 * 1024;
const VALUE = 65_536;

/** Options of {@link benchCli}. */
export interface CliBenchOptions {
  /** 64 MiB instead of 1 GiB. */
  quick?: boolean;
  /** Size of the large file in MiB (overrides `quick`). */
  mib?: number;
}

/** Size of the file in between, when the large file is larger. */
const MID_BYTES = 64 * MiB;

/** Peak resident memory in bytes of the script (share, get) and of the server. */
export interface PeakRss {
  share: number;
  get: number;
  server: number;
}

/**
 * Where the CPU went while the script shared or got the large file, in CPU seconds: what shows
 * whether the cores or a serial step (KV's one SQLite writer) held it back.
 */
export interface TransferCpu {
  /** Wall time of the script, process start to exit. */
  seconds: number;
  /** The share script's process (user + system, polled while it ran). */
  script: number;
  /** The server's process: all threads. */
  server: number;
  /** The server's main thread (JavaScript, HTTP, every KV call). */
  serverMain: number;
  /** The server's Deno KV SQLite writer thread, which runs every commit in turn. */
  kvWriter: number;
  /** The whole machine, every process (user, system, steal). */
  machine: number;
  /**
   * Of `machine`, the seconds the host gave the machine's CPUs to other work (steal); absent in
   * results saved before it was measured.
   */
  steal?: number;
}

/** Result of {@link benchCli}. Rates are in bytes per second of file content. */
export interface CliBenchResult {
  /** Size of the large file in bytes. */
  bytes: number;
  /** `share.ts FILE`, process start to exit. */
  shareRate: number;
  /** `share.ts get LINK -o OUT`, process start to exit. */
  getRate: number;
  /** Raw KV ingest of the same bytes: 64 KiB values, atomic ops of 12, 4 in flight. */
  kvIngestRate: number;
  /** CPU seconds of KV's SQLite writer thread during that ingest. */
  kvIngestWriterCpu: number;
  /** Reading those values back with `list`. */
  kvReadRate: number;
  /** AES-256-GCM decryption of 64 KiB records, 8 in flight, over the same byte count. */
  aesDecryptRate: number;
  /** The server's ciphertext download alone (fetch and discard, no decryption). */
  serverDownloadRate: number;
  /** shareRate / kvIngestRate (target ≥ 0.9). */
  shareVsIngest: number;
  /** getRate / min(kvReadRate, aesDecryptRate) (target ≥ 0.8). */
  getVsLimit: number;
  /** CPU while sharing the large file. */
  shareCpu: TransferCpu | null;
  /** CPU while getting it. */
  getCpu: TransferCpu | null;
  /** Peak RSS for a 1 MiB file. */
  rssSmall: PeakRss;
  /** Peak RSS for a 64 MiB file, when the large file is larger (else null). */
  rssMid: PeakRss | null;
  /** Peak RSS for the large file. */
  rssLarge: PeakRss;
}

/**
 * Runs the bench and returns its figures.
 * @example
 * ```ts
 * import { benchCli } from "./cli.ts";
 * const r = await benchCli({ quick: true });
 * console.log(r.shareVsIngest);
 * ```
 */
export async function benchCli(options: CliBenchOptions = {}): Promise<CliBenchResult> {
  const bytes = (options.mib ?? (options.quick ? 64 : 1024)) * MiB;
  const dir = await Deno.makeTempDir({ prefix: "hushlink-bench-cli-" });
  try {
    const small = await writeRandomFile(`${dir}/small.bin`, MiB);
    const rssSmall = (await shareAndGet(dir, small, MiB)).rss;
    await Deno.remove(small);
    let rssMid: PeakRss | null = null;
    if (bytes > MID_BYTES) {
      const mid = await writeRandomFile(`${dir}/mid.bin`, MID_BYTES);
      rssMid = (await shareAndGet(dir, mid, MID_BYTES)).rss;
      await Deno.remove(mid);
    }
    const large = await writeRandomFile(`${dir}/large.bin`, bytes);
    const run = await shareAndGet(dir, large, bytes);
    const kv = await rawKv(`${dir}/raw.kv`, large);
    await Deno.remove(large);
    const aesDecryptRate = await aesDecrypt(bytes);
    return {
      bytes,
      shareRate: bytes / run.shareSeconds,
      getRate: bytes / run.getSeconds,
      kvIngestRate: kv.ingestRate,
      kvIngestWriterCpu: kv.writerCpu,
      kvReadRate: kv.readRate,
      aesDecryptRate,
      serverDownloadRate: bytes / run.downloadSeconds,
      shareVsIngest: bytes / run.shareSeconds / kv.ingestRate,
      getVsLimit: bytes / run.getSeconds / Math.min(kv.readRate, aesDecryptRate),
      shareCpu: run.shareCpu,
      getCpu: run.getCpu,
      rssSmall,
      rssMid,
      rssLarge: run.rss,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Writes `size` random-looking bytes (a random 4 MiB block, varied per block) to `path`.
 * @example
 * ```ts
 * import { writeRandomFile } from "./cli.ts";
 * const dir = await Deno.makeTempDir();
 * const file = await writeRandomFile(`${dir}/one.bin`, 1024 * 1024);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeRandomFile(path: string, size: number): Promise<string> {
  const block = new Uint8Array(4 * MiB);
  for (let off = 0; off < block.length; off += VALUE) {
    crypto.getRandomValues(block.subarray(off, off + VALUE));
  }
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    for (let off = 0, n = 0; off < size; off += block.length, n++) {
      block[0] = n & 0xff;
      block[1] = n >> 8;
      const piece = block.subarray(0, Math.min(block.length, size - off));
      for (let w = 0; w < piece.length;) w += await file.write(piece.subarray(w));
    }
  } finally {
    file.close();
  }
  return path;
}

/** Starts main.ts on a free port with its own KV file, shares `file`, gets it back, stops. */
async function shareAndGet(
  dir: string,
  file: string,
  size: number,
): Promise<{
  shareSeconds: number;
  getSeconds: number;
  downloadSeconds: number;
  rss: PeakRss;
  shareCpu: TransferCpu | null;
  getCpu: TransferCpu | null;
}> {
  // As `deno task start` runs it: its flags (V8's included) shape the memory figures.
  const server = await spawnServer({
    startTask: true,
    env: { MAX_SHARE_BYTES: String(4 * 1024 * MiB) },
  });
  try {
    const beforeShare = await processCpu(server.pid);
    const shared = await timed(["--quiet", "--server", server.origin, file]);
    const afterShare = await processCpu(server.pid);
    if (shared.code !== 0) throw new Error(`share.ts failed: ${shared.stderr}`);
    const link = shared.stdout.trim();
    const out = `${dir}/out-${size}.bin`;
    const got = await timed(["get", "--quiet", link, "-o", out]);
    const afterGet = await processCpu(server.pid);
    if (got.code !== 0) throw new Error(`share.ts get failed: ${got.stderr}`);
    const gotSize = (await Deno.stat(out)).size;
    if (gotSize !== size) throw new Error(`get wrote ${gotSize} bytes, expected ${size}`);
    await Deno.remove(out);
    const rss = { share: shared.peakRss, get: got.peakRss, server: peakRss(server.pid) };
    const downloadSeconds = await rawDownload(link);
    return {
      shareSeconds: shared.seconds,
      getSeconds: got.seconds,
      downloadSeconds,
      rss,
      shareCpu: transferCpu(shared, beforeShare, afterShare),
      getCpu: transferCpu(got, afterShare, afterGet),
    };
  } finally {
    await server.dispose();
  }
}

/** The CPU a script run and the server used between two samples of the server; null without /proc. */
function transferCpu(
  run: { seconds: number; cpu: number | null },
  before: CpuSample | null,
  after: CpuSample | null,
): TransferCpu | null {
  if (run.cpu === null || before === null || after === null) return null;
  return {
    seconds: run.seconds,
    script: run.cpu,
    server: after.total - before.total,
    serverMain: after.main - before.main,
    kvWriter: after.kvWriter - before.kvWriter,
    machine: after.machine - before.machine,
    steal: after.steal - before.steal,
  };
}

/** Seconds to fetch a share's ciphertext and throw it away: what the server can serve. */
async function rawDownload(link: string): Promise<number> {
  const { origin, id, secret } = parseLink(link);
  const { readToken } = await deriveKeys(secret);
  const start = performance.now();
  const res = await fetch(`${origin}/api/shares/${id}/content`, {
    headers: { authorization: `Bearer ${toBase64url(readToken)}` },
  });
  if (!res.ok) throw new Error(`download answered ${res.status}`);
  for await (const _ of res.body!) {
    // discard
  }
  return (performance.now() - start) / 1000;
}

/**
 * Runs share.ts with `args`; wall time (process start to exit), peak RSS polled from /proc while
 * it runs, and its CPU seconds (with this process's few meanwhile; null where there is no /proc).
 * @example
 * ```ts
 * import { timed } from "./cli.ts";
 * const run = await timed(["--help"]);
 * console.log(run.code, run.seconds);
 * ```
 */
export async function timed(
  args: string[],
): Promise<{
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  peakRss: number;
  cpu: number | null;
}> {
  const start = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--config", CONFIG, "-A", SCRIPT, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const cpuBefore = reapedCpu();
  let peak = 0;
  let running = true;
  let started = false;
  const polling = (async () => {
    while (running) {
      started ||= runsScript(child.pid);
      if (started) peak = Math.max(peak, peakRss(child.pid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const [status, stdout, stderr] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  const seconds = (performance.now() - start) / 1000;
  running = false;
  await polling;
  const cpuAfter = reapedCpu();
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return { code: status.code, stdout, stderr, seconds, peakRss: peak, cpu };
}

/** CPU seconds of this process and its reaped children (null without /proc). */
function reapedCpu(): number | null {
  try {
    return cpuSeconds(Deno.pid, true);
  } catch {
    return null;
  }
}

/**
 * Whether process `pid` runs share.ts yet: between fork and exec, a child's /proc entries show a
 * copy of its parent's memory (this bench's, hundreds of MiB), which is not the script's. (A full
 * bench once reported 814 MiB for the get of a 64 MiB file, about the bench's own size; 28 runs
 * since, with and without this check, gave 63–65 MiB.)
 */
function runsScript(pid: number): boolean {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0").includes(SCRIPT);
  } catch {
    return false;
  }
}

/** VmHWM of a process in bytes (0 when it is gone or /proc is missing). */
function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Raw KV: ingest `file` as 64 KiB values (atomic ops of 12, 4 in flight), then list it back, in a
 * KV file created as the server creates its own (lib/store/kv_file.ts).
 */
async function rawKv(
  path: string,
  file: string,
): Promise<{ ingestRate: number; writerCpu: number; readRate: number }> {
  const kv = await openKvFile(path);
  try {
    const source = await Deno.open(file, { read: true });
    const batch = 12 * VALUE;
    const inFlight = new Set<Promise<unknown>>();
    let total = 0;
    const cpuBefore = await processCpu(Deno.pid);
    const start = performance.now();
    try {
      for (let index = 0;; index += 12) {
        const buf = new Uint8Array(batch);
        let filled = 0;
        while (filled < batch) {
          const n = await source.read(buf.subarray(filled));
          if (n === null) break;
          filled += n;
        }
        if (filled === 0) break;
        total += filled;
        const op = kv.atomic();
        for (let i = 0; i * VALUE < filled; i++) {
          op.set(["chunk", index + i], buf.subarray(i * VALUE, Math.min(filled, (i + 1) * VALUE)));
        }
        const p = op.commit().finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= 4) await Promise.race(inFlight);
        if (filled < batch) break;
      }
      await Promise.all(inFlight);
    } finally {
      source.close();
    }
    const ingestRate = total / ((performance.now() - start) / 1000);
    const writerCpu = ((await processCpu(Deno.pid))?.kvWriter ?? NaN) -
      (cpuBefore?.kvWriter ?? NaN);
    const readStart = performance.now();
    let read = 0;
    for await (const entry of kv.list<Uint8Array>({ prefix: ["chunk"] }, { batchSize: 500 })) {
      read += entry.value.length;
    }
    if (read !== total) throw new Error(`KV read back ${read} of ${total} bytes`);
    return { ingestRate, writerCpu, readRate: read / ((performance.now() - readStart) / 1000) };
  } finally {
    kv.close();
    for (const suffix of ["", "-shm", "-wal"]) await Deno.remove(path + suffix).catch(() => {});
  }
}

/** AES-256-GCM decryption of `bytes` worth of 64 KiB records with 8 in flight. */
async function aesDecrypt(bytes: number): Promise<number> {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
    "encrypt",
    "decrypt",
  ]);
  const iv = new Uint8Array(12);
  const record = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv },
      key,
      crypto.getRandomValues(new Uint8Array(VALUE)),
    ),
  );
  const records = Math.ceil(bytes / VALUE);
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < records) {
      next++;
      await crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, record);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return bytes / ((performance.now() - start) / 1000);
}

/**
 * The cores a transfer had: the machine's, less those the host gave to other work meanwhile
 * (steal), which a virtual machine's processes could not use.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { availableCores } from "./cli.ts";
 * assert.equal(availableCores({ seconds: 10, steal: 5 }, 2), 1.5);
 * assert.equal(availableCores({ seconds: 10 }, 2), 2); // steal not measured
 * ```
 */
export function availableCores(c: Pick<TransferCpu, "seconds" | "steal">, cores: number): number {
  return Math.max(0.1, cores - (c.steal ?? 0) / c.seconds);
}

/**
 * Where a transfer's CPU went, in words: the script's and the server's CPU seconds (the server's
 * main thread and KV's writer apart), and how busy the machine's cores were meanwhile. With the
 * transfer's `bytes`, also the rate their CPU alone allows: the time it takes spread evenly over
 * the cores it had (the host's steal left out: {@link availableCores}), the best the transfer
 * could do on this machine without using less CPU.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeCpu } from "./cli.ts";
 * const cpu = { seconds: 10, script: 5, server: 8, serverMain: 4, kvWriter: 3.5, machine: 14 };
 * assert.equal(
 *   describeCpu(cpu, 2),
 *   "in its 10.0 s the script used 5.0 CPU s and the server 8.0 (its main thread 4.0, KV's " +
 *     "SQLite writer 3.5); the machine's 2 cores were 70 % busy",
 * );
 * assert.match(describeCpu(cpu, 2, 1e9), /; that CPU alone takes 6\.5 s of 2 cores: ≤ 154 MB\/s$/);
 * // A virtual machine whose host ran other work on its CPUs for 4 of those 20 core-seconds:
 * assert.match(
 *   describeCpu({ ...cpu, steal: 4 }, 2, 1e9),
 *   /70 % busy, 20 points of it the host's steal; that CPU alone takes 8\.1 s of the 1\.60 cores the host left: ≤ 123 MB\/s$/,
 * );
 * ```
 */
export function describeCpu(c: TransferCpu, cores: number, bytes?: number): string {
  const s = (x: number) => x.toFixed(1);
  const had = availableCores(c, cores);
  const floor = (c.script + c.server) / had;
  return `in its ${s(c.seconds)} s the script used ${s(c.script)} CPU s and the server ` +
    `${s(c.server)} (its main thread ${s(c.serverMain)}, KV's SQLite writer ${s(c.kvWriter)}); ` +
    `the machine's ${cores} cores were ${
      (100 * c.machine / (c.seconds * cores)).toFixed(0)
    } % busy` +
    ((c.steal ?? 0) / (c.seconds * cores) >= 0.01
      ? `, ${(100 * c.steal! / (c.seconds * cores)).toFixed(0)} points of it the host's steal`
      : "") +
    (bytes === undefined
      ? ""
      : `; that CPU alone takes ${s(floor)} s of ${
        cores - had < 0.01 ? `${cores} cores` : `the ${had.toFixed(2)} cores the host left`
      }: ≤ ${(bytes / floor / 1e6).toFixed(0)} MB/s`);
}

/**
 * Formats a result as the lines the bench prints.
 * @example
 * ```ts
 * import { benchCli, formatCliBench } from "./cli.ts";
 * console.log(formatCliBench(await benchCli({ quick: true })));
 * ```
 */
export function formatCliBench(r: CliBenchResult): string {
  const rate = (x: number) => `${(x / 1e6).toFixed(0)} MB/s`;
  const mib = (x: number) => `${(x / MiB).toFixed(0)} MiB`;
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
  const size = mib(r.bytes);
  const cores = navigator.hardwareConcurrency;
  const peaksOf = (who: keyof PeakRss) =>
    [r.rssSmall, r.rssMid, r.rssLarge].flatMap((x) => x ? [mib(x[who])] : []).join(" / ");
  return [
    `share script, ${size} file (absolute rates are machine-dependent):`,
    `  share ${rate(r.shareRate)}, raw KV ingest ${rate(r.kvIngestRate)}: ${
      pct(r.shareVsIngest)
    } (target ≥ 90 %)`,
    `  get ${rate(r.getRate)}, KV read ${rate(r.kvReadRate)}, AES-GCM decrypt ${
      rate(r.aesDecryptRate)
    }: ` +
    `${pct(r.getVsLimit)} of the slower (target ≥ 80 %); the server's bare download ` +
    `${rate(r.serverDownloadRate)}: ${pct(r.getRate / r.serverDownloadRate)}`,
    `  peak RSS 1 MiB${r.rssMid ? " / 64 MiB" : ""} / ${size}: ` +
    (["share", "get", "server"] as const).map((who) => `${who} ${peaksOf(who)}`).join(", ") +
    " (targets: share and get grow < 16 MiB and stay < 80 MiB; server ≤ 110 MiB)",
    ...(r.shareCpu ? [`  share: ${describeCpu(r.shareCpu, cores, r.bytes)}`] : []),
    ...(r.getCpu ? [`  get: ${describeCpu(r.getCpu, cores, r.bytes)}`] : []),
    `  raw KV ingest: KV's SQLite writer used ${r.kvIngestWriterCpu.toFixed(1)} CPU s`,
  ].join("\n");
}

if (import.meta.main) {
  const mibAt = Deno.args.indexOf("--mib");
  const result = await benchCli({
    quick: Deno.args.includes("--quick"),
    mib: mibAt >= 0 ? Number(Deno.args[mibAt + 1]) : undefined,
  });
  console.log(formatCliBench(result));
}
