/**
 * Random access: decrypt a byte range of one file while fetching only the records that cover it
 * (previews and seeking in large shares, over HTTP `Range` requests).
 *
 * @module
 */

import { concatBytes, readU32be } from "./bytes.ts";
import { MAX_MANIFEST_SIZE, RECORD_SIZE, TAG_SIZE } from "./constants.ts";
import { TamperedError, TruncatedError, UnsupportedFormatError } from "./errors.ts";
import { type Header, HEADER_PREFIX_SIZE, headerSizeFromPrefix, parseHeader } from "./header.ts";
import { checkConcurrency, DEFAULT_CONCURRENCY } from "./in_flight.ts";
import { contentKey, type ShareKeys } from "./keys.ts";
import { decodeManifest, type FileEntry, type Manifest } from "./manifest.ts";
import { openRecord } from "./record.ts";
import { checkKeysFitHeader } from "./stream_decrypt.ts";

const FULL_RECORD = RECORD_SIZE + TAG_SIZE;

/** Fetches ciphertext bytes [start, end) — e.g. an HTTP request with `Range: bytes=start-(end-1)`. */
export type FetchCiphertext = (start: number, end: number) => Promise<Uint8Array>;

/** Where one file's stored bytes lie in the plaintext. */
export interface FileLocation {
  /** The manifest entry. */
  entry: FileEntry;
  /** Plaintext offset of the file's first byte. */
  offset: number;
  /** Stored bytes (for a last file of unknown size: up to the end of the plaintext). */
  size: number;
}

/** A share opened for random access by {@link openRanged}. */
export interface RangedShare {
  /** The stream header (its `bytes` are what {@link decryptFileRange} takes). */
  header: Header;
  /** The manifest. */
  manifest: Manifest;
  /** Each file's location, in manifest order. */
  files: FileLocation[];
}

/** The record layout implied by a header and a total ciphertext size. */
interface Layout {
  headerSize: number;
  ciphertextSize: number;
  records: number;
  plaintextSize: number;
}

function layoutOf(headerSize: number, ciphertextSize: number): Layout {
  const body = ciphertextSize - headerSize;
  if (!Number.isSafeInteger(ciphertextSize) || body < TAG_SIZE) {
    throw new TruncatedError(`a ${ciphertextSize}-byte ciphertext cannot hold a stream`);
  }
  const records = Math.ceil(body / FULL_RECORD);
  const lastSize = body - (records - 1) * FULL_RECORD;
  if (records > 1 && lastSize < TAG_SIZE + 1) {
    throw new TruncatedError(`a ${ciphertextSize}-byte ciphertext ends inside a record`);
  }
  return { headerSize, ciphertextSize, records, plaintextSize: body - records * TAG_SIZE };
}

async function fetchExact(fetch: FetchCiphertext, start: number, end: number): Promise<Uint8Array> {
  const bytes = await fetch(start, end);
  if (bytes.length < end - start) {
    throw new TruncatedError(`asked for ciphertext bytes ${start}..${end}, got ${bytes.length}`);
  }
  if (bytes.length > end - start) {
    throw new TamperedError(`asked for ${end - start} ciphertext bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** Decrypts records [first, last] fetched in one request; returns their plaintexts in order. */
async function fetchRecords(
  key: CryptoKey,
  header: Uint8Array,
  layout: Layout,
  fetch: FetchCiphertext,
  first: number,
  last: number,
): Promise<Uint8Array[]> {
  const start = layout.headerSize + first * FULL_RECORD;
  const end = Math.min(layout.headerSize + (last + 1) * FULL_RECORD, layout.ciphertextSize);
  const bytes = await fetchExact(fetch, start, end);
  const opened: Promise<Uint8Array>[] = [];
  for (let i = first; i <= last; i++) {
    const at = (i - first) * FULL_RECORD;
    const ciphertext = bytes.subarray(at, Math.min(at + FULL_RECORD, bytes.length));
    const plaintext = openRecord(key, header, ciphertext, i, i === layout.records - 1);
    plaintext.catch(() => {}); // rethrown below, in record order
    opened.push(plaintext);
  }
  const plaintexts: Uint8Array[] = [];
  for (const plaintext of opened) plaintexts.push(await plaintext);
  return plaintexts;
}

/** Plaintext bytes [start, end) as a stream, fetching `batch` records per request. */
function plaintextRange(
  key: Promise<CryptoKey>,
  header: Uint8Array,
  layout: Layout,
  fetch: FetchCiphertext,
  start: number,
  end: number,
  batch: number,
): ReadableStream<Uint8Array> {
  let next = Math.floor(start / RECORD_SIZE);
  const lastRecord = end > start ? Math.floor((end - 1) / RECORD_SIZE) : next - 1;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next > lastRecord) return controller.close();
      const upTo = Math.min(lastRecord, next + batch - 1);
      const plaintexts = await fetchRecords(await key, header, layout, fetch, next, upTo);
      for (const [k, plaintext] of plaintexts.entries()) {
        const base = (next + k) * RECORD_SIZE;
        const piece = plaintext.subarray(
          Math.max(0, start - base),
          Math.min(plaintext.length, end - base),
        );
        if (piece.length > 0) controller.enqueue(piece);
      }
      next = upTo + 1;
    },
  }, { highWaterMark: 0 });
}

/**
 * The locations of each file in the plaintext, from the manifest, the content offset (4 + manifest
 * length) and the plaintext size (which bounds a last file of unknown size).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeManifest, type Manifest } from "./manifest.ts";
 * import { packedSize } from "./pack.ts";
 * import { fileLocations } from "./range.ts";
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "files",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [
 *     { name: "a.txt", type: "text/plain", size: 3 },
 *     { name: "b.txt", type: "text/plain", size: null }, // to the end of the plaintext
 *   ],
 * };
 * const contentOffset = 4 + encodeManifest(manifest).length;
 * const plaintextSize = contentOffset + 10;
 * const locations = fileLocations(manifest, contentOffset, plaintextSize);
 * assert.deepEqual(locations.map((l) => [l.offset, l.size]), [[contentOffset, 3], [contentOffset + 3, 7]]);
 * assert(packedSize(manifest) === null); // a size left open cannot be padded ahead
 * ```
 */
export function fileLocations(
  manifest: Manifest,
  contentOffset: number,
  plaintextSize: number,
): FileLocation[] {
  let offset = contentOffset;
  return manifest.files.map((entry) => {
    const size = entry.size ?? plaintextSize - offset;
    if (size < 0 || offset + size > plaintextSize) {
      throw new UnsupportedFormatError(`file "${entry.name}" lies beyond the end of the plaintext`);
    }
    const location = { entry, offset, size };
    offset += size;
    return location;
  });
}

/**
 * Opens a share for random access: fetches the header and the first record(s), checks the keys and
 * decrypts the manifest. Usually one fetch (header + record 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * import type { Manifest } from "./manifest.ts";
 * import { pack } from "./pack.ts";
 * import { openRanged } from "./range.ts";
 * import { encryptStream } from "./stream_encrypt.ts";
 * const keys = await deriveKeys(generateSecret());
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "text",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [{ name: "paste.txt", type: "text/plain", size: 5 }],
 * };
 * const stream = pack(manifest, [new Blob(["hello"]).stream()]).pipeThrough(encryptStream(keys));
 * const ciphertext = new Uint8Array(await new Response(stream).arrayBuffer());
 * // Over HTTP this would be a Range request; here it slices the bytes in memory.
 * const fetch = (a: number, b: number) => Promise.resolve(ciphertext.slice(a, b));
 * const share = await openRanged(keys, { ciphertextSize: ciphertext.length, fetch });
 * assert(share.manifest.files[0].name === "paste.txt" && share.files[0].size === 5);
 * ```
 */
export async function openRanged(
  keys: ShareKeys,
  opts: { ciphertextSize: number; fetch: FetchCiphertext },
): Promise<RangedShare> {
  const size = opts.ciphertextSize;
  const headEnd = Math.min(size, 44 + FULL_RECORD); // the longest header and record 0
  if (headEnd < HEADER_PREFIX_SIZE) {
    throw new TruncatedError("the ciphertext ends inside its header");
  }
  const head = await fetchExact(opts.fetch, 0, headEnd);
  const headerSize = headerSizeFromPrefix(head.subarray(0, HEADER_PREFIX_SIZE));
  if (head.length < headerSize) throw new TruncatedError("the ciphertext ends inside its header");
  const header = parseHeader(head.subarray(0, headerSize));
  checkKeysFitHeader(keys, header);
  const layout = layoutOf(headerSize, size);
  const key = await contentKey(keys.ikm, header.salt);
  const record0 = await openRecord(
    key,
    header.bytes,
    head.subarray(headerSize, Math.min(head.length, headerSize + FULL_RECORD)),
    0,
    layout.records === 1,
  );
  if (record0.length < 4) {
    throw new UnsupportedFormatError("the plaintext is too short for a package");
  }
  const manifestSize = readU32be(record0, 0);
  if (manifestSize > MAX_MANIFEST_SIZE || 4 + manifestSize > layout.plaintextSize) {
    throw new UnsupportedFormatError(`bad manifest length ${manifestSize}`);
  }
  let manifestBytes = record0.subarray(4, 4 + manifestSize);
  if (manifestBytes.length < manifestSize) {
    const rest = plaintextRange(
      Promise.resolve(key),
      header.bytes,
      layout,
      opts.fetch,
      record0.length,
      4 + manifestSize,
      DEFAULT_CONCURRENCY,
    );
    const restBytes = new Uint8Array(await new Response(rest).arrayBuffer());
    manifestBytes = concatBytes([manifestBytes, restBytes]);
  }
  const manifest = decodeManifest(manifestBytes);
  return {
    header,
    manifest,
    files: fileLocations(manifest, 4 + manifestSize, layout.plaintextSize),
  };
}

/**
 * Decrypts bytes [start, end) of one file, fetching only the records that cover them (in requests
 * of up to `concurrency` records, default 8). Takes the header bytes and the file's location from
 * {@link openRanged} (or kept from an earlier full read) and the total ciphertext size, which fixes
 * which record is final. Every record is authenticated before any of its bytes are released; the
 * same typed errors as decryptStream apply.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * import type { Manifest } from "./manifest.ts";
 * import { pack } from "./pack.ts";
 * import { decryptFileRange, openRanged } from "./range.ts";
 * import { encryptStream } from "./stream_encrypt.ts";
 * const keys = await deriveKeys(generateSecret());
 * const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "files",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [{ name: "video.bin", type: "application/octet-stream", size: bytes.length }],
 * };
 * const stream = pack(manifest, [new Blob([bytes]).stream()]).pipeThrough(encryptStream(keys));
 * const ciphertext = new Uint8Array(await new Response(stream).arrayBuffer());
 * const ciphertextSize = ciphertext.length;
 * const fetch = (a: number, b: number) => Promise.resolve(ciphertext.slice(a, b));
 *
 * const share = await openRanged(keys, { ciphertextSize, fetch });
 * const video = share.files[0];
 * const tail = decryptFileRange(keys, {
 *   header: share.header.bytes,
 *   ciphertextSize,
 *   fetch,
 *   file: video,
 *   start: video.size - 1024,
 *   end: video.size,
 * });
 * const got = new Uint8Array(await new Response(tail).arrayBuffer());
 * assert(got.length === 1024 && got[0] === bytes[bytes.length - 1024]);
 * ```
 */
export function decryptFileRange(
  keys: ShareKeys,
  opts: {
    header: Uint8Array;
    ciphertextSize: number;
    fetch: FetchCiphertext;
    file: { offset: number; size: number };
    start?: number;
    end?: number;
    concurrency?: number;
  },
): ReadableStream<Uint8Array> {
  const start = opts.start ?? 0;
  const end = opts.end ?? opts.file.size;
  if (
    !Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start ||
    end > opts.file.size
  ) {
    throw new RangeError(`bad range ${start}..${end} of a ${opts.file.size}-byte file`);
  }
  const header = parseHeader(opts.header);
  checkKeysFitHeader(keys, header);
  const layout = layoutOf(header.bytes.length, opts.ciphertextSize);
  if (opts.file.offset + opts.file.size > layout.plaintextSize) {
    throw new RangeError("the file lies beyond the end of the plaintext");
  }
  const key = contentKey(keys.ikm, header.salt);
  key.catch(() => {}); // surfaces on the first read
  return plaintextRange(
    key,
    header.bytes,
    layout,
    opts.fetch,
    opts.file.offset + start,
    opts.file.offset + end,
    checkConcurrency(opts.concurrency ?? DEFAULT_CONCURRENCY),
  );
}

/**
 * Checks the end of a share read by ranges: fetches the stream's final record and authenticates it
 * as final. Reading every file by ranges leaves out records that hold only padding after them, the
 * final one among them; this proves that the ciphertext ends where `ciphertextSize` says, as a
 * whole read would (TamperedError, TruncatedError otherwise).
 *
 * @example
 * ```ts
 * import { deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * import type { Manifest } from "./manifest.ts";
 * import { pack } from "./pack.ts";
 * import { checkFinalRecord, openRanged } from "./range.ts";
 * import { encryptStream } from "./stream_encrypt.ts";
 * const keys = await deriveKeys(generateSecret());
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "text",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [{ name: "paste.txt", type: "text/plain", size: 5 }],
 * };
 * const stream = pack(manifest, [new Blob(["hello"]).stream()]).pipeThrough(encryptStream(keys));
 * const ciphertext = new Uint8Array(await new Response(stream).arrayBuffer());
 * const fetch = (a: number, b: number) => Promise.resolve(ciphertext.slice(a, b));
 * const share = await openRanged(keys, { ciphertextSize: ciphertext.length, fetch });
 * await checkFinalRecord(keys, { header: share.header.bytes, ciphertextSize: ciphertext.length, fetch });
 * ```
 */
export async function checkFinalRecord(
  keys: ShareKeys,
  opts: { header: Uint8Array; ciphertextSize: number; fetch: FetchCiphertext },
): Promise<void> {
  const header = parseHeader(opts.header);
  checkKeysFitHeader(keys, header);
  const layout = layoutOf(header.bytes.length, opts.ciphertextSize);
  const last = layout.records - 1;
  await fetchRecords(
    await contentKey(keys.ikm, header.salt),
    header.bytes,
    layout,
    opts.fetch,
    last,
    last,
  );
}
