/**
 * Lazily loaded zip writer (fflate): "download all" in memory, and a streamed zip for saving a
 * large share of several files through the service worker.
 * @module
 */
import { Zip, ZipPassThrough, zipSync } from "fflate";
import { safeNames } from "../../lib/names.ts";

/** One file to put in the archive. */
export interface ZipInput {
  /** File name as the sender gave it. */
  name: string;
  /** Its bytes. */
  data: Uint8Array;
}

/**
 * Builds a zip (stored, not compressed: shares are often already compressed and this keeps the
 * browser fast). Names are made safe the one way lib/names.ts does it everywhere; duplicates get
 * " (2)", " (3)"… so no file is lost.
 * @example
 * ```ts
 * import { zipFiles } from "./zip.ts";
 * const zip = zipFiles([{ name: "a.txt", data: new Uint8Array([104, 105]) }]);
 * ```
 */
export function zipFiles(files: ZipInput[]): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  const names = safeNames(files.map((f) => f.name));
  files.forEach(({ data }, i) => tree[names[i]] = data);
  return zipSync(tree, { level: 0 });
}

/** One file to stream into an archive. */
export interface ZipStreamInput {
  /** Its bytes, read once, to the end, before the next file is asked for. */
  body: ReadableStream<Uint8Array>;
}

/**
 * Streams a zip of `files` (stored, not compressed), named by `names` (already made safe and
 * distinct, in the same order). Each file is asked for only once the one before has been read
 * to its end, and the archive ends only when the iteration does: a source that fails (a share
 * that fails authentication) fails the stream, never ends it as a shorter archive. Nothing but
 * the chunk in hand is held.
 * @example
 * ```ts
 * import { zipStream } from "./zip.ts";
 * async function* files() {
 *   yield { body: new Blob(["hi"]).stream() };
 * }
 * const zip = await new Response(zipStream(files(), ["a.txt"])).arrayBuffer();
 * ```
 */
export function zipStream(
  files: AsyncIterable<ZipStreamInput>,
  names: readonly string[],
): ReadableStream<Uint8Array> {
  const iterator = files[Symbol.asyncIterator]();
  let archive: Zip;
  let file: { entry: ZipPassThrough; reader: ReadableStreamDefaultReader<Uint8Array> } | null =
    null;
  let count = 0;
  let produced = 0; // chunks the archive has given so far
  return new ReadableStream<Uint8Array>({
    start(controller) {
      archive = new Zip((error, data, final) => {
        if (error) return controller.error(error);
        produced++;
        controller.enqueue(data);
        if (final) controller.close();
      });
    },
    async pull() {
      // fflate writes synchronously as data is pushed; loop until this pull gave something, or
      // the stream would wait for a pull that never comes.
      for (const before = produced; produced === before;) {
        if (!file) {
          const next = await iterator.next();
          if (next.done) return archive.end();
          const entry = new ZipPassThrough(names[count++]);
          archive.add(entry);
          file = { entry, reader: next.value.body.getReader() };
        }
        const { done, value } = await file.reader.read();
        if (done) {
          file.entry.push(new Uint8Array(0), true);
          file = null;
        } else file.entry.push(value);
      }
    },
    async cancel(reason) {
      await file?.reader.cancel(reason);
      await iterator.return?.();
    },
  });
}
