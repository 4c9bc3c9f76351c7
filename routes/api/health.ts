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
 * setTimeout(() => {}, HEALTH_TIMEOUT_MS);
 * ```
 */
export const HEALTH_TIMEOUT_MS = 5_000;

/**
 * The health handler for `kv`.
 * @example
 * ```ts
 * api.get("/health", healthHandler(kv));
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
