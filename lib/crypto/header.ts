/**
 * The stream header: 24 bytes (44 with a password), authenticated as the associated data of every
 * record.
 *
 * @module
 */

import { bytesEqual, readU32be } from "./bytes.ts";
import { RECORD_SIZE, TAG_SIZE } from "./constants.ts";
import { UnsupportedFormatError } from "./errors.ts";
import { checkPasswordParams, type PasswordParams, SALT_SIZE } from "./keys.ts";

const MAGIC = new Uint8Array([0x68, 0x6c, 0x6e, 0x6b]); // "hlnk"
const VERSION = 1;
const LOG2_RECORD_SIZE = 16;
const FLAG_PASSWORD = 0x01;
/** Bytes before the optional password block: enough to know the whole header's length. */
export const HEADER_PREFIX_SIZE = 8;
const BASE_HEADER_SIZE = 24;
const PASSWORD_BLOCK_SIZE = 20;

/** A parsed header. */
export interface Header {
  /** The header's bytes exactly as read (the records' associated data). */
  bytes: Uint8Array;
  /** The 16-byte content-key salt. */
  salt: Uint8Array;
  /** PBKDF2 parameters when the share has a password, else null. */
  password: PasswordParams | null;
}

/**
 * Header length in bytes: 24, or 44 with a password.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headerSize } from "./header.ts";
 * assert(headerSize(true) === 44 && headerSize(false) === 24);
 * ```
 */
export function headerSize(hasPassword: boolean): number {
  return hasPassword ? BASE_HEADER_SIZE + PASSWORD_BLOCK_SIZE : BASE_HEADER_SIZE;
}

/**
 * Encodes a header for a content-key salt and optional password parameters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeader } from "./header.ts";
 * const bytes = encodeHeader(crypto.getRandomValues(new Uint8Array(16)), null);
 * assert(bytes.length === 24);
 * ```
 */
export function encodeHeader(
  salt: Uint8Array,
  password: PasswordParams | null,
): Uint8Array<ArrayBuffer> {
  if (salt.length !== SALT_SIZE) {
    throw new RangeError(`content-key salt must be ${SALT_SIZE} bytes`);
  }
  const out = new Uint8Array(headerSize(password !== null));
  out.set(MAGIC, 0);
  out[4] = VERSION;
  out[5] = LOG2_RECORD_SIZE;
  out[6] = password === null ? 0 : FLAG_PASSWORD;
  out[7] = 0;
  out.set(salt, 8);
  if (password !== null) {
    checkPasswordParams(password);
    new DataView(out.buffer).setUint32(24, password.iterations);
    out.set(password.salt, 28);
  }
  return out;
}

/**
 * From the first {@link HEADER_PREFIX_SIZE} bytes, the full header length; throws
 * {@link UnsupportedFormatError} when they are not a v1 header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeader, headerSizeFromPrefix } from "./header.ts";
 * const salt = new Uint8Array(16);
 * const header = encodeHeader(salt, { salt, iterations: 600_000 });
 * assert(headerSizeFromPrefix(header.subarray(0, 8)) === 44);
 * ```
 */
export function headerSizeFromPrefix(prefix: Uint8Array): number {
  if (!bytesEqual(prefix.subarray(0, 4), MAGIC)) {
    throw new UnsupportedFormatError("not a hushlink stream (bad magic)");
  }
  if (prefix[4] !== VERSION) throw new UnsupportedFormatError(`unsupported version ${prefix[4]}`);
  if (prefix[5] !== LOG2_RECORD_SIZE) {
    throw new UnsupportedFormatError(`unsupported record size 2^${prefix[5]}`);
  }
  if ((prefix[6] & ~FLAG_PASSWORD) !== 0) {
    throw new UnsupportedFormatError(`unsupported flags 0x${prefix[6].toString(16)}`);
  }
  if (prefix[7] !== 0) throw new UnsupportedFormatError("reserved header byte is not 0");
  return headerSize((prefix[6] & FLAG_PASSWORD) !== 0);
}

/**
 * Parses a complete header (exactly its length, as given by {@link headerSizeFromPrefix}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeader, headerSizeFromPrefix, parseHeader } from "./header.ts";
 * const ciphertext = encodeHeader(new Uint8Array(16).fill(7), null); // a header, records omitted
 * const header = parseHeader(ciphertext.subarray(0, headerSizeFromPrefix(ciphertext)));
 * assert.deepEqual(header.salt, new Uint8Array(16).fill(7));
 * assert.equal(header.password, null);
 * ```
 */
export function parseHeader(bytes: Uint8Array): Header {
  const size = headerSizeFromPrefix(bytes);
  if (bytes.length !== size) throw new UnsupportedFormatError(`header must be ${size} bytes`);
  const copy = bytes.slice();
  let password: PasswordParams | null = null;
  if (size > BASE_HEADER_SIZE) {
    password = { iterations: readU32be(copy, 24), salt: copy.slice(28, 28 + SALT_SIZE) };
    checkPasswordParams(password);
  }
  return { bytes: copy, salt: copy.slice(8, 8 + SALT_SIZE), password };
}

/**
 * The 12-byte nonce of record `index`: 11-byte big-endian index ‖ last-record flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordNonce } from "./header.ts";
 * assert.deepEqual(recordNonce(1, true), new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]));
 * ```
 */
export function recordNonce(index: number, last: boolean): Uint8Array<ArrayBuffer> {
  const nonce = new Uint8Array(12);
  // Indexes stay far below 2^53 (a petabyte-sized stream is 2^34 records): two 32-bit halves do.
  const view = new DataView(nonce.buffer);
  view.setUint32(3, Math.floor(index / 2 ** 32));
  view.setUint32(7, index >>> 0);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * Ciphertext bytes of a stream carrying `plaintextSize` bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encryptedSize } from "./header.ts";
 * assert(encryptedSize(0, false) === 40); // the header and one empty final record
 * assert(encryptedSize(65_537, false) === 24 + 65_537 + 2 * 16);
 * ```
 */
export function encryptedSize(plaintextSize: number, hasPassword: boolean): number {
  if (!Number.isSafeInteger(plaintextSize) || plaintextSize < 0) {
    throw new RangeError(`not a size: ${plaintextSize}`);
  }
  const records = plaintextSize === 0 ? 1 : Math.ceil(plaintextSize / RECORD_SIZE);
  return headerSize(hasPassword) + plaintextSize + TAG_SIZE * records;
}
