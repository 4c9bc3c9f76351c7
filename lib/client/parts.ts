/**
 * Cuts a byte stream into fixed-size parts, one part buffered at a time, and says which part is
 * the last one without waiting for a further part (it reads one chunk ahead).
 * @module
 */

import { freeBuffer } from "../crypto/mod.ts";

/** One part of the stream. */
export interface Part {
  /** 0-based position. */
  index: number;
  /** The part's bytes: exactly the part size, except for the last part. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Whether the stream ends with this part. */
  last: boolean;
}

/** Options of {@link partsOf}. */
export interface PartsOptions {
  /**
   * Buffers full parts are cut into when it has one (the caller puts buffers back once it is done
   * with a part), so a long stream reuses a few buffers instead of leaving garbage.
   */
  free?: Uint8Array<ArrayBuffer>[];
  /**
   * The stream's chunks are the parts' alone, each with an ArrayBuffer of its own (as
   * encryptStream's output is): each is freed ({@link freeBuffer}) once copied into a part,
   * rather than left for the garbage collector.
   */
  freeChunks?: boolean;
}

/**
 * Yields `stream` as parts of `partSize` bytes. An empty stream yields one empty last part.
 * Cancelling the iteration cancels the stream.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { partsOf } from "./parts.ts";
 * const ciphertext = new Blob([new Uint8Array(10)]).stream();
 * const sizes: number[] = [];
 * const free: Uint8Array<ArrayBuffer>[] = [];
 * for await (const part of partsOf(ciphertext, 4, { free })) {
 *   sizes.push(part.bytes.length); // send(part.bytes) here
 *   free.push(part.bytes); // done with the buffer: the next part may reuse it
 * }
 * assert(sizes.join() === "4,4,2");
 * ```
 */
export async function* partsOf(
  stream: ReadableStream<Uint8Array>,
  partSize: number,
  options: PartsOptions = {},
): AsyncGenerator<Part> {
  const free = options.free ?? [];
  const reader = stream.getReader();
  let carry: Uint8Array | null = null;
  let done = false;
  let index = 0;
  try {
    while (true) {
      const bytes = free.pop() ?? new Uint8Array(partSize);
      let filled = 0;
      while (filled < partSize) {
        if (carry === null) {
          const r = await reader.read();
          if (r.done) {
            done = true;
            break;
          }
          carry = r.value;
        }
        const n = Math.min(carry.length, partSize - filled);
        bytes.set(carry.subarray(0, n), filled);
        filled += n;
        if (n < carry.length) {
          carry = carry.subarray(n);
        } else {
          if (options.freeChunks) freeBuffer(carry);
          carry = null;
        }
      }
      // Read one chunk ahead so that a stream ending exactly on a part boundary still marks the
      // part as last (the single-request upload depends on knowing this early).
      while (!done && carry === null) {
        const r = await reader.read();
        if (r.done) done = true;
        else if (r.value.length > 0) carry = r.value;
      }
      const last = done && carry === null;
      yield { index: index++, bytes: filled === partSize ? bytes : bytes.slice(0, filled), last };
      if (last) return;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
