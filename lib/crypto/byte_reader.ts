/**
 * Reading a byte stream by exact lengths, for parsing the plaintext package.
 *
 * @module
 */

import { ByteQueue, freeBuffer } from "./bytes.ts";

/** Options of {@link ByteReader}. */
export interface ByteReaderOptions {
  /**
   * The stream's chunks are the reader's alone, each with an ArrayBuffer of its own: a chunk that
   * {@link ByteReader.skip} discards whole is freed ({@link freeBuffer}) at once.
   */
  freeSkipped?: boolean;
}

/**
 * Wraps a ReadableStream so it can be read by exact lengths or in bounded pieces.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteReader } from "./byte_reader.ts";
 * const r = new ByteReader(new Blob([new Uint8Array([0, 0, 0, 2, 7, 8])]).stream());
 * assert.deepEqual(await r.readExact(4), new Uint8Array([0, 0, 0, 2]));
 * assert.equal(await r.skip(Infinity), 2);
 * assert.equal(await r.readExact(1), null); // the stream has ended
 * ```
 */
export class ByteReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #queue = new ByteQueue();
  #ended = false;
  readonly #freeSkipped: boolean;

  /** Locks `stream` for reading. */
  constructor(stream: ReadableStream<Uint8Array>, options: ByteReaderOptions = {}) {
    this.#reader = stream.getReader();
    this.#freeSkipped = options.freeSkipped ?? false;
  }

  async #fill(n: number): Promise<void> {
    while (this.#queue.length < n && !this.#ended) {
      const r = await this.#reader.read();
      if (r.done) this.#ended = true;
      else this.#queue.push(r.value);
    }
  }

  /** Exactly `n` bytes, or null when the stream ends first (the bytes read stay consumed). */
  async readExact(n: number): Promise<Uint8Array | null> {
    await this.#fill(n);
    if (this.#queue.length < n) return null;
    return this.#queue.take(n);
  }

  /**
   * Between 1 and `max` bytes, or null at the end of the stream. Never copies: the bytes are a
   * view of one chunk of the stream, and the piece that ends a chunk is the last handed out of it.
   */
  async readUpTo(max: number): Promise<Uint8Array | null> {
    await this.#fill(1);
    if (this.#queue.length === 0) return null;
    return this.#queue.takeUpTo(max);
  }

  /** Discards up to `n` bytes (Infinity: to the end); returns how many were discarded. */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      const piece = await this.readUpTo(Math.min(n - skipped, 1 << 20));
      if (piece === null) break;
      skipped += piece.length;
      // A whole chunk: no view of it went anywhere else.
      if (this.#freeSkipped && piece.byteOffset === 0 && piece.length === piece.buffer.byteLength) {
        freeBuffer(piece);
      }
    }
    return skipped;
  }

  /** Cancels the underlying stream. */
  async cancel(reason?: unknown): Promise<void> {
    await this.#reader.cancel(reason);
  }
}
