/**
 * Server bench: what Deno KV itself allows on this machine (raw ingest of 64 KiB values in atomic
 * operations of 12 with several in flight, and raw read-back), and what the API does with small
 * (1 KiB) shares — creates and reads per second with 50 concurrent clients, p50/p99 latency —
 * against main.ts running in its own process on a free port (so client and server each get a core).
 *
 * Standalone: `deno run -A bench/server.ts [--quick]`.
 * @module
 */

const ROOT = new URL("../", import.meta.url);
const CONFIG = new URL("deno.json", ROOT).pathname;
const MAIN = new URL("main.ts", ROOT).pathname;
const MiB = 1024 * 1024;
const VALUE = 65_536;
const PER_OP = 12;
const IN_FLIGHT = 4;

/** Options of {@link benchServer}. */
export interface ServerBenchOptions {
  /** Shorter runs: 32 MiB of KV data and 2 s per throughput phase. */
  quick?: boolean;
  /** MiB written and read in the raw KV measurement (overrides `quick`). */
  mib?: number;
  /** Seconds per throughput phase (overrides `quick`). */
  seconds?: number;
  /** Concurrent clients (default 50). */
  concurrency?: number;
}

/** Requests per second and latency percentiles (milliseconds) of one phase. */
export interface Throughput {
  perSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses that were not the expected status. */
  errors: number;
}

/** Result of {@link benchServer}. Rates are bytes per second. */
export interface ServerBenchResult {
  kvBytes: number;
  kvIngestRate: number;
  kvReadRate: number;
  concurrency: number;
  create: Throughput;
  read: Throughput;
  /** A 64 MiB share through the API, and the server's peak RSS after 1 MiB vs after it. */
  large: {
    bytes: number;
    uploadRate: number;
    downloadRate: number;
    rssSmall: number;
    rssLarge: number;
  };
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += VALUE) crypto.getRandomValues(out.subarray(i, i + VALUE));
  return out;
}

/**
 * Raw KV ingest and read-back of `mib` MiB as 64 KiB values in a temp KV file.
 * @example
 * ```ts
 * const { ingestRate, readRate } = await benchKv(64);
 * ```
 */
export async function benchKv(
  mib: number,
): Promise<{ bytes: number; ingestRate: number; readRate: number }> {
  const dir = await Deno.makeTempDir({ prefix: "hushlink-bench-kv-" });
  const kv = await Deno.openKv(`${dir}/bench.kv`);
  try {
    const value = randomBytes(VALUE);
    const count = mib * (MiB / VALUE);
    const ingestStart = performance.now();
    const inFlight: Promise<unknown>[] = [];
    for (let n = 0; n < count; n += PER_OP) {
      const op = kv.atomic();
      for (let k = n; k < Math.min(n + PER_OP, count); k++) op.set(["chunk", "bench", k], value);
      inFlight.push(op.commit());
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    const readStart = performance.now();
    let read = 0;
    for await (
      const entry of kv.list<Uint8Array>({ prefix: ["chunk", "bench"] }, { batchSize: 100 })
    ) {
      read += entry.value.byteLength;
    }
    const readSeconds = (performance.now() - readStart) / 1000;
    const bytes = count * VALUE;
    if (read !== bytes) throw new Error(`read back ${read} of ${bytes} bytes`);
    return { bytes, ingestRate: bytes / ingestSeconds, readRate: bytes / readSeconds };
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** A main.ts process serving on a free port. */
interface BenchServer {
  origin: string;
  /** Peak resident memory (VmHWM) of the server process so far, in bytes. */
  peakRss(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts main.ts on a free port with a temp KV; resolves once /api/health answers. */
async function startServer(): Promise<BenchServer> {
  const dir = await Deno.makeTempDir({ prefix: "hushlink-bench-server-" });
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--config", CONFIG, "-A", MAIN],
    env: {
      PORT: String(port),
      KV_PATH: `${dir}/bench.kv`,
      RATE_LIMIT_CREATES: "0",
      RATE_LIMIT_FAILURES: "0",
    },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0;; i++) {
    try {
      const res = await fetch(`${origin}/api/health`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      if (i > 200) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    origin,
    async peakRss() {
      const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Runs `request` from `concurrency` clients for `seconds`; each returns true when it succeeded. */
async function hammer(
  concurrency: number,
  seconds: number,
  request: (i: number) => Promise<boolean>,
): Promise<Throughput> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const ok = await request(next++);
      latencies.push(performance.now() - t);
      if (!ok) errors++;
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    requests: latencies.length,
    errors,
  };
}

/**
 * Small-share throughput: creates of 1 KiB shares (one request each, data inline), then reads of
 * them with the read token (one request each), from `concurrency` clients.
 * @example
 * ```ts
 * const { create, read } = await benchSmallShares(50, 3);
 * ```
 */
export async function benchSmallShares(
  concurrency: number,
  seconds: number,
): Promise<{ create: Throughput; read: Throughput }> {
  const server = await startServer();
  try {
    const token = crypto.getRandomValues(new Uint8Array(32));
    const readTokenHash = new Uint8Array(await crypto.subtle.digest("SHA-256", token))
      .toBase64({ alphabet: "base64url", omitPadding: true });
    const authorization = `Bearer ${token.toBase64({ alphabet: "base64url", omitPadding: true })}`;
    const body = JSON.stringify({
      readTokenHash,
      expiresIn: 3600,
      data: randomBytes(1024).toBase64({ alphabet: "base64url", omitPadding: true }),
    });
    const ids: string[] = [];
    const create = await hammer(concurrency, seconds, async () => {
      const res = await fetch(`${server.origin}/api/shares`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      });
      if (res.status !== 201) {
        await res.body?.cancel();
        return false;
      }
      ids.push((await res.json()).id);
      return true;
    });
    if (ids.length === 0) throw new Error("no share was created");
    const read = await hammer(concurrency, seconds, async (i) => {
      const res = await fetch(`${server.origin}/api/shares/${ids[i % ids.length]}/content`, {
        headers: { Authorization: authorization },
      });
      const bytes = await res.bytes();
      return res.status === 200 && bytes.byteLength === 1024;
    });
    return { create, read };
  } finally {
    await server.stop();
  }
}

/** Uploads `bytes` as a share in parts (4 in flight) and downloads it once; returns both rates. */
async function roundTrip(
  origin: string,
  bytes: number,
): Promise<{ upload: number; download: number }> {
  const token = crypto.getRandomValues(new Uint8Array(32));
  const readTokenHash = new Uint8Array(await crypto.subtle.digest("SHA-256", token))
    .toBase64({ alphabet: "base64url", omitPadding: true });
  const res = await fetch(`${origin}/api/shares`, {
    method: "POST",
    body: JSON.stringify({ readTokenHash, size: bytes, views: 1 }),
  });
  const share = await res.json();
  const part = randomBytes(share.partSize);
  const parts = Math.ceil(bytes / share.partSize);
  const uploadStart = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < parts) {
      const i = next++;
      const size = Math.min(share.partSize, bytes - i * share.partSize);
      const put = await fetch(`${origin}/api/shares/${share.id}/parts/${i}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${share.writeToken}` },
        body: part.subarray(0, size),
      });
      if (!put.ok) throw new Error(`part ${i}: ${put.status} ${await put.text()}`);
      await put.body?.cancel();
    }
  }));
  const done = await fetch(`${origin}/api/shares/${share.id}/complete`, {
    method: "POST",
    headers: { Authorization: `Bearer ${share.writeToken}` },
    body: "{}",
  });
  if (!done.ok) throw new Error(`complete: ${done.status} ${await done.text()}`);
  const upload = bytes / ((performance.now() - uploadStart) / 1000);
  const downloadStart = performance.now();
  const get = await fetch(`${origin}/api/shares/${share.id}/content`, {
    headers: {
      Authorization: `Bearer ${token.toBase64({ alphabet: "base64url", omitPadding: true })}`,
    },
  });
  let received = 0;
  for await (const chunk of get.body!) received += chunk.byteLength;
  if (received !== bytes) throw new Error(`downloaded ${received} of ${bytes} bytes`);
  return { upload, download: bytes / ((performance.now() - downloadStart) / 1000) };
}

/**
 * A large share through the API (parts up, one streamed download) and the server's peak RSS after
 * a 1 MiB share versus after the large one: streaming keeps it flat.
 * @example
 * ```ts
 * const { rssSmall, rssLarge } = await benchLargeShare(64);
 * ```
 */
export async function benchLargeShare(
  mib: number,
): Promise<
  { bytes: number; uploadRate: number; downloadRate: number; rssSmall: number; rssLarge: number }
> {
  const server = await startServer();
  try {
    await roundTrip(server.origin, MiB);
    const rssSmall = await server.peakRss();
    const { upload, download } = await roundTrip(server.origin, mib * MiB);
    return {
      bytes: mib * MiB,
      uploadRate: upload,
      downloadRate: download,
      rssSmall,
      rssLarge: await server.peakRss(),
    };
  } finally {
    await server.stop();
  }
}

/**
 * Runs every server measurement.
 * @example
 * ```ts
 * console.log(formatServerBench(await benchServer({ quick: true })));
 * ```
 */
export async function benchServer(options: ServerBenchOptions = {}): Promise<ServerBenchResult> {
  const mib = options.mib ?? (options.quick ? 32 : 256);
  const seconds = options.seconds ?? (options.quick ? 2 : 5);
  const concurrency = options.concurrency ?? 50;
  const kv = await benchKv(mib);
  const { create, read } = await benchSmallShares(concurrency, seconds);
  const large = await benchLargeShare(64);
  return {
    large,
    kvBytes: kv.bytes,
    kvIngestRate: kv.ingestRate,
    kvReadRate: kv.readRate,
    concurrency,
    create,
    read,
  };
}

/**
 * Formats a {@link ServerBenchResult} as a table.
 * @example
 * ```ts
 * console.log(formatServerBench(result));
 * ```
 */
export function formatServerBench(r: ServerBenchResult): string {
  const rate = (x: number) => `${(x / 1e6).toFixed(0)} MB/s`;
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const row = (name: string, t: Throughput, target: number) =>
    `| ${name} | ${t.perSecond.toFixed(0)}/s | ${ms(t.p50)} | ${
      ms(t.p99)
    } | ${t.errors} | ≥ ${target}/s, p99 < 50 ms |`;
  return [
    `server (absolute rates are machine-dependent):`,
    `  raw KV, ${(r.kvBytes / MiB).toFixed(0)} MiB of 64 KiB values: ingest ${
      rate(r.kvIngestRate)
    } ` +
    `(atomic ops of ${PER_OP}, ${IN_FLIGHT} in flight), read ${rate(r.kvReadRate)}`,
    "",
    `| 1 KiB shares, ${r.concurrency} clients | rate | p50 | p99 | errors | target |`,
    "| --- | --- | --- | --- | --- | --- |",
    row("create (one request)", r.create, 4500),
    row("read (one request)", r.read, 5000),
    "",
    `  ${(r.large.bytes / MiB).toFixed(0)} MiB share through the API: upload in parts ` +
    `${rate(r.large.uploadRate)}, streamed download ${
      rate(r.large.downloadRate)
    }; server peak RSS ` +
    `${(r.large.rssSmall / MiB).toFixed(0)} MiB after 1 MiB vs ${
      (r.large.rssLarge / MiB).toFixed(0)
    } MiB ` +
    `after it (flat = within 32 MiB)`,
  ].join("\n");
}

if (import.meta.main) {
  console.log(formatServerBench(await benchServer({ quick: Deno.args.includes("--quick") })));
}
