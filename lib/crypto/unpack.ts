/**
 * Unpacking: reads the manifest from the start of a share's plaintext, then hands out each file's
 * stored bytes as its own stream.
 *
 * @module
 */

import { readU32be } from "./bytes.ts";
import { ByteReader } from "./byte_reader.ts";
import { MAX_MANIFEST_SIZE, UNSTATED_DECODE_LIMIT } from "./constants.ts";
import { HushlinkError, UnsupportedFormatError } from "./errors.ts";
import { decodeManifest, type FileEntry, type Manifest } from "./manifest.ts";

/** What {@link unpack} returns. */
export interface Unpacked {
  /** The checked manifest. */
  manifest: Manifest;
  /** Plaintext offset of the first file's bytes: 4 + manifest length (for range reads). */
  contentOffset: number;
  /** Each file with its stored bytes; consume or cancel a body before asking for the next. */
  files: AsyncIterableIterator<{ entry: FileEntry; body: ReadableStream<Uint8Array> }>;
}

const PIECE = 65_536;

/**
 * Reads the manifest length prefix and manifest from `source`; returns the manifest and its byte
 * length. Throws UnsupportedFormatError when they are malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteReader } from "./byte_reader.ts";
 * import type { Manifest } from "./manifest.ts";
 * import { pack } from "./pack.ts";
 * import { readManifest } from "./unpack.ts";
 * const sent: Manifest = {
 *   v: 1,
 *   kind: "text",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [{ name: "paste.txt", type: "text/plain", size: 2 }],
 * };
 * const plaintext = pack(sent, [new Blob(["hi"]).stream()]);
 * const { manifest, manifestSize } = await readManifest(new ByteReader(plaintext));
 * assert(manifest.files[0].name === "paste.txt" && manifestSize > 0);
 * ```
 */
export async function readManifest(
  source: ByteReader,
): Promise<{ manifest: Manifest; manifestSize: number }> {
  const prefix = await source.readExact(4);
  if (prefix === null) throw new UnsupportedFormatError("the plaintext is too short for a package");
  const size = readU32be(prefix, 0);
  if (size > MAX_MANIFEST_SIZE) {
    throw new UnsupportedFormatError(`manifest of ${size} bytes is too large`);
  }
  const bytes = await source.readExact(size);
  if (bytes === null) throw new UnsupportedFormatError("the plaintext ends inside the manifest");
  return { manifest: decodeManifest(bytes), manifestSize: size };
}

async function* fileBodies(
  source: ByteReader,
  manifest: Manifest,
): AsyncGenerator<{ entry: FileEntry; body: ReadableStream<Uint8Array> }> {
  let completed = false;
  try {
    yield* eachFile(source, manifest);
    await source.skip(Infinity);
    completed = true;
  } finally {
    // A reader that stops early (break, return) releases the decryption pipeline behind it.
    if (!completed) await source.cancel().catch(() => {});
  }
}

async function* eachFile(
  source: ByteReader,
  manifest: Manifest,
): AsyncGenerator<{ entry: FileEntry; body: ReadableStream<Uint8Array> }> {
  for (const [i, entry] of manifest.files.entries()) {
    const isLast = i === manifest.files.length - 1;
    let left = entry.size ?? Infinity;
    let settle!: () => void;
    let fail!: (e: unknown) => void;
    const settled = new Promise<void>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    settled.catch(() => {}); // rethrown below if the consumer asks for the next file
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const piece = left > 0 ? await source.readUpTo(Math.min(left, PIECE)) : null;
          if (piece !== null) {
            left -= piece.length;
            controller.enqueue(piece);
            return;
          }
          if (left !== Infinity && left > 0) {
            throw new UnsupportedFormatError(`the plaintext ends inside file ${i}`);
          }
          // The last body ends only after the padding, i.e. after the final record verified.
          if (isLast) await source.skip(Infinity);
          controller.close();
          settle();
        } catch (e) {
          fail(e);
          throw e;
        }
      },
      cancel() {
        settle();
      },
    }, { highWaterMark: 0 });
    yield { entry, body };
    if (!body.locked) await body.cancel();
    await settled;
    if (left > 0) {
      const skipped = await source.skip(left);
      if (skipped < left && left !== Infinity) {
        throw new UnsupportedFormatError(`the plaintext ends inside file ${i}`);
      }
      left = 0;
    }
  }
}

/** Options of {@link unpack}. */
export interface UnpackOptions {
  /**
   * The plaintext's chunks are unpack's alone, each with an ArrayBuffer of its own (as
   * decryptStream's output is): a chunk skipped whole — the padding, a file the reader cancelled —
   * is freed at once rather than left for the garbage collector (the padding of a large share is
   * up to 3 % of it: 32 MiB for 1 GiB).
   */
  freeInput?: boolean;
}

/**
 * Splits a share's plaintext (the output of decryptStream) into its manifest and file bodies.
 * Bodies carry the stored bytes (still gzip when `entry.encoding` says so; see decodeBody). The
 * last body ends only once the whole plaintext, padding included, was read — so a decryption error
 * anywhere reaches the reader.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * import type { Manifest } from "./manifest.ts";
 * import { pack } from "./pack.ts";
 * import { decryptStream } from "./stream_decrypt.ts";
 * import { encryptStream } from "./stream_encrypt.ts";
 * import { unpack } from "./unpack.ts";
 * const keys = await deriveKeys(generateSecret());
 * const sent: Manifest = {
 *   v: 1,
 *   kind: "files",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [
 *     { name: "a.txt", type: "text/plain", size: 1 },
 *     { name: "b.txt", type: "text/plain", size: 2 },
 *   ],
 * };
 * const bodies = [new Blob(["a"]).stream(), new Blob(["bb"]).stream()];
 * const ciphertext = pack(sent, bodies).pipeThrough(encryptStream(keys));
 *
 * const { manifest, files } = await unpack(ciphertext.pipeThrough(decryptStream(keys)));
 * const got: string[] = [];
 * for await (const { entry, body } of files) got.push(`${entry.name}=${await new Response(body).text()}`);
 * assert(manifest.kind === "files" && got.join() === "a.txt=a,b.txt=bb");
 * ```
 */
export async function unpack(
  plaintext: ReadableStream<Uint8Array>,
  options: UnpackOptions = {},
): Promise<Unpacked> {
  const source = new ByteReader(plaintext, { freeSkipped: options.freeInput });
  try {
    const { manifest, manifestSize } = await readManifest(source);
    return { manifest, contentOffset: 4 + manifestSize, files: fileBodies(source, manifest) };
  } catch (e) {
    await source.cancel(e).catch(() => {});
    throw e;
  }
}

/**
 * A file's content as the sender gave it: `body` decompressed when the entry's encoding is gzip.
 * Stored bytes that are not one complete gzip stream (cut off, corrupt, followed by junk), or
 * that decode to more or fewer bytes than the entry's `decodedSize` (at most
 * {@link UNSTATED_DECODE_LIMIT} when it states none), error the result with
 * UnsupportedFormatError as soon as that shows; errors of `body` itself (decryption) pass
 * unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { FileEntry } from "./manifest.ts";
 * import { decodeBody } from "./unpack.ts";
 * const entry: FileEntry = { name: "log.txt", type: "text/plain", size: null, encoding: "gzip" };
 * const body = new Blob(["hello"]).stream().pipeThrough(new CompressionStream("gzip"));
 * const text = await new Response(decodeBody(entry, body)).text();
 * assert(text === "hello");
 * ```
 */
export function decodeBody(
  entry: FileEntry,
  body: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  if (entry.encoding !== "gzip") return body;
  // DecompressionStream is typed over BufferSource; it reads Uint8Array chunks and emits them.
  const gunzip = new DecompressionStream("gzip") as unknown as TransformStream<
    Uint8Array,
    Uint8Array
  >;
  const reader = body.pipeThrough(gunzip).getReader();
  const limit = entry.decodedSize ?? UNSTATED_DECODE_LIMIT;
  let decoded = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (e) {
        // The platform reports bad gzip data as a bare TypeError.
        if (e instanceof HushlinkError) throw e;
        throw new UnsupportedFormatError(
          `a gzip-encoded file is not a valid gzip stream (${e instanceof Error ? e.message : e})`,
        );
      }
      if (next.done) {
        if (entry.decodedSize !== undefined && decoded !== entry.decodedSize) {
          throw new UnsupportedFormatError(
            `a gzip-encoded file decodes to ${decoded} bytes, not the ${entry.decodedSize} stated`,
          );
        }
        return controller.close();
      }
      decoded += next.value.length;
      if (decoded > limit) {
        await reader.cancel();
        throw new UnsupportedFormatError(
          `a gzip-encoded file decodes to more than ${limit} bytes` +
            (entry.decodedSize === undefined
              ? " (the limit for a size not stated)"
              : " (its stated size)"),
        );
      }
      controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
