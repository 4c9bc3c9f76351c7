/**
 * Where `get` puts a share's files: standard output (streaming), or files written to temporary
 * names and moved into place only after the whole ciphertext authenticated, so that a damaged
 * share leaves nothing behind. A file already there is never replaced: the share's file takes the
 * next free name (`a (2).txt`).
 * @module
 */
import { decodeBody, type FileEntry } from "../crypto/mod.ts";
import { numberedName, safeNames } from "../names.ts";
import { fileSink } from "./file_sink.ts";

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

/** Options of {@link streamFiles}. */
export interface StreamOptions {
  /** Called with stored bytes as they pass. */
  onBytes?: OnBytes;
  /**
   * Hold the whole content until the stream authenticated, and write nothing if it does not:
   * for output a program acts on (`get LINK | sh` must not run a prefix an operator cut short).
   * Costs memory, so only for shares known to be small.
   */
  verifiedOnly?: boolean;
  /** Makes the transform each file's content passes through (e.g. making it safe for a terminal). */
  through?: () => TransformStream<Uint8Array, Uint8Array>;
}

/**
 * Streams the share's only file (or text) to `sink`, then reads the rest of the stream so that
 * its final record authenticates; any failure rejects. Unless `verifiedOnly`, output already
 * written stays written, which is why the caller exits non-zero.
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
 * assert.equal(await streamFiles(files(), sink, { verifiedOnly: true }), 2);
 * assert.equal(chunks.length, 1);
 * ```
 */
export async function streamFiles(
  files: Files,
  sink: WritableStream<Uint8Array>,
  options: StreamOptions = {},
): Promise<number> {
  const { onBytes = () => {}, verifiedOnly = false, through } = options;
  const held: Uint8Array[] = [];
  const target = verifiedOnly
    ? new WritableStream<Uint8Array>({ write: (chunk) => void held.push(chunk) })
    : sink;
  let bytes = 0;
  for await (const { entry, body } of files) {
    const content = decodeBody(entry, body.pipeThrough(counter(onBytes)))
      .pipeThrough(counter((n) => bytes += n));
    await (through ? content.pipeThrough(through()) : content).pipeTo(target, {
      preventClose: true,
    });
  }
  // The iteration ended, so the final record verified: now the held content may go out.
  if (verifiedOnly) {
    const writer = sink.getWriter();
    try {
      for (const chunk of held) await writer.write(chunk);
    } finally {
      writer.releaseLock();
    }
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
 * Writes the share's single file to `path`, used as typed (or into `path` when it is a directory
 * or ends in `/`, created when missing), through a temporary file moved into place after the
 * stream authenticated.
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
  const isDir = path.endsWith("/") ||
    await Deno.stat(path).then((s) => s.isDirectory, () => false);
  if (isDir) await Deno.mkdir(path, { recursive: true });
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
      // The chunks come from unpack (or gunzip) and go nowhere else: written, they can be freed.
      await decodeBody(entry, body.pipeThrough(counter(onBytes)))
        .pipeThrough(counter((n) => bytes += n))
        .pipeTo(fileSink(file, {
          freeChunks: true,
          size: entry.encoding === "gzip" ? entry.decodedSize : entry.size,
        }));
      saved.push({ path: target, bytes });
    }
    // The iteration ended, so the final record verified: only now do the files appear.
    const paths = await placeFiles(temps, saved.map((s) => s.path));
    temps.length = 0;
    return saved.map((s, j) => ({ ...s, path: paths[j] }));
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    for (const temp of temps) await Deno.remove(temp).catch(() => {});
  }
}

/**
 * Moves each temporary file to its target, or to the target's next free name (`a (2).txt`) when
 * something is there: it never replaces a file. Each name is first reserved with an exclusive
 * create, which fails when anything exists there, so no check-then-move race can replace a file
 * that appears meanwhile; the temporary file then replaces that empty reservation. When one move
 * fails, the files of this share already placed are removed again: all or nothing.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { placeFiles } from "./output.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "mine");
 * await Deno.writeTextFile(`${dir}/.a.txt.x1.part`, "theirs");
 * const paths = await placeFiles([`${dir}/.a.txt.x1.part`], [`${dir}/a.txt`]);
 * assert.deepEqual(paths, [`${dir}/a (2).txt`]);
 * assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "mine");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function placeFiles(
  temps: readonly string[],
  targets: readonly string[],
): Promise<string[]> {
  const placed: string[] = [];
  try {
    for (const [i, target] of targets.entries()) placed.push(await place(temps[i], target));
    return placed;
  } catch (e) {
    for (const path of placed) await Deno.remove(path).catch(() => {});
    throw e;
  }
}

async function place(temp: string, target: string): Promise<string> {
  for (let n = 1;; n++) {
    const candidate = n === 1 ? target : numberedName(target, n);
    try {
      (await Deno.open(candidate, { write: true, createNew: true, mode: 0o600 })).close();
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) continue;
      throw e;
    }
    try {
      await Deno.rename(temp, candidate);
    } catch (e) {
      await Deno.remove(candidate).catch(() => {});
      throw e;
    }
    return candidate;
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
