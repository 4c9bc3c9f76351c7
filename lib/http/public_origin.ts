/**
 * The origin a response names in its links and commands, and how it may be cached. With
 * `PUBLIC_URL` set that origin is fixed, and a shared cache may keep the response. Without it the
 * origin comes from the request's `Host`, which the client chooses: a shared cache (a proxy that
 * keys on the path, or on a Host it rewrites) could then keep one client's Host and serve it to
 * everyone, so such a response is `private` and varies by `Host`.
 * @module
 */
import type { Context } from "hono";

/**
 * Returns the public origin for this request and sets `Cache-Control` to `cache` (`"no-cache"`,
 * `"max-age=3600"`), marked `public` for a configured origin and `private` for one taken from
 * the request.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { publicOrigin } from "./public_origin.ts";
 * const app = new Hono().get("/", (c) => c.text(publicOrigin(c, null, "max-age=60")));
 * const res = await app.request("http://share.example/");
 * assert.equal(await res.text(), "http://share.example");
 * assert.equal(res.headers.get("Cache-Control"), "private, max-age=60");
 * ```
 */
export function publicOrigin(c: Context, publicUrl: string | null, cache: string): string {
  if (publicUrl !== null) {
    c.header("Cache-Control", `public, ${cache}`);
    return publicUrl;
  }
  c.header("Cache-Control", `private, ${cache}`);
  c.header("Vary", "Host", { append: true });
  return new URL(c.req.url).origin;
}
