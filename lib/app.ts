/**
 * Builds the whole application: security headers on every response, the API at `/api`, the
 * pages at `/`. The KV handle and clock are injected so tests run against temp KV files and a
 * controllable time.
 * @module
 */
import { Hono } from "hono";
import type { Config } from "./config.ts";
import { accessLogger, observeRequests } from "./http/access_log.ts";
import { handleError } from "./http/errors.ts";
import { Metrics } from "./metrics.ts";
import { securityHeaders } from "./http/security_headers.ts";
import { ShareStore } from "./store/shares.ts";
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
  /** The share store; built from `kv` when absent (tests pass one to await its clean-ups). */
  store?: ShareStore;
  /** The counters behind `GET /metrics`; a fresh set when absent. */
  metrics?: Metrics;
  /** Where access-log lines go (main.ts: stdout unless `ACCESS_LOG=0`); no access log when absent. */
  accessLog?: (line: string) => void;
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
  return new ShareStore(kv, {
    partSize: config.partSize,
    uploadTtl: config.uploadTtl,
    maxStorageBytes: config.maxStorageBytes,
    now,
  });
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
  store.listen().catch((err) => console.error("queue listener stopped:", err));
  const metrics = deps.metrics ?? new Metrics();
  const app = new Hono();
  // First, so that it sees every answer as sent, security headers and error responses included.
  app.use(observeRequests(deps.accessLog ? [metrics, accessLogger(deps.accessLog)] : [metrics]));
  app.use(securityHeaders(config.publicUrl?.startsWith("https:") ?? false));
  app.onError(handleError);
  app.route("/api", apiRoutes({ kv, config, store, now }));
  app.route("/", metricsRoutes({ metrics, config, now }));
  app.route("/", llmsRoutes({ publicUrl: config.publicUrl }));
  app.route("/", pageRoutes({ config, store }));
  return app;
}
