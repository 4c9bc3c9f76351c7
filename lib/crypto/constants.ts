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
 * import assert from "node:assert/strict";
 * import { RECORD_SIZE } from "./constants.ts";
 * assert(Math.ceil(2 ** 20 / RECORD_SIZE) === 16); // records of a 1 MiB plaintext
 * ```
 */
export const RECORD_SIZE = 65_536;

/**
 * Bytes of the AES-GCM authentication tag that ends every record.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RECORD_SIZE, TAG_SIZE } from "./constants.ts";
 * assert(RECORD_SIZE + TAG_SIZE === 65_552); // bytes of a full ciphertext record
 * ```
 */
export const TAG_SIZE = 16;

/**
 * Bytes of the link secret (the input key material without a password).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SECRET_SIZE } from "./constants.ts";
 * const secret = crypto.getRandomValues(new Uint8Array(SECRET_SIZE));
 * assert(secret.length === 32);
 * ```
 */
export const SECRET_SIZE = 32;

/**
 * Default PBKDF2 iteration count, which is also the smallest a v1 reader accepts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PBKDF2_MIN_ITERATIONS } from "./constants.ts";
 * import { newPasswordParams } from "./keys.ts";
 * assert(newPasswordParams().iterations === PBKDF2_MIN_ITERATIONS);
 * ```
 */
export const PBKDF2_MIN_ITERATIONS = 600_000;

/**
 * Largest PBKDF2 iteration count a v1 reader accepts (bounds the work a share can demand).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS } from "./constants.ts";
 * const ok = (n: number) => n >= PBKDF2_MIN_ITERATIONS && n <= PBKDF2_MAX_ITERATIONS;
 * assert(ok(1_000_000) && !ok(20_000_000));
 * ```
 */
export const PBKDF2_MAX_ITERATIONS = 10_000_000;

/**
 * Most bytes a gzip-encoded file may decode to when its entry states no `decodedSize` (shares
 * made before readers required it): beyond, the read fails instead of filling memory or disk.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UNSTATED_DECODE_LIMIT } from "./constants.ts";
 * assert(UNSTATED_DECODE_LIMIT === 256 * 1024 * 1024);
 * ```
 */
export const UNSTATED_DECODE_LIMIT = 256 * 1024 * 1024;

/**
 * Most files one share may hold: a reader lists, names and saves each, and tens of thousands of
 * them are no longer a share but an archive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_FILES } from "./constants.ts";
 * assert(MAX_FILES === 10_000);
 * ```
 */
export const MAX_FILES = 10_000;

/**
 * Largest manifest, in UTF-8 bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_MANIFEST_SIZE } from "./constants.ts";
 * const manifestBytes = new TextEncoder().encode('{"v":1}');
 * assert(manifestBytes.length <= MAX_MANIFEST_SIZE);
 * ```
 */
export const MAX_MANIFEST_SIZE = 1_048_576;
