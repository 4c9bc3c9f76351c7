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
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { publicOrigin } from "./context.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * const config = loadConfig({ PUBLIC_URL: "https://share.example" });
 * const app = new Hono();
 * app.get("/", (c) => c.text(publicOrigin(c, config)));
 * assert.equal(await (await app.request("http://10.0.0.5:8000/")).text(), "https://share.example");
 * ```
 */
export function publicOrigin(c: Context, config: Config): string {
  return config.publicUrl ?? new URL(c.req.url).origin;
}
