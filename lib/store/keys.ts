/**
 * The KV layout of a share: one metadata record plus ciphertext chunks, and upload bookkeeping.
 *
 * - `["share", id]` → the share record (lib/store/record.ts)
 * - `["chunk", id, n]` → `Uint8Array` of at most {@link CHUNK_SIZE} bytes (byte offset n × CHUNK_SIZE)
 * - `["part", id, index]` → `{ size }` once an upload part is fully written
 *
 * Small shares keep their ciphertext inside the share record itself (`data`), so creating and
 * reading them is one KV operation each.
 * @module
 */

/**
 * Largest KV value, and so the size of every chunk but a share's last.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CHUNK_SIZE } from "./keys.ts";
 * const size = 4_194_304; // one full part
 * assert(Math.ceil(size / CHUNK_SIZE) === 64);
 * ```
 */
export const CHUNK_SIZE = 65_536;
/**
 * Full chunks per atomic operation: 12 × 64 KiB plus keys stays under the 800 KiB op limit
 * (13 do not).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CHUNKS_PER_OP } from "./keys.ts";
 * const chunks = 64;
 * assert(Math.ceil(chunks / CHUNKS_PER_OP) === 6); // atomic operations to write them
 * ```
 */
export const CHUNKS_PER_OP = 12;
/**
 * Ciphertext up to this size lives inside the metadata record (one read, one write).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INLINE_MAX } from "./keys.ts";
 * const data = new Uint8Array(1000);
 * assert(data.byteLength <= INLINE_MAX); // stored in the share record itself
 * ```
 */
export const INLINE_MAX = 32_768;

/** Public key-derivation parameters of a password share (base64url salt). */
export interface KdfParams {
  /** base64url of the 16-byte PBKDF2 salt. */
  salt: string;
  /** PBKDF2 iterations. */
  iterations: number;
}

/**
 * Key of a share's metadata.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shareKey } from "./keys.ts";
 * import type { ShareRecord } from "./record.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const entry = await kv.get<ShareRecord>(shareKey("q3Xh0s5c9m1Jd0l5bY2Vtw"));
 * assert(entry.value === null);
 * ```
 */
export function shareKey(id: string): Deno.KvKey {
  return ["share", id];
}

/**
 * Key of chunk `n` of a share.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chunkKey } from "./keys.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const entry = await kv.get<Uint8Array>(chunkKey("q3Xh0s5c9m1Jd0l5bY2Vtw", 0));
 * assert(entry.value === null);
 * ```
 */
export function chunkKey(id: string, n: number): Deno.KvKey {
  return ["chunk", id, n];
}

/**
 * Key of the marker written once upload part `index` is stored.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { partKey } from "./keys.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const entry = await kv.get<{ size: number }>(partKey("q3Xh0s5c9m1Jd0l5bY2Vtw", 0));
 * assert(entry.value === null);
 * ```
 */
export function partKey(id: string, index: number): Deno.KvKey {
  return ["part", id, index];
}
