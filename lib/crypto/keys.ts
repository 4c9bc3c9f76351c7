/**
 * The key schedule: input key material from the link secret (and a password), the read token that
 * proves knowledge of it to the server, and the per-stream AES-256-GCM content key.
 *
 * @module
 */

import { bufferSource, concatBytes } from "./bytes.ts";
import { PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS, SECRET_SIZE } from "./constants.ts";
import { LinkError, UnsupportedFormatError } from "./errors.ts";

/** HKDF info of the read token; carries the format version so v2 keys never collide with v1. */
export const READ_TOKEN_INFO = "hushlink v1 read-token";
/** HKDF info of the content key. */
export const CONTENT_KEY_INFO = "hushlink v1 content-key";
/** Bytes of the random salts (PBKDF2 salt and content-key salt). */
export const SALT_SIZE = 16;

const encoder = new TextEncoder();

/** Public PBKDF2 parameters of a password-protected share (the server stores and returns them). */
export interface PasswordParams {
  /** 16 random bytes. */
  salt: Uint8Array;
  /** PBKDF2-HMAC-SHA256 iteration count, 600,000..10,000,000. */
  iterations: number;
}

/** Everything derived from a link secret (and password) that encrypting and reading need. */
export interface ShareKeys {
  /** Input key material: the secret, or secret ‖ PBKDF2(password). Never leaves the client. */
  ikm: Uint8Array<ArrayBuffer>;
  /** 32 bytes the reader presents as `Authorization: Bearer <base64url>`. */
  readToken: Uint8Array<ArrayBuffer>;
  /** SHA-256 of {@link readToken}: what the server stores. */
  readTokenHash: Uint8Array<ArrayBuffer>;
  /** The password parameters, or null for a share without password. */
  password: PasswordParams | null;
}

/**
 * Fresh password parameters: a random 16-byte salt and the default 600,000 iterations.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateSecret } from "./link.ts";
 * import { deriveKeys, newPasswordParams } from "./keys.ts";
 * const params = newPasswordParams();
 * const keys = await deriveKeys(generateSecret(), { password: "hunter2", params });
 * assert(keys.password?.iterations === 600_000 && params.salt.length === 16);
 * ```
 */
export function newPasswordParams(): PasswordParams {
  return {
    salt: crypto.getRandomValues(new Uint8Array(SALT_SIZE)),
    iterations: PBKDF2_MIN_ITERATIONS,
  };
}

/**
 * Throws {@link UnsupportedFormatError} unless `params` are parameters a v1 reader accepts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkPasswordParams } from "./keys.ts";
 * checkPasswordParams({ salt: new Uint8Array(16), iterations: 600_000 }); // ok
 * assert.throws(() => checkPasswordParams({ salt: new Uint8Array(16), iterations: 1000 }));
 * ```
 */
export function checkPasswordParams(params: PasswordParams): void {
  if (params.salt.length !== SALT_SIZE) {
    throw new UnsupportedFormatError(`password salt must be ${SALT_SIZE} bytes`);
  }
  const n = params.iterations;
  if (!Number.isInteger(n) || n < PBKDF2_MIN_ITERATIONS || n > PBKDF2_MAX_ITERATIONS) {
    throw new UnsupportedFormatError(
      `PBKDF2 iterations must be ${PBKDF2_MIN_ITERATIONS}..${PBKDF2_MAX_ITERATIONS}, not ${n}`,
    );
  }
}

async function hkdf(
  ikm: Uint8Array,
  salt: Uint8Array,
  info: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey("raw", bufferSource(ikm), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: bufferSource(salt), info: encoder.encode(info) },
    base,
    256,
  );
  return new Uint8Array(bits);
}

async function stretchPassword(password: string, params: PasswordParams): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey(
    "raw",
    encoder.encode(password.normalize("NFC")),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    {
      name: "PBKDF2",
      hash: "SHA-256",
      salt: bufferSource(params.salt),
      iterations: params.iterations,
    },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * Derives the keys of a share from its 32-byte secret and, optionally, a password with its
 * public parameters. With a password this runs PBKDF2 (≈0.3 s at 600,000 iterations).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toBase64url } from "./bytes.ts";
 * import { deriveKeys } from "./keys.ts";
 * import { formatLink, generateSecret, parseLink } from "./link.ts";
 * const link = formatLink("https://h.example", "AAAAAAAAAAAAAAAAAAAAAA", generateSecret());
 * const keys = await deriveKeys(parseLink(link).secret);
 * const auth = `Bearer ${toBase64url(keys.readToken)}`;
 * assert(auth.length === "Bearer ".length + 43 && keys.password === null);
 * ```
 */
export async function deriveKeys(
  secret: Uint8Array,
  password?: { password: string; params: PasswordParams },
): Promise<ShareKeys> {
  if (secret.length !== SECRET_SIZE) {
    throw new LinkError("bad_key_length", `secret must be ${SECRET_SIZE} bytes`);
  }
  let ikm = new Uint8Array(secret);
  let params: PasswordParams | null = null;
  if (password !== undefined) {
    checkPasswordParams(password.params);
    params = { salt: password.params.salt.slice(), iterations: password.params.iterations };
    ikm = concatBytes([secret, await stretchPassword(password.password, params)]);
  }
  const readToken = await hkdf(ikm, new Uint8Array(0), READ_TOKEN_INFO);
  const readTokenHash = new Uint8Array(await crypto.subtle.digest("SHA-256", readToken));
  return { ikm, readToken, readTokenHash, password: params };
}

/**
 * The raw 32 bytes of the content key: HKDF(ikm, header salt, "hushlink v1 content-key"). Only the
 * test-vector generator needs the bytes; streams use {@link contentKey}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contentKeyBytes, deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * const keys = await deriveKeys(generateSecret());
 * const salt = crypto.getRandomValues(new Uint8Array(16)); // a header's content-key salt
 * const raw = await contentKeyBytes(keys.ikm, salt);
 * assert(raw.length === 32);
 * ```
 */
export function contentKeyBytes(
  ikm: Uint8Array,
  salt: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  return hkdf(ikm, salt, CONTENT_KEY_INFO);
}

/**
 * The AES-256-GCM content key of one stream, as a non-extractable CryptoKey.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contentKey, deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * const keys = await deriveKeys(generateSecret());
 * const key = await contentKey(keys.ikm, crypto.getRandomValues(new Uint8Array(16)));
 * assert(key.algorithm.name === "AES-GCM" && !key.extractable);
 * ```
 */
export async function contentKey(ikm: Uint8Array, salt: Uint8Array): Promise<CryptoKey> {
  const raw = await contentKeyBytes(ikm, salt);
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}
