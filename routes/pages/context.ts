/**
 * What every page needs from the request and the app: the public origin and the built assets.
 * @module
 */
import type { Context } from "hono";
import type { Config } from "../../lib/config.ts";

/**
 * The origin used in links and commands: PUBLIC_URL when set (behind a proxy), else the origin
 * the request came to.
 * @example
 * ```ts
 * publicOrigin(c, config); // "https://share.example"
 * ```
 */
export function publicOrigin(c: Context, config: Config): string {
  return config.publicUrl ?? new URL(c.req.url).origin;
}
