/**
 * Where `get` puts a share's files: standard output (streaming), or files written to temporary
 * names and renamed only after the whole ciphertext authenticated, so that a damaged share
 * leaves nothing behind.
 * @module
 */
import { decodeBody, type FileEntry } from "../crypto/mod.ts";
import { safeNames } from "./names.ts";

/** The files of an opened share (see lib/client `openShare`). */
type Files = AsyncIterableIterator<{ entry: FileEntry; body: ReadableStream<Uint8Array> }>;

/** A stored file. */
export interface Saved {
  /** Where it was written. */
  path: string;
  /** Bytes written (decoded). */
  bytes: number;
}

/** Called with the count of stored bytes as they pass (for a progress bar). */
export type OnBytes = (n: number) => void;

/**
 * Streams the share's only file (or text) to `sink`, then reads the rest of the stream so that
 * its final record authenticates; any failure rejects (output already written stays written,
 * which is why the caller exits non-zero).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { streamFiles } from "./output.ts";
 * const entry = { name: "a.txt", type: "text/plain", size: 2 };
 * async function* files() { // as openShare(link) gives them
 *   yield { entry, body: new Blob(["hi"]).stream() };
 * }
 * const chunks: Uint8Array[] = [];
 * const sink = new WritableStream<Uint8Array>({ write: (c) => void chunks.push(c) }); // Deno.stdout.writable
 * assert.equal(await streamFiles(files(), sink), 2);
 * ```
 */
export async function streamFiles(
  files: Files,
  sink: WritableStream<Uint8Array>,
  onBytes: OnBytes = () => {},
): Promise<number> {
  let bytes = 0;
  for await (const { entry, body } of files) {
    await decodeBody(entry, body.pipeThrough(counter(onBytes)))
      .pipeThrough(counter((n) => bytes += n))
      .pipeTo(sink, { preventClose: true });
  }
  return bytes;
}

/**
 * Writes every file into `dir` (created when missing) under its sanitised name, each first to a
 * hidden temporary file; renames them all only once the whole stream authenticated, and
 * removes the temporary files on any failure or Ctrl-C.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { saveFiles } from "./output.ts";
 * const entries = [
 *   { name: "a.txt", type: "text/plain", size: 2 },
 *   { name: "../b.txt", type: "text/plain", size: 1 },
 * ];
 * async function* files() { // as openShare(link) gives them
 *   yield { entry: entries[0], body: new Blob(["hi"]).stream() };
 *   yield { entry: entries[1], body: new Blob(["!"]).stream() };
 * }
 * const out = await Deno.makeTempDir();
 * const saved = await saveFiles(files(), entries, out);
 * assert.deepEqual(saved.map((s) => s.path), [`${out}/a.txt`, `${out}/b.txt`]); // names made safe
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function saveFiles(
  files: Files,
  entries: readonly FileEntry[],
  dir: string,
  onBytes: OnBytes = () => {},
): Promise<Saved[]> {
  await Deno.mkdir(dir, { recursive: true });
  const names = safeNames(entries.map((e) => e.name));
  return await saveAll(files, names.map((name) => joinPath(dir, name)), onBytes);
}

/**
 * Writes the share's single file to `path` (or into `path` when it is a directory), through a
 * temporary file renamed after the stream authenticated.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { saveFile } from "./output.ts";
 * const entry = { name: "report.pdf", type: "application/pdf", size: 8 };
 * async function* files() { // as openShare(link) gives them
 *   yield { entry, body: new Blob(["%PDF-1.7"]).stream() };
 * }
 * const out = await Deno.makeTempDir();
 * const [saved] = await saveFile(files(), entry, `${out}/report.pdf`);
 * assert(saved.path === `${out}/report.pdf` && saved.bytes === 8);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function saveFile(
  files: Files,
  entry: FileEntry,
  path: string,
  onBytes: OnBytes = () => {},
): Promise<Saved[]> {
  const isDir = await Deno.stat(path).then((s) => s.isDirectory, () => false);
  const target = isDir ? joinPath(path, safeNames([entry.name])[0]) : path;
  return await saveAll(files, [target], onBytes);
}

async function saveAll(
  files: Files,
  targets: readonly string[],
  onBytes: OnBytes,
): Promise<Saved[]> {
  const temps: string[] = [];
  const saved: Saved[] = [];
  // Ctrl-C must not leave half-written temporary files behind either.
  const onInterrupt = () => {
    for (const temp of temps) {
      try {
        Deno.removeSync(temp);
      } catch {
        // already gone
      }
    }
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    let i = 0;
    for await (const { entry, body } of files) {
      const target = targets[i++];
      const temp = tempPathFor(target);
      temps.push(temp);
      const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
      let bytes = 0;
      await decodeBody(entry, body.pipeThrough(counter(onBytes)))
        .pipeThrough(counter((n) => bytes += n))
        .pipeTo(file.writable);
      saved.push({ path: target, bytes });
    }
    // The iteration ended, so the final record verified: only now do the files appear.
    for (const [j, s] of saved.entries()) await Deno.rename(temps[j], s.path);
    temps.length = 0;
    return saved;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    for (const temp of temps) await Deno.remove(temp).catch(() => {});
  }
}

function counter(add: (n: number) => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      add(chunk.length);
      controller.enqueue(chunk);
    },
  });
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** A hidden sibling of `target`, so the final rename stays on one file system. */
function tempPathFor(target: string): string {
  const slash = target.lastIndexOf("/");
  const dir = target.slice(0, slash + 1);
  const random = crypto.getRandomValues(new Uint8Array(6)).toBase64({ alphabet: "base64url" });
  return `${dir}.${target.slice(slash + 1)}.${random}.part`;
}
