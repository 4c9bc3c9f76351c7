/**
 * Token helpers: random ids and tokens, SHA-256, and a constant-time comparison of hashes.
 * The server only ever stores SHA-256 of a token, never the token itself.
 *
 * Hashing uses `node:crypto` rather than WebCrypto on purpose: it is synchronous, and on the hot
 * paths (every create and every read) WebCrypto's thread-pool round trip costs more CPU than the
 * hash itself. This module is server-only.
 * @module
 */
import { createHash } from "node:crypto";

/**
 * Base64url without padding.
 * @example
 * ```ts
 * b64url(new Uint8Array([255])); // "_w"
 * ```
 */
export function b64url(bytes: Uint8Array): string {
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

/**
 * Decodes strict unpadded base64url of exactly `length` bytes; null for anything else.
 * @example
 * ```ts
 * fromB64url("_w", 1); // Uint8Array [255]
 * ```
 */
export function fromB64url(text: string, length: number): Uint8Array | null {
  if (text.length !== Math.ceil((length * 4) / 3) || !/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const bytes = Uint8Array.fromBase64(text, { alphabet: "base64url" });
  // Loose decoding ignores stray low bits in the last character; insist on the canonical form.
  return bytes.length === length && b64url(bytes) === text ? bytes : null;
}

/**
 * SHA-256 of `bytes`.
 * @example
 * ```ts
 * const hash = sha256(token);
 * ```
 */
export function sha256(bytes: Uint8Array | string): Uint8Array {
  const digest = createHash("sha256").update(bytes).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * Compares two hashes in time independent of where they differ.
 * @example
 * ```ts
 * sameHash(stored, sha256(presented)); // true or false
 * ```
 */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

/**
 * A fresh share id (16 random bytes, 22 base64url characters).
 * @example
 * ```ts
 * newId(); // e.g. "q3Xh0s5c9m1Jd0l5bY2Vtw"
 * ```
 */
export function newId(): string {
  return b64url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * A fresh 32-byte token and its SHA-256.
 * @example
 * ```ts
 * const { token, hash } = newToken();
 * ```
 */
export function newToken(): { token: string; hash: Uint8Array } {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return { token: b64url(bytes), hash: sha256(bytes) };
}

/**
 * Share ids are 22 base64url characters.
 * @example
 * ```ts
 * ID_PATTERN.test("q3Xh0s5c9m1Jd0l5bY2Vtw"); // true
 * ```
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
