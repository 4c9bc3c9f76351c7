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
 * const chunks = Math.ceil(size / CHUNK_SIZE);
 * ```
 */
export const CHUNK_SIZE = 65_536;
/**
 * Full chunks per atomic operation: 12 × 64 KiB plus keys stays under the 800 KiB op limit
 * (13 do not).
 * @example
 * ```ts
 * const ops = Math.ceil(chunks / CHUNKS_PER_OP);
 * ```
 */
export const CHUNKS_PER_OP = 12;
/**
 * Ciphertext up to this size lives inside the metadata record (one read, one write).
 * @example
 * ```ts
 * const inline = data.byteLength <= INLINE_MAX;
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
 * await kv.get<ShareRecord>(shareKey(id));
 * ```
 */
export function shareKey(id: string): Deno.KvKey {
  return ["share", id];
}

/**
 * Key of chunk `n` of a share.
 * @example
 * ```ts
 * await kv.get<Uint8Array>(chunkKey(id, 0));
 * ```
 */
export function chunkKey(id: string, n: number): Deno.KvKey {
  return ["chunk", id, n];
}

/**
 * Key of the marker written once upload part `index` is stored.
 * @example
 * ```ts
 * await kv.get<{ size: number }>(partKey(id, 0));
 * ```
 */
export function partKey(id: string, index: number): Deno.KvKey {
  return ["part", id, index];
}
