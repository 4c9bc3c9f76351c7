/**
 * `Cache-Control: no-store` on every API response: nothing about a share may linger in a cache.
 * @module
 */
import type { MiddlewareHandler } from "hono";

/**
 * Middleware setting `Cache-Control: no-store` after the handler ran.
 * @example
 * ```ts
 * api.use(noStore);
 * ```
 */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
};
