/**
 * The manifest: the JSON document at the start of the plaintext that names the share's kind and
 * its files. Names, types and per-file sizes exist only here, inside the ciphertext.
 *
 * @module
 */

import { MAX_FILES, MAX_MANIFEST_SIZE } from "./constants.ts";
import { UnsupportedFormatError } from "./errors.ts";

/** One file of a share. */
export interface FileEntry {
  /** File name as given by the sender (readers must sanitise it before using it as a path). */
  name: string;
  /** MIME type, e.g. "text/markdown". */
  type: string;
  /** Bytes stored (after encoding); null only for the last file: "until the end of the plaintext". */
  size: number | null;
  /** "gzip" when the stored bytes are gzip and readers decompress them. */
  encoding?: "gzip";
  /**
   * With `encoding`: the file's size once decoded. Readers stop a stream that decodes to more
   * (a decompression bomb) and refuse one that decodes to less.
   */
  decodedSize?: number;
}

/** The manifest of format v1. */
export interface Manifest {
  /** Manifest version, always 1. */
  v: 1;
  /** "text": one text file; "files": one or more files; "conversation": one JSON Lines file. */
  kind: "text" | "files" | "conversation";
  /** Creation time, ISO 8601 (e.g. "2026-11-22T10:00:00.000Z"). */
  created: string;
  /** Files in the order their bytes follow the manifest. */
  files: FileEntry[];
}

/**
 * The bytes of a manifest's files as the package carries them (the sum of their `size`), or null
 * when one is of unknown length (a stream). Progress is shown against it: the ciphertext is a few
 * percent larger, and the files' sizes are what people see listed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contentSize, type Manifest } from "./manifest.ts";
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "files",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [{ name: "a.txt", type: "text/plain", size: 2 }, { name: "b", type: "", size: 3 }],
 * };
 * assert.equal(contentSize(manifest), 5);
 * ```
 */
export function contentSize(manifest: Manifest): number | null {
  let sum = 0;
  for (const { size } of manifest.files) {
    if (size === null) return null;
    sum += size;
  }
  return sum;
}

const KINDS = new Set(["text", "files", "conversation"]);

function fail(message: string): never {
  throw new UnsupportedFormatError(`invalid manifest: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkEntry(value: unknown, index: number, isLast: boolean): FileEntry {
  if (!isRecord(value)) fail(`files[${index}] is not an object`);
  const { name, type, size, encoding, decodedSize } = value;
  if (typeof name !== "string" || name.length === 0) fail(`files[${index}].name must be a string`);
  if (typeof type !== "string") fail(`files[${index}].type must be a string`);
  if (size === null) {
    if (!isLast) fail(`files[${index}].size may be null only for the last file`);
  } else if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    fail(`files[${index}].size must be a non-negative integer`);
  }
  if (encoding !== undefined && encoding !== "gzip") fail(`files[${index}].encoding is unknown`);
  if (decodedSize !== undefined) {
    if (encoding === undefined) fail(`files[${index}].decodedSize needs an encoding`);
    if (typeof decodedSize !== "number" || !Number.isSafeInteger(decodedSize) || decodedSize < 0) {
      fail(`files[${index}].decodedSize must be a non-negative integer`);
    }
  }
  const entry: FileEntry = { name, type, size: size as number | null };
  if (encoding === "gzip") entry.encoding = "gzip";
  if (decodedSize !== undefined) entry.decodedSize = decodedSize as number;
  return entry;
}

/**
 * Checks that `value` follows the v1 manifest schema and returns a normalised copy holding only
 * the known members (unknown members are ignored). Throws UnsupportedFormatError otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkManifest } from "./manifest.ts";
 * const text = '{"v":1,"kind":"text","created":"2026-11-22T10:00:00.000Z",' +
 *   '"files":[{"name":"paste.txt","type":"text/plain","size":5}]}';
 * const m = checkManifest(JSON.parse(text));
 * assert.equal(m.files[0].name, "paste.txt");
 * assert.throws(() => checkManifest({ v: 2 })); // UnsupportedFormatError
 * ```
 */
export function checkManifest(value: unknown): Manifest {
  if (!isRecord(value)) fail("not an object");
  if (value.v !== 1) fail(`unknown manifest version ${JSON.stringify(value.v)}`);
  const { kind, created, files } = value;
  if (typeof kind !== "string" || !KINDS.has(kind)) fail(`unknown kind ${JSON.stringify(kind)}`);
  if (typeof created !== "string" || Number.isNaN(Date.parse(created))) {
    fail("created must be an ISO 8601 date");
  }
  if (!Array.isArray(files) || files.length === 0) fail("files must be a non-empty array");
  if (files.length > MAX_FILES) {
    fail(`a share holds at most ${MAX_FILES} files, not ${files.length}; put them in an archive`);
  }
  if (kind !== "files" && files.length !== 1) fail(`kind "${kind}" holds exactly one file`);
  return {
    v: 1,
    kind: kind as Manifest["kind"],
    created,
    files: files.map((f, i) => checkEntry(f, i, i === files.length - 1)),
  };
}

/**
 * The manifest as UTF-8 JSON with members in schema order (so equal manifests give equal bytes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeManifest } from "./manifest.ts";
 * const bytes = encodeManifest({
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: 5 }],
 * });
 * assert(new TextDecoder().decode(bytes).startsWith('{"v":1'));
 * ```
 */
export function encodeManifest(manifest: Manifest): Uint8Array {
  const bytes = new TextEncoder().encode(JSON.stringify(checkManifest(manifest)));
  if (bytes.length > MAX_MANIFEST_SIZE) fail(`larger than ${MAX_MANIFEST_SIZE} bytes`);
  return bytes;
}

/**
 * Parses and checks manifest bytes (UTF-8 JSON).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeManifest, encodeManifest, type Manifest } from "./manifest.ts";
 * const m: Manifest = {
 *   v: 1,
 *   kind: "files",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [{ name: "a.bin", type: "application/octet-stream", size: null }],
 * };
 * assert.deepEqual(decodeManifest(encodeManifest(m)), m);
 * ```
 */
export function decodeManifest(bytes: Uint8Array): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    fail("not UTF-8 JSON");
  }
  return checkManifest(value);
}
