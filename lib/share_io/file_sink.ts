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
  /**
   * The bytes the file will get, when known: a small file gathers in a buffer of its size, not
   * 1 MiB (a share of thousands of small files would otherwise allocate 2 MiB per file).
   */
  size?: number | null;
}

/**
 * A WritableStream that writes its chunks to `file` in writes of 1 MiB, gathered in two buffers
 * that take turns: one is written while the other fills. Closing or aborting the stream, or a
 * failed write, closes the file.
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
  const bufferSize = Math.min(WRITE_SIZE, Math.max(options.size ?? WRITE_SIZE, 4096));
  let filling = new Uint8Array(bufferSize);
  let spare: Uint8Array<ArrayBuffer> | null = null; // allocated once a first write leaves
  let filled = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    const full = filling.subarray(0, filled);
    [filling, spare] = [spare ?? new Uint8Array(bufferSize), filling];
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
  // A failed write errors the stream without calling abort: the file is closed here then.
  const closingOnError =
    <A extends unknown[]>(step: (...args: A) => Promise<void>) => async (...args: A) => {
      try {
        await step(...args);
      } catch (e) {
        closeFile();
        throw e;
      }
    };
  return new WritableStream<Uint8Array>({
    write: closingOnError(async (chunk: Uint8Array) => {
      for (let at = 0; at < chunk.length;) {
        const count = Math.min(chunk.length - at, bufferSize - filled);
        filling.set(chunk.subarray(at, at + count), filled);
        filled += count;
        at += count;
        if (filled === bufferSize) await flush();
      }
      if (options.freeChunks && chunk.byteOffset + chunk.byteLength === chunk.buffer.byteLength) {
        freeBuffer(chunk);
      }
    }),
    close: closingOnError(async () => {
      if (filled > 0) await flush();
      await writing;
      closeFile();
    }),
    async abort() {
      await writing.catch(() => {});
      closeFile();
    },
  });
}

/**
 * Writes all of `bytes` to `writer` (one write call may take fewer).
 * @example
 * ```ts
 * import { writeAll } from "./file_sink.ts";
 * await writeAll(Deno.stderr, new TextEncoder().encode("done\n"));
 * ```
 */
export async function writeAll(
  writer: { write(bytes: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await writer.write(bytes.subarray(at));
}
