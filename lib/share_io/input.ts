/**
 * What the share script shares: files named on the command line, or standard input (a paste named
 * and typed as plain text, markdown or code by what it reads as). Turns them into a package
 * manifest and body streams for lib/crypto's `pack`. File sizes are known
 * up front (so the package is padded); standard input is read ahead up to a limit and, when it
 * ends within it, has a known size too, otherwise it streams as the last file with size null.
 * @module
 */
import type { FileEntry, Manifest } from "../crypto/mod.ts";
import { UsageError } from "./errors.ts";
import { guessType } from "./mime.ts";
import { detectTextFormat, textEntry, type TextFormat } from "../text_format.ts";

/** A manifest with its bodies, in manifest order. */
export interface ShareInput {
  /** The package manifest. */
  manifest: Manifest;
  /** The files' bytes, opened one at a time as `pack` asks for them. */
  bodies: AsyncIterable<ReadableStream<Uint8Array>>;
}

/** Options of {@link readInput}. */
export interface InputOptions {
  /** Paths in order; `-` is standard input; empty means standard input alone. */
  files: readonly string[];
  /** Name for standard input. */
  name?: string;
  /** Bytes of standard input read ahead to learn its size (one upload part is a good limit). */
  readAhead: number;
  /** Standard input (Deno.stdin.readable; replaceable for tests). */
  stdin: ReadableStream<Uint8Array>;
}

/**
 * Checks the files and builds the manifest. Throws {@link UsageError} for a missing file, a
 * directory, a file that may not be read, or `-` not given last.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readInput } from "./input.ts";
 * const a = await Deno.makeTempFile({ suffix: ".txt" });
 * await Deno.writeTextFile(a, "hello");
 * const stdin = new Blob([]).stream(); // Deno.stdin.readable in the script; read when files is []
 * const { manifest, bodies } = await readInput({ files: [a], readAhead: 4 << 20, stdin });
 * assert(manifest.files[0].size === 5 && manifest.files[0].name.endsWith(".txt"));
 * for await (const body of bodies) await body.cancel();
 * await Deno.remove(a);
 * ```
 */
export async function readInput(options: InputOptions): Promise<ShareInput> {
  const paths = options.files.length === 0 ? ["-"] : options.files;
  const stdinAt = paths.indexOf("-");
  if (stdinAt >= 0 && stdinAt !== paths.length - 1) {
    throw new UsageError(
      "put - (standard input) after the files: its size may be unknown until it ends",
    );
  }
  const entries: FileEntry[] = [];
  for (const path of paths.slice(0, stdinAt >= 0 ? stdinAt : paths.length)) {
    const info = await statFile(path);
    entries.push({ name: baseName(path), type: guessType(path), size: info.size });
  }
  let stdinBody: ReadableStream<Uint8Array> | null = null;
  if (stdinAt >= 0) {
    const { size, body, head } = await readAhead(options.stdin, options.readAhead);
    stdinBody = body;
    // Standard input alone, unnamed, is a paste, shown as what it reads as (lib/text_format.ts);
    // named, it is a file of that name.
    const entry = options.name === undefined
      ? textEntry(formatOf(head), paths.length === 1 ? "paste" : "stdin")
      : { name: options.name, type: guessType(options.name) };
    entries.push({ ...entry, size });
  }
  const kind = paths.length === 1 && stdinAt === 0 && options.name === undefined ? "text" : "files";
  const manifest: Manifest = { v: 1, kind, created: new Date().toISOString(), files: entries };
  const filePaths = paths.slice(0, entries.length - (stdinBody ? 1 : 0));
  async function* bodies(): AsyncGenerator<ReadableStream<Uint8Array>> {
    for (const path of filePaths) yield fileBody(await Deno.open(path, { read: true }));
    if (stdinBody) yield stdinBody;
  }
  return { manifest, bodies: bodies() };
}

/**
 * Bytes read from a file at once. `FsFile.readable` reads 64 KiB per call; reading 256 KiB per
 * call into fresh buffers took 0.6 s of CPU instead of 0.9–1.3 s for a 1 GiB file read alone
 * (fewer calls, the same garbage); larger fresh buffers cost more again (1 MiB: 1.9 s), each a
 * new memory mapping to fault in.
 */
const FILE_READ_SIZE = 262_144;

/** A file's bytes as a stream, {@link FILE_READ_SIZE} per read; closes the file at the end. */
function fileBody(file: Deno.FsFile): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const buffer = new Uint8Array(FILE_READ_SIZE);
      const n = await file.read(buffer);
      if (n === null) {
        file.close();
        controller.close();
      } else {
        controller.enqueue(buffer.subarray(0, n));
      }
    },
    cancel() {
      file.close();
    },
  }, { highWaterMark: 0 });
}

/** Stats a file to share, with one-line errors that say what to do. */
async function statFile(path: string): Promise<Deno.FileInfo> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new UsageError(`no such file: ${path}`);
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new UsageError(`no permission to read ${path}; run with --allow-read=${path}`);
    }
    throw e;
  }
  if (info.isDirectory) {
    throw new UsageError(`${path} is a directory; name its files, or share an archive of it`);
  }
  if (!info.isFile) {
    throw new UsageError(`${path} is not a regular file; pipe it in instead: cat ${path} | ...`);
  }
  return info;
}

function baseName(path: string): string {
  return path.split(/[/\\]/).filter((s) => s !== "").pop() ?? path;
}

/**
 * Reads up to `limit` bytes of `stream`. When the stream ends within them, its size is known;
 * otherwise the size is null and the body continues with the rest of the stream.
 */
async function readAhead(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): Promise<{ size: number | null; body: ReadableStream<Uint8Array>; head: Uint8Array }> {
  const reader = stream.getReader();
  const head: Uint8Array[] = [];
  let total = 0;
  while (total <= limit) {
    const r = await reader.read();
    if (r.done) {
      reader.releaseLock();
      return { size: total, body: ReadableStream.from(head), head: start(head) };
    }
    head.push(r.value);
    total += r.value.length;
  }
  const first = start(head);
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i < head.length) {
        controller.enqueue(head[i]);
        head[i++] = new Uint8Array(0);
        return;
      }
      const r = await reader.read();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  return { size: null, body, head: first };
}

/** Bytes of standard input its format is guessed from: more than detection reads. */
const SAMPLE_BYTES = 64 * 1024;

/** The first {@link SAMPLE_BYTES} of the chunks read ahead, copied. */
function start(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(Math.min(SAMPLE_BYTES, chunks.reduce((n, c) => n + c.length, 0)));
  let at = 0;
  for (const chunk of chunks) {
    if (at === out.length) break;
    const part = chunk.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** How a paste reads; bytes that are not UTF-8 text stay plain (the type they always had). */
function formatOf(head: Uint8Array): TextFormat {
  try {
    // A multi-byte character may be cut at the end of the sample: `stream` tolerates that.
    return detectTextFormat(
      new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true }),
    );
  } catch {
    return "plain";
  }
}
