/**
 * Byte helpers: strict base64url, concatenation, big-endian integers and a chunk queue that cuts
 * a stream of arbitrary chunks into exact-length pieces without quadratic copying.
 *
 * @module
 */

import { EncodingError } from "./errors.ts";

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes as base64url without padding.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toBase64url } from "./bytes.ts";
 * assert(toBase64url(new Uint8Array([255, 254])) === "__4");
 * ```
 */
export function toBase64url(b: Uint8Array): string {
  return b.toBase64({ alphabet: "base64url", omitPadding: true });
}

/**
 * Decodes canonical unpadded base64url. Padding, whitespace, the standard alphabet's `+` `/`, an
 * impossible length or non-zero trailing bits are all rejected, so one byte string has exactly one
 * accepted spelling.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromBase64url } from "./bytes.ts";
 * assert.deepEqual(fromBase64url("__4"), new Uint8Array([255, 254]));
 * ```
 */
export function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  if (!BASE64URL.test(s)) {
    throw new EncodingError("not base64url: characters outside A-Z a-z 0-9 - _");
  }
  if (s.length % 4 === 1) throw new EncodingError("not base64url: impossible length");
  const bytes = Uint8Array.fromBase64(s, { alphabet: "base64url" });
  // Non-canonical spellings differ only in ignored trailing bits; re-encoding exposes them.
  if (toBase64url(bytes) !== s) throw new EncodingError("not base64url: non-canonical encoding");
  return bytes;
}

/**
 * The same bytes as an ArrayBuffer-backed view, which is what WebCrypto accepts: a view over a
 * SharedArrayBuffer is copied, any other view is returned as is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bufferSource } from "./bytes.ts";
 * const bytes: Uint8Array = new TextEncoder().encode("abc");
 * const digest = await crypto.subtle.digest("SHA-256", bufferSource(bytes));
 * assert(digest.byteLength === 32);
 * ```
 */
export function bufferSource(b: Uint8Array): Uint8Array<ArrayBuffer> {
  return b.buffer instanceof ArrayBuffer ? b as Uint8Array<ArrayBuffer> : new Uint8Array(b);
}

/**
 * Concatenates byte arrays into a new array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concatBytes } from "./bytes.ts";
 * assert.deepEqual(concatBytes([new Uint8Array([1]), new Uint8Array([2, 3])]), new Uint8Array([1, 2, 3]));
 * ```
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Writes `value` (0 ≤ value < 2^32) big-endian into 4 new bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { u32be } from "./bytes.ts";
 * assert.deepEqual(u32be(65536), new Uint8Array([0, 1, 0, 0]));
 * ```
 */
export function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/**
 * Reads a big-endian u32 at `offset`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readU32be } from "./bytes.ts";
 * assert(readU32be(new Uint8Array([0, 1, 0, 0]), 0) === 65536);
 * ```
 */
export function readU32be(b: Uint8Array, offset: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(offset);
}

/**
 * Constant-time-ish equality of two byte arrays (no early exit on the first difference).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bytesEqual } from "./bytes.ts";
 * assert(bytesEqual(new Uint8Array([1]), new Uint8Array([1])));
 * assert(!bytesEqual(new Uint8Array([1]), new Uint8Array([1, 2])));
 * ```
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * Frees the memory behind `bytes` now rather than at V8's next full collection: detaches its
 * ArrayBuffer, so every view of it reads as empty from then on. V8 collects dead ArrayBuffers
 * only once some 64 MiB of them accumulated, which is what made a process streaming a large share
 * grow with it. Only for a buffer nothing reads afterwards; a SharedArrayBuffer, a buffer already
 * detached, or a platform without `ArrayBuffer.prototype.transfer` leaves it as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { freeBuffer } from "./bytes.ts";
 * const chunk = new Uint8Array(65_536);
 * freeBuffer(chunk);
 * assert.equal(chunk.length, 0);
 * ```
 */
export function freeBuffer(bytes: Uint8Array): void {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && !buffer.detached && typeof buffer.transfer === "function") {
    buffer.transfer(0);
  }
}

/**
 * Buffers of one size lent out for a piece of asynchronous work and reused once it settled, so a
 * long stream of records fills a few buffers instead of allocating one per record.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReusedBuffers } from "./bytes.ts";
 * const buffers = new ReusedBuffers(16);
 * const digest = await buffers.lend(3, (bytes) => {
 *   bytes.set([1, 2, 3]);
 *   return crypto.subtle.digest("SHA-256", bytes);
 * });
 * assert.equal(digest.byteLength, 32);
 * ```
 */
export class ReusedBuffers {
  readonly #size: number;
  readonly #free: Uint8Array<ArrayBuffer>[] = [];

  /** Buffers of `size` bytes. */
  constructor(size: number) {
    this.#size = size;
  }

  /**
   * Runs `work` with the first `length` bytes (at most the size) of a buffer, which goes back for
   * reuse once the promise `work` returns settled.
   */
  lend<T>(length: number, work: (bytes: Uint8Array<ArrayBuffer>) => Promise<T>): Promise<T> {
    const buffer = this.#free.pop() ?? new Uint8Array(this.#size);
    return work(buffer.subarray(0, length)).finally(() => this.#free.push(buffer));
  }
}

/**
 * A FIFO of byte chunks from which exact-length pieces are taken. Pieces that lie inside one
 * queued chunk are returned by {@link take} as zero-copy views; only pieces spanning chunks are
 * copied. {@link takeInto} copies into the caller's buffer instead, so that a queue built with
 * `onSpent` may free each chunk as soon as its last byte is taken.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteQueue } from "./bytes.ts";
 * const q = new ByteQueue();
 * q.push(new Uint8Array([1, 2, 3]));
 * assert.deepEqual(q.take(2), new Uint8Array([1, 2]));
 * assert.equal(q.length, 1);
 * ```
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  #head = 0; // bytes of #chunks[0] already taken
  #length = 0;
  readonly #onSpent: ((chunk: Uint8Array) => void) | undefined;

  /**
   * A queue that calls `onSpent` with each chunk once its last byte is taken. A piece returned by
   * {@link take} may still view that chunk, so free it there only when taking with
   * {@link takeInto}.
   */
  constructor(onSpent?: (chunk: Uint8Array) => void) {
    this.#onSpent = onSpent;
  }

  /** Number of queued bytes. */
  get length(): number {
    return this.#length;
  }

  /** Appends a chunk (kept by reference, not copied). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Removes and returns the first `n` bytes; `n` must not exceed {@link length}. */
  take(n: number): Uint8Array {
    const first = this.#chunks[0];
    if (first === undefined || first.length - this.#head < n) {
      return this.takeInto(new Uint8Array(n));
    }
    this.#length -= n;
    const piece = first.subarray(this.#head, this.#head + n);
    this.#advance(first, n);
    return piece;
  }

  /**
   * Removes and returns between 1 and `max` bytes (none when empty) without copying: at most the
   * rest of the first queued chunk.
   */
  takeUpTo(max: number): Uint8Array {
    const first = this.#chunks[0];
    if (first === undefined) return new Uint8Array(0);
    return this.take(Math.min(max, first.length - this.#head));
  }

  /**
   * Removes the first `target.length` bytes into `target` (no more than {@link length}) and
   * returns it.
   */
  takeInto<T extends Uint8Array>(target: T): T {
    const n = target.length;
    if (n > this.#length) throw new RangeError(`take(${n}) with only ${this.#length} bytes queued`);
    this.#length -= n;
    for (let at = 0; at < n;) {
      const chunk = this.#chunks[0];
      const count = Math.min(n - at, chunk.length - this.#head);
      target.set(chunk.subarray(this.#head, this.#head + count), at);
      at += count;
      this.#advance(chunk, count);
    }
    return target;
  }

  #advance(chunk: Uint8Array, count: number): void {
    this.#head += count;
    if (this.#head === chunk.length) {
      this.#chunks.shift();
      this.#head = 0;
      this.#onSpent?.(chunk);
    }
  }
}
