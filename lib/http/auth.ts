/**
 * Bearer tokens: extracting them, hashing them (the server compares SHA-256 only), and the
 * upload-token guard for share creation. Failed attempts count against the client's limit.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { HttpError } from "./errors.ts";
import type { Limiter } from "./rate_limit.ts";
import { bytesEqual, fromBase64url } from "../crypto/mod.ts";
import { sha256 } from "../store/tokens.ts";

/**
 * The token of an `Authorization: Bearer <token>` header, or throws 401 `token_required`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { bearer } from "./auth.ts";
 * import { handleError } from "./errors.ts";
 * const app = new Hono().onError(handleError);
 * app.get("/", (c) => c.text(bearer(c)));
 * const res = await app.request("/", { headers: { Authorization: "Bearer abc" } });
 * assert((await res.text()) === "abc");
 * assert((await app.request("/")).status === 401); // token_required
 * ```
 */
export function bearer(c: Context): string {
  const header = c.req.header("Authorization");
  const match = header ? /^Bearer +(\S(?:.*\S)?) *$/i.exec(header) : null;
  if (!match) {
    throw new HttpError("token_required", "Authorization: Bearer <token> is required");
  }
  return match[1];
}

/** A presented 32-byte token's bytes; null for anything else. */
function decodedToken(token: string): Uint8Array | null {
  // 43 characters or it cannot be one: no need to decode what is sure to be refused.
  if (token.length !== 43) return null;
  try {
    return fromBase64url(token);
  } catch {
    return null; // not canonical base64url: a malformed token
  }
}

/**
 * SHA-256 of a presented 32-byte base64url token; a malformed token is a wrong token (403), and
 * counts as a failed attempt.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { bearer, tokenHash } from "./auth.ts";
 * import { handleError } from "./errors.ts";
 * import { RateLimiter } from "./rate_limit.ts";
 * import { toBase64url } from "../crypto/bytes.ts";
 * const failures = new RateLimiter(10, 60_000);
 * const app = new Hono().onError(handleError);
 * app.get("/", async (c) => c.text(toBase64url(await tokenHash(c, failures, bearer(c)))));
 * const token = toBase64url(new Uint8Array(32));
 * const res = await app.request("/", { headers: { Authorization: `Bearer ${token}` } });
 * assert((await res.text()).length === 43); // SHA-256, base64url
 * const bad = await app.request("/", { headers: { Authorization: "Bearer short" } });
 * assert(bad.status === 403); // bad_token, and one failure counted
 * ```
 */
export async function tokenHash(
  c: Context,
  failures: Limiter,
  token: string,
): Promise<Uint8Array> {
  const bytes = decodedToken(token);
  if (!bytes) {
    await failures.hit(c);
    throw new HttpError("bad_token", "Malformed token");
  }
  return sha256(bytes);
}

/**
 * Guard for share creation when the server has an `UPLOAD_TOKEN`: 401 without a token,
 * 403 for a wrong one (compared as SHA-256 hashes in constant time).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { uploadTokenGuard } from "./auth.ts";
 * import { handleError } from "./errors.ts";
 * import { RateLimiter } from "./rate_limit.ts";
 * const failures = new RateLimiter(10, 60_000);
 * const api = new Hono().onError(handleError);
 * api.post("/shares", uploadTokenGuard("s3cret", failures), (c) => c.text("created", 201));
 * const post = (auth?: string) =>
 *   api.request("/shares", { method: "POST", headers: auth ? { Authorization: auth } : {} });
 * assert((await post()).status === 401);
 * assert((await post("Bearer guess")).status === 403);
 * assert((await post("Bearer s3cret")).status === 201);
 * ```
 */
export function uploadTokenGuard(
  uploadToken: string | null,
  failures: Limiter,
): MiddlewareHandler {
  if (uploadToken === null) return (_c, next) => next();
  const expected = sha256(uploadToken);
  return async (c, next) => {
    await failures.check(c);
    if (!bytesEqual(sha256(bearer(c)), expected)) {
      await failures.hit(c);
      throw new HttpError("bad_token", "Wrong upload token");
    }
    await next();
  };
}
