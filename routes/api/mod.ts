/**
 * The `/api` sub-application: configuration, health, and the share routes, all answered with
 * `Cache-Control: no-store` and JSON errors.
 * @module
 */
import { Hono } from "hono";
import { type Config, publicConfig } from "../../lib/config.ts";
import { errorResponse, HttpError } from "../../lib/http/errors.ts";
import { noStore } from "../../lib/http/no_store.ts";
import { sameOriginWrites } from "../../lib/http/same_origin.ts";
import { type Limiter, RateLimiter } from "../../lib/http/rate_limit.ts";
import type { ShareAccess } from "../../lib/store/shares.ts";
import { healthHandler } from "./health.ts";
import { shareRoutes } from "./shares.ts";

/** What the API needs. */
export interface ApiDeps {
  kv: Deno.Kv;
  config: Config;
  store: ShareAccess;
  now: () => number;
  /** Counts share creations per client (a fresh {@link RateLimiter} when absent). */
  creates?: Limiter;
  /** Counts failed token attempts per client (a fresh {@link RateLimiter} when absent). */
  failures?: Limiter;
}

/**
 * Builds the API routes (mounted at `/api`, on an app whose onError is `handleError`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { apiRoutes } from "./mod.ts";
 * import { createStore } from "../../lib/app.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { handleError } from "../../lib/http/errors.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const config = loadConfig({});
 * const store = createStore(kv, config);
 * const app = new Hono().onError(handleError);
 * app.route("/api", apiRoutes({ kv, config, store, now: Date.now }));
 * assert.equal((await app.request("/api/config")).status, 200);
 * ```
 */
export function apiRoutes(deps: ApiDeps): Hono {
  const { kv, config, store, now } = deps;
  const windowMs = config.rateLimitWindow * 1000;
  const creates = deps.creates ??
    new RateLimiter(config.rateLimitCreates, windowMs, now, config.trustProxy);
  const failures = deps.failures ??
    new RateLimiter(config.rateLimitFailures, windowMs, now, config.trustProxy);
  const limits = publicConfig(config);

  const api = new Hono();
  api.use(noStore);
  api.use(sameOriginWrites(config.publicUrl));
  api.get("/config", (c) => c.json(limits));
  api.get("/health", healthHandler(kv));
  api.route("/shares", shareRoutes({ store, config, creates, failures }));
  api.all("*", (c) => errorResponse(c, new HttpError("not_found", "No such API route")));
  return api;
}
