/**
 * Refuses API writes sent by pages of another site. A browser adds `Origin` to every cross-site
 * POST, PUT and DELETE, and a `text/plain` POST needs no CORS preflight: without this check any
 * web page could make its visitors' browsers create shares here (with their IP addresses against
 * our rate limits and quotas). Requests without `Origin` (the share script, curl) are not from a
 * browser page and pass.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { HttpError } from "./errors.ts";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Whether a write with this `Origin` comes from this service: `publicUrl` (an origin, as
 * lib/config.ts keeps it) when set; otherwise the host the request was sent to, under either scheme (behind a TLS proxy the
 * request says `http:` while the browser's `Origin` says `https:`). `null` (sandboxed frames,
 * some redirects) is never ours.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isOwnOrigin } from "./same_origin.ts";
 * assert(isOwnOrigin("https://share.example", "share.example", null));
 * assert(!isOwnOrigin("https://evil.example", "share.example", null));
 * assert(!isOwnOrigin("null", "share.example", null));
 * ```
 */
export function isOwnOrigin(
  origin: string,
  host: string | undefined,
  publicUrl: string | null,
): boolean {
  // lib/config.ts keeps PUBLIC_URL as an origin already.
  if (publicUrl !== null) return origin === publicUrl;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  const schemeOk = parsed.protocol === "http:" || parsed.protocol === "https:";
  return schemeOk && host !== undefined && parsed.host === host.toLowerCase() &&
    origin === parsed.origin;
}

/**
 * Middleware: 403 `cross_origin` for a write whose `Origin` is not this service's.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { handleError } from "./errors.ts";
 * import { sameOriginWrites } from "./same_origin.ts";
 * const api = new Hono().use(sameOriginWrites(null)).post("/", (c) => c.text("made"));
 * api.onError(handleError);
 * const res = await api.request("http://share.example/", {
 *   method: "POST",
 *   headers: { Origin: "https://evil.example" },
 * });
 * assert.equal(res.status, 403);
 * ```
 */
export function sameOriginWrites(publicUrl: string | null): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header("Origin");
    if (origin !== undefined && WRITES.has(c.req.method)) {
      if (!isOwnOrigin(origin, c.req.header("Host"), publicUrl)) {
        throw new HttpError(
          "cross_origin",
          `Refused a write from a page of another site (Origin: ${JSON.stringify(origin)})`,
        );
      }
    }
    await next();
  };
}
