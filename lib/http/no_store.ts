/**
 * `Cache-Control: no-store` on every API response: nothing about a share may linger in a cache.
 * @module
 */
import type { MiddlewareHandler } from "hono";

/**
 * Middleware setting `Cache-Control: no-store` after the handler ran.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { noStore } from "./no_store.ts";
 * const api = new Hono();
 * api.use(noStore);
 * api.get("/", (c) => c.text("ok"));
 * assert((await api.request("/")).headers.get("Cache-Control") === "no-store");
 * ```
 */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
};
