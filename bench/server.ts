/**
 * Storage bench: what Deno KV itself allows on this machine, the denominator of the server's and
 * the share script's ratios — raw ingest of 64 KiB values in atomic operations of 12 with 4 in
 * flight (how the store writes chunks), and raw read-back with `list`, in a temp KV file created
 * as the server creates its own (lib/store/kv_file.ts: 16 KiB SQLite pages). The
 * API itself is measured under load by bench/load.ts.
 *
 * Standalone: `deno run -A bench/server.ts [--quick]` (256 MiB; 32 MiB with --quick).
 * @module
 */

import { openKvFile } from "../lib/store/kv_file.ts";

const MiB = 1024 * 1024;
const VALUE = 65_536;
const PER_OP = 12;
const IN_FLIGHT = 4;

/** Options of {@link benchServer}. */
export interface ServerBenchOptions {
  /** 32 MiB of KV data instead of 256 MiB. */
  quick?: boolean;
  /** MiB written and read (overrides `quick`). */
  mib?: number;
}

/** Result of {@link benchServer}. Rates are bytes per second. */
export interface ServerBenchResult {
  kvBytes: number;
  kvIngestRate: number;
  kvReadRate: number;
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
 * import { benchKv } from "./server.ts";
 * const { ingestRate, readRate } = await benchKv(64);
 * ```
 */
export async function benchKv(
  mib: number,
): Promise<{ bytes: number; ingestRate: number; readRate: number }> {
  const dir = await Deno.makeTempDir({ prefix: "hushlink-bench-kv-" });
  const kv = await openKvFile(`${dir}/bench.kv`);
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

/**
 * Runs the raw KV measurement.
 * @example
 * ```ts
 * import { benchServer, formatServerBench } from "./server.ts";
 * console.log(formatServerBench(await benchServer({ quick: true })));
 * ```
 */
export async function benchServer(options: ServerBenchOptions = {}): Promise<ServerBenchResult> {
  const kv = await benchKv(options.mib ?? (options.quick ? 32 : 256));
  return { kvBytes: kv.bytes, kvIngestRate: kv.ingestRate, kvReadRate: kv.readRate };
}

/**
 * Formats a {@link ServerBenchResult} as the line the bench prints.
 * @example
 * ```ts
 * import { formatServerBench, type ServerBenchResult } from "./server.ts";
 * declare const result: ServerBenchResult; // from benchServer()
 * console.log(formatServerBench(result));
 * ```
 */
export function formatServerBench(r: ServerBenchResult): string {
  const rate = (x: number) => `${(x / 1e6).toFixed(0)} MB/s`;
  return `raw KV (machine-dependent), ${(r.kvBytes / MiB).toFixed(0)} MiB of 64 KiB values: ` +
    `ingest ${rate(r.kvIngestRate)} (atomic ops of ${PER_OP}, ${IN_FLIGHT} in flight), ` +
    `read ${rate(r.kvReadRate)}`;
}

if (import.meta.main) {
  console.log(formatServerBench(await benchServer({ quick: Deno.args.includes("--quick") })));
}
