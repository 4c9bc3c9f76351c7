/**
 * Builds the whole application: security headers on every response, the API at `/api`, the
 * pages at `/`. The KV handle and clock are injected so tests run against temp KV files and a
 * controllable time.
 * @module
 */
import { Hono } from "hono";
import type { Config } from "./config.ts";
import { handleError } from "./http/errors.ts";
import { securityHeaders } from "./http/security_headers.ts";
import { ShareStore } from "./store/shares.ts";
import { apiRoutes } from "../routes/api/mod.ts";
import { pageRoutes } from "../routes/pages.tsx";
import { llmsRoutes } from "../routes/llms.ts";

/** What the application is built from. */
export interface AppDeps {
  kv: Deno.Kv;
  config: Config;
  /** Clock in milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** The share store; built from `kv` when absent (tests pass one to await its clean-ups). */
  store?: ShareStore;
}

/**
 * Creates the Hono application and starts the store's queue listener on `kv`.
 * @example
 * ```ts
 * const app = createApp({ kv: await Deno.openKv(":memory:"), config: loadConfig({}) });
 * Deno.serve((req, info) => app.fetch(req, info));
 * ```
 */
export function createApp(deps: AppDeps): Hono {
  const { kv, config } = deps;
  const now = deps.now ?? Date.now;
  const store = deps.store ??
    new ShareStore(kv, { partSize: config.partSize, uploadTtl: config.uploadTtl, now });
  store.listen().catch((err) => console.error("queue listener stopped:", err));
  const app = new Hono();
  app.use(securityHeaders(config.publicUrl?.startsWith("https:") ?? false));
  app.onError(handleError);
  app.route("/api", apiRoutes({ kv, config, store, now }));
  app.route("/", llmsRoutes({ publicUrl: config.publicUrl }));
  app.route("/", pageRoutes(deps));
  return app;
}
