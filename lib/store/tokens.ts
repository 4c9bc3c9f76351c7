/**
 * Token helpers: random ids and tokens, and SHA-256 (hashes are compared with lib/crypto's
 * constant-time `bytesEqual`).
 * The server only ever stores SHA-256 of a token, never the token itself.
 *
 * Hashing uses `node:crypto` rather than WebCrypto on purpose: it is synchronous, and on the hot
 * paths (every create and every read) WebCrypto's thread-pool round trip costs more CPU than the
 * hash itself. This module is server-only.
 * @module
 */
import { createHash } from "node:crypto";
import { toBase64url } from "../crypto/bytes.ts";

/**
 * SHA-256 of `bytes`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256 } from "./tokens.ts";
 * const hash = sha256("a presented token");
 * assert(hash.length === 32);
 * ```
 */
export function sha256(bytes: Uint8Array | string): Uint8Array {
  const digest = createHash("sha256").update(bytes).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * A fresh share id (16 random bytes, 22 base64url characters).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newId } from "./tokens.ts";
 * assert(/^[\w-]{22}$/.test(newId())); // e.g. "q3Xh0s5c9m1Jd0l5bY2Vtw"
 * ```
 */
export function newId(): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * A fresh 32-byte token and its SHA-256.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bytesEqual, fromBase64url } from "../crypto/bytes.ts";
 * import { newToken, sha256 } from "./tokens.ts";
 * const { token, hash } = newToken();
 * assert(bytesEqual(sha256(fromBase64url(token)), hash));
 * ```
 */
export function newToken(): { token: string; hash: Uint8Array } {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return { token: toBase64url(bytes), hash: sha256(bytes) };
}
