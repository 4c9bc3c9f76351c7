/**
 * `GET /metrics`: this process's counters in Prometheus' text format, every thread's added up.
 * Open unless `METRICS_TOKEN` is set; then a scraper must send `Authorization: Bearer
 * <METRICS_TOKEN>` (401 without, 403 for a wrong one; failed attempts count against the client's
 * failure limit like any token).
 * @module
 */
import { Hono } from "hono";
import type { Config } from "../lib/config.ts";
import { bearer } from "../lib/http/auth.ts";
import { HttpError } from "../lib/http/errors.ts";
import { type Limiter, RateLimiter } from "../lib/http/rate_limit.ts";
import { type Metrics, type MetricsSnapshot, metricsText } from "../lib/metrics.ts";
import { bytesEqual } from "../lib/crypto/mod.ts";
import { sha256 } from "../lib/store/tokens.ts";

/** What the metrics route needs. */
export interface MetricsDeps {
  metrics: Metrics;
  config: Config;
  now?: () => number;
  /** Counts failed token attempts per client (the API's; a fresh {@link RateLimiter} when absent). */
  failures?: Limiter;
  /** Every thread's counters, this one's included; just `metrics` when absent (one thread). */
  snapshots?: () => Promise<MetricsSnapshot[]>;
}

/**
 * Builds the `/metrics` route (mounted at `/`, on an app whose onError is `handleError`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { metricsRoutes } from "./metrics.ts";
 * import { loadConfig } from "../lib/config.ts";
 * import { Metrics } from "../lib/metrics.ts";
 * import { handleError } from "../lib/http/errors.ts";
 * const metrics = new Metrics();
 * const config = loadConfig({ METRICS_TOKEN: "an-example-metrics-token" });
 * const app = new Hono().onError(handleError);
 * app.route("/", metricsRoutes({ metrics, config }));
 * assert.equal((await app.request("/metrics")).status, 401);
 * const res = await app.request("/metrics", { headers: { Authorization: "Bearer an-example-metrics-token" } });
 * assert((await res.text()).includes("hushlink_shares_created_total"));
 * ```
 */
export function metricsRoutes(deps: MetricsDeps): Hono {
  const { metrics, config } = deps;
  const expected = config.metricsToken === null ? null : sha256(config.metricsToken);
  const failures = deps.failures ?? new RateLimiter(
    config.rateLimitFailures,
    config.rateLimitWindow * 1000,
    deps.now,
    config.trustProxy,
  );
  const snapshots = deps.snapshots ?? (() => Promise.resolve([metrics.snapshot()]));
  const app = new Hono();
  app.get("/metrics", async (c) => {
    if (expected) {
      await failures.check(c);
      if (!bytesEqual(sha256(bearer(c)), expected)) {
        await failures.hit(c);
        throw new HttpError("bad_token", "Wrong metrics token");
      }
    }
    return c.text(metricsText(await snapshots()), 200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
      "Cache-Control": "no-store",
    });
  });
  return app;
}
