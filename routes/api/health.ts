/**
 * `GET /api/health`: 200 `{"ok":true}` when a real read from KV succeeds, else 503
 * `storage_unavailable` — also when the read hangs (a remote KV that stopped answering), so a load
 * balancer's probe gets an answer within {@link HEALTH_TIMEOUT_MS}.
 * @module
 */
import type { Context } from "hono";
import { errorResponse, HttpError } from "../../lib/http/errors.ts";

/**
 * How long the health read may take before the check fails.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HEALTH_TIMEOUT_MS } from "./health.ts";
 * assert.equal(HEALTH_TIMEOUT_MS, 5_000); // a KV that takes longer makes /api/health answer 503
 * ```
 */
export const HEALTH_TIMEOUT_MS = 5_000;

/**
 * The health handler for `kv`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { healthHandler } from "./health.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const api = new Hono();
 * api.get("/health", healthHandler(kv));
 * assert.equal((await api.request("/health")).status, 200);
 * ```
 */
export function healthHandler(kv: Deno.Kv): (c: Context) => Promise<Response> {
  return async (c) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        kv.get(["health"]),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("timed out")), HEALTH_TIMEOUT_MS);
        }),
      ]);
      return c.json({ ok: true });
    } catch {
      return errorResponse(
        c,
        new HttpError("storage_unavailable", "The storage does not answer"),
      );
    } finally {
      clearTimeout(timer);
    }
  };
}
