/**
 * Constants of format v1 (docs/FORMAT.md).
 *
 * @module
 */

/**
 * Plaintext bytes per encrypted record; every record but the last holds exactly this many.
 *
 * @example
 * ```ts
 * const recordsFor1MiB = Math.ceil(2 ** 20 / RECORD_SIZE); // 16
 * ```
 */
export const RECORD_SIZE = 65_536;

/**
 * Bytes of the AES-GCM authentication tag that ends every record.
 *
 * @example
 * ```ts
 * const fullRecordBytes = RECORD_SIZE + TAG_SIZE; // 65,552
 * ```
 */
export const TAG_SIZE = 16;

/**
 * Bytes of the link secret (the input key material without a password).
 *
 * @example
 * ```ts
 * const secret = crypto.getRandomValues(new Uint8Array(SECRET_SIZE));
 * ```
 */
export const SECRET_SIZE = 32;

/**
 * Default PBKDF2 iteration count, which is also the smallest a v1 reader accepts.
 *
 * @example
 * ```ts
 * newPasswordParams().iterations === PBKDF2_MIN_ITERATIONS; // true
 * ```
 */
export const PBKDF2_MIN_ITERATIONS = 600_000;

/**
 * Largest PBKDF2 iteration count a v1 reader accepts (bounds the work a share can demand).
 *
 * @example
 * ```ts
 * const ok = (n: number) => n >= PBKDF2_MIN_ITERATIONS && n <= PBKDF2_MAX_ITERATIONS;
 * ```
 */
export const PBKDF2_MAX_ITERATIONS = 10_000_000;

/**
 * Most bytes a gzip-encoded file may decode to when its entry states no `decodedSize` (shares
 * made before readers required it): beyond, the read fails instead of filling memory or disk.
 *
 * @example
 * ```ts
 * import { UNSTATED_DECODE_LIMIT } from "./constants.ts";
 * console.assert(UNSTATED_DECODE_LIMIT === 256 * 1024 * 1024);
 * ```
 */
export const UNSTATED_DECODE_LIMIT = 256 * 1024 * 1024;

/**
 * Most files one share may hold: a reader lists, names and saves each, and tens of thousands of
 * them are no longer a share but an archive.
 *
 * @example
 * ```ts
 * import { MAX_FILES } from "./constants.ts";
 * console.assert(MAX_FILES === 10_000);
 * ```
 */
export const MAX_FILES = 10_000;

/**
 * Largest manifest, in UTF-8 bytes.
 *
 * @example
 * ```ts
 * if (manifestBytes.length > MAX_MANIFEST_SIZE) throw new Error("manifest too large");
 * ```
 */
export const MAX_MANIFEST_SIZE = 1_048_576;
