/**
 * hushlink format v1: links, key schedule, streaming AES-256-GCM records, the manifest package with
 * Padmé padding, and random access. Runs unchanged in Deno and in browsers (WebCrypto, Web Streams
 * and Uint8Array only). The byte-exact specification is docs/FORMAT.md.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as hl from "./mod.ts";
 * const text = new TextEncoder().encode("hello");
 * const manifest: hl.Manifest = {
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: text.length }],
 * };
 * const secret = hl.generateSecret();
 * const keys = await hl.deriveKeys(secret);
 * const ciphertext = hl.pack(manifest, [new Blob([text]).stream()]).pipeThrough(
 *   hl.encryptStream(keys),
 * );
 * // The reader derives the same keys from the link's secret and gets the files back.
 * const { files } = await hl.unpack(ciphertext.pipeThrough(hl.decryptStream(keys)));
 * for await (const { entry, body } of files) {
 *   assert(entry.name === "paste.txt" && (await new Response(body).text()) === "hello");
 * }
 * ```
 *
 * @module
 */

export { bytesEqual, freeBuffer, fromBase64url, toBase64url } from "./bytes.ts";
export {
  MAX_FILES,
  PBKDF2_MAX_ITERATIONS,
  PBKDF2_MIN_ITERATIONS,
  RECORD_SIZE,
  UNSTATED_DECODE_LIMIT,
} from "./constants.ts";
export {
  EncodingError,
  HushlinkError,
  LinkError,
  type LinkErrorCode,
  SizeMismatchError,
  TamperedError,
  TruncatedError,
  UnsupportedFormatError,
  WrongKeyError,
} from "./errors.ts";
export { encryptedSize, type Header } from "./header.ts";
export { deriveKeys, newPasswordParams, type PasswordParams, type ShareKeys } from "./keys.ts";
export {
  type CutLink,
  cutLink,
  formatLink,
  generateSecret,
  ID_PATTERN,
  parseLink,
} from "./link.ts";
export { contentSize, type FileEntry, type Manifest } from "./manifest.ts";
export { largestFile, pack, packedSize } from "./pack.ts";
export { padme } from "./padme.ts";
export {
  checkFinalRecord,
  decryptFileRange,
  type FetchCiphertext,
  type FileLocation,
  fileLocations,
  openRanged,
  type RangedShare,
} from "./range.ts";
export { type DecryptOptions, decryptStream } from "./stream_decrypt.ts";
export { type EncryptOptions, encryptStream } from "./stream_encrypt.ts";
export { decodeBody, unpack, type Unpacked, type UnpackOptions } from "./unpack.ts";
