/**
 * Builds the whole application: security headers on every response, the API at `/api`, the
 * pages at `/`. The KV handle and clock are injected so tests run against temp KV files and a
 * controllable time. The main thread builds it around a {@link ShareStore}; a worker thread of a
 * multi-threaded server builds the same app around the store, rate limiters and metrics of
 * lib/serve/, which leave writes, counting and summing to the main thread.
 * @module
 */
import { Hono } from "hono";
import { RegExpRouter } from "hono/router/reg-exp-router";
import type { Config } from "./config.ts";
import { accessLogger, observeRequests } from "./http/access_log.ts";
import { handleError } from "./http/errors.ts";
import { Metrics, type MetricsSnapshot } from "./metrics.ts";
import { type Limiter, RateLimiter } from "./http/rate_limit.ts";
import { securityHeaders } from "./http/security_headers.ts";
import { type ShareAccess, ShareStore, type StoreOptions } from "./store/shares.ts";
import { apiRoutes } from "../routes/api/mod.ts";
import { pageRoutes } from "../routes/pages.tsx";
import { llmsRoutes } from "../routes/llms.ts";
import { metricsRoutes } from "../routes/metrics.ts";

/** What the application is built from. */
export interface AppDeps {
  kv: Deno.Kv;
  config: Config;
  /** Clock in milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /**
   * The share store; built from `kv` when absent (tests pass one to await its clean-ups). A
   * {@link ShareStore} gets its queue listener started here; a worker thread passes its remote
   * store (lib/serve/remote_store.ts), whose background work is the main thread's.
   */
  store?: ShareAccess;
  /** The counters behind `GET /metrics`; a fresh set when absent. */
  metrics?: Metrics;
  /** Where access-log lines go (main.ts: stdout unless `ACCESS_LOG=0`); no access log when absent. */
  accessLog?: (line: string) => void;
  /** The rate limiters; {@link createLimiters} when absent. */
  limiters?: Limiters;
  /** Every thread's counters for `GET /metrics` (this one's included); `metrics` alone when absent. */
  snapshots?: () => Promise<MetricsSnapshot[]>;
}

/** The app's per-client rate limits. */
export interface Limiters {
  /** Share creations (`RATE_LIMIT_CREATES`). */
  creates: Limiter;
  /** Failed token attempts, on every route that takes a token (`RATE_LIMIT_FAILURES`). */
  failures: Limiter;
}

/**
 * The rate limiters as the configuration sets them; main.ts builds them to count for worker
 * threads too.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLimiters } from "./app.ts";
 * import { loadConfig } from "./config.ts";
 * const { failures } = createLimiters(loadConfig({ RATE_LIMIT_FAILURES: "1" }));
 * failures.hitClient("192.0.2.7"); // one failed token attempt: at the limit of 1
 * assert.throws(() => failures.checkClient("192.0.2.7")); // 429 until the window ends
 * ```
 */
export function createLimiters(
  config: Config,
  now: () => number = Date.now,
): { creates: RateLimiter; failures: RateLimiter } {
  const windowMs = config.rateLimitWindow * 1000;
  return {
    creates: new RateLimiter(config.rateLimitCreates, windowMs, now, config.trustProxy),
    failures: new RateLimiter(config.rateLimitFailures, windowMs, now, config.trustProxy),
  };
}

/**
 * The settings of the share store as the configuration sets them (the main thread's store and a
 * worker thread's reading store alike).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { storeOptions } from "./app.ts";
 * import { loadConfig } from "./config.ts";
 * assert.equal(storeOptions(loadConfig({ MAX_STORAGE_BYTES: "1000000" })).maxStorageBytes, 1_000_000);
 * ```
 */
export function storeOptions(config: Config, now: () => number = Date.now): StoreOptions {
  return {
    partSize: config.partSize,
    uploadTtl: config.uploadTtl,
    maxStorageBytes: config.maxStorageBytes,
    now,
  };
}

/**
 * The share store for `kv` as the app configures it (main.ts builds its own with this, to await
 * its background work before closing KV on shutdown).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createStore } from "./app.ts";
 * import { loadConfig } from "./config.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const store = createStore(kv, loadConfig({}));
 * assert(typeof store.listen === "function"); // main.ts awaits its work before kv.close()
 * ```
 */
export function createStore(kv: Deno.Kv, config: Config, now: () => number = Date.now): ShareStore {
  return new ShareStore(kv, storeOptions(config, now));
}

/**
 * Creates the Hono application and starts the store's queue listener on `kv`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createApp } from "./app.ts";
 * import { loadConfig } from "./config.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const app = createApp({ kv, config: loadConfig({}) });
 * // main.ts serves it: Deno.serve((req, info) => app.fetch(req, info));
 * const res = await app.request("/api/config");
 * assert(res.status === 200 && (await res.json()).partSize > 0);
 * ```
 */
export function createApp(deps: AppDeps): Hono {
  const { kv, config } = deps;
  const now = deps.now ?? Date.now;
  const store = deps.store ?? createStore(kv, config, now);
  if (store instanceof ShareStore) {
    store.listen().catch((err) => console.error("queue listener stopped:", err));
  }
  const metrics = deps.metrics ?? new Metrics();
  const { creates, failures } = deps.limiters ?? createLimiters(config, now);
  // RegExpRouter matches a request with one regular expression; Hono's default SmartRouter falls
  // back to its slower, allocating TrieRouter when any route is beyond RegExpRouter, silently.
  // Here such a route fails the first request instead. The routes' own apps have no onError:
  // Hono wraps every route of an app that has one in a further handler chain, per request.
  const app = new Hono({ router: new RegExpRouter() });
  // First, so that it sees every answer as sent, security headers and error responses included.
  app.use(observeRequests(deps.accessLog ? [metrics, accessLogger(deps.accessLog)] : [metrics]));
  app.use(securityHeaders(config.publicUrl?.startsWith("https:") ?? false));
  app.onError(handleError);
  app.route("/api", apiRoutes({ kv, config, store, now, creates, failures }));
  app.route("/", metricsRoutes({ metrics, config, now, failures, snapshots: deps.snapshots }));
  app.route("/", llmsRoutes({ publicUrl: config.publicUrl }));
  app.route("/", pageRoutes({ config, store }));
  return app;
}
