/**
 * Keeps the server's memory from growing with the bytes it moves. V8 frees an ArrayBuffer's
 * memory only when a collection finds its object dead, and a download makes such garbage fast:
 * each 64 KiB KV value is dead once written to the socket, while the small objects whose
 * allocation makes V8 collect pile up far more slowly. V8's own safeguard collects once ~64 MiB of
 * such memory accumulated. An upload leaves few dead buffers (its chunk buffers are reused), but
 * the small objects of its reads and commits, made at its rate, grow V8's young generation to its
 * largest. A young-generation collection after every few MiB moved, either way, avoids both.
 *
 * This needs `--v8-flags=--expose-gc`, which the start task sets; without it (Deno Deploy takes
 * no flags) V8's own schedule applies. (A flag set at run time through `node:v8` gives a `gc`
 * that always collects everything: measured 2026-12-02, 2–5 s more CPU per GiB at one call per
 * 16–32 MiB, so it is not used.)
 *
 * Measured 2026-12-02 on 2 cores, server peak RSS during a 1 GiB get: 213 MiB with V8's defaults,
 * 101 MiB with these collections. Before, the server ran with 1 MiB semi-spaces instead (120 MiB
 * for the same get), which made every small request pay for frequent collections: 1 KiB reads
 * ran ~15 % slower and used ~12 % more CPU than with V8's default young generation. Measured
 * 2026-12-03 (a 1 GiB share-script share, then its get; three runs each): peak 107 MiB with a
 * collection every 4 MiB stored as well, 111–117 without (every 16 MiB: 110–115), the server's
 * CPU for the upload the same within the noise.
 * @module
 */

/** Bytes of spent buffers between two collections. */
export const COLLECT_EVERY = 4 * 1024 * 1024;

type Collect = (options: { type: "minor" | "major" }) => void;
const collect = (globalThis as { gc?: Collect }).gc;
let since = 0;

/**
 * Counts `bytes` moved (sent from KV, or stored to it) and, past {@link COLLECT_EVERY} of them
 * since the last time, has V8 collect its young generation, where the spent buffers and the
 * transfer's small objects died. Does nothing more when the process runs without `--expose-gc`.
 * One count per thread: transfers side by side share the collections.
 * @example
 * ```ts
 * import { COLLECT_EVERY, spent } from "./garbage.ts";
 * spent(COLLECT_EVERY); // collects now if `gc` is exposed; else nothing happens
 * ```
 */
export function spent(bytes: number): void {
  since += bytes;
  if (since < COLLECT_EVERY) return;
  since = 0;
  collect?.({ type: "minor" });
}
