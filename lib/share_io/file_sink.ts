/**
 * Writing a stream of small chunks to a file in large writes: a share's files arrive in pieces of
 * up to 64 KiB, and `FsFile.writable` makes one write call per piece, each awaited before the
 * next piece is read — for a 1 GiB share, 16,384 round trips to the file system in series with
 * decryption.
 * @module
 */

import { freeBuffer } from "../crypto/mod.ts";

/** Bytes gathered before a write call. */
const WRITE_SIZE = 1024 * 1024;

/** Options of {@link fileSink}. */
export interface FileSinkOptions {
  /**
   * Chunks are the sink's once written, and come in the order their buffers were filled (as
   * lib/crypto's `unpack` hands out a decrypted record's bytes): the buffer behind a chunk that
   * ends it is freed ({@link freeBuffer}) as soon as that chunk is copied, rather than left for
   * the garbage collector.
   */
  freeChunks?: boolean;
}

/**
 * A WritableStream that writes its chunks to `file` in writes of 1 MiB, gathered in two buffers
 * that take turns: one is written while the other fills. Closing (or aborting) the stream closes
 * the file.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileSink } from "./file_sink.ts";
 * const path = await Deno.makeTempFile();
 * const file = await Deno.open(path, { write: true });
 * await ReadableStream.from([new Uint8Array([1, 2]), new Uint8Array([3])]).pipeTo(fileSink(file));
 * assert.deepEqual(await Deno.readFile(path), new Uint8Array([1, 2, 3]));
 * await Deno.remove(path);
 * ```
 */
export function fileSink(
  file: Deno.FsFile,
  options: FileSinkOptions = {},
): WritableStream<Uint8Array> {
  let filling = new Uint8Array(WRITE_SIZE);
  let spare = new Uint8Array(WRITE_SIZE);
  let filled = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    const full = filling.subarray(0, filled);
    [filling, spare] = [spare, filling];
    filled = 0;
    writing = writeAll(file, full);
    writing.catch(() => {}); // surfaced by the next flush, or by close
  };
  const closeFile = () => {
    try {
      file.close();
    } catch {
      // already closed
    }
  };
  return new WritableStream<Uint8Array>({
    async write(chunk) {
      for (let at = 0; at < chunk.length;) {
        const count = Math.min(chunk.length - at, WRITE_SIZE - filled);
        filling.set(chunk.subarray(at, at + count), filled);
        filled += count;
        at += count;
        if (filled === WRITE_SIZE) await flush();
      }
      if (options.freeChunks && chunk.byteOffset + chunk.byteLength === chunk.buffer.byteLength) {
        freeBuffer(chunk);
      }
    },
    async close() {
      try {
        if (filled > 0) await flush();
        await writing;
      } finally {
        closeFile();
      }
    },
    async abort() {
      await writing.catch(() => {});
      closeFile();
    },
  });
}

/** Writes all of `bytes` (a write call may take fewer). */
async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
}
