/**
 * One HTTP request to the hushlink API, with the server's JSON errors turned into typed errors,
 * and a retry loop with exponential backoff for the requests that are safe to repeat.
 * Uses only `fetch`, so it runs in Deno and in the browser.
 * @module
 */
import { ErrorBody, isApiErrorCode, type Schema, SchemaError } from "../api/mod.ts";
import { ApiError, NetworkError, NotFoundError, ServerError } from "./errors.ts";

/** Options shared by every client call. */
export interface RequestOptions {
  /** Cancels the request (and any retry wait). */
  signal?: AbortSignal;
  /** The fetch to use; the global one by default (tests and embedders may pass their own). */
  fetch?: typeof fetch;
}

/**
 * Sends `init` to `server` + `path`. Resolves with the response when its status is 2xx;
 * otherwise throws {@link NotFoundError} (404), {@link ServerError} (5xx or a non-API answer),
 * {@link ApiError} (other 4xx) or {@link NetworkError} (no answer, or none within `timeoutMs`
 * when given). An abort rejects with the signal's reason.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { apiRequest } from "./http.ts";
 * import { ApiError } from "./errors.ts";
 * // Stands in for the server; over the network, leave out `fetch`.
 * const fetch = ((input: URL | RequestInfo) =>
 *   Promise.resolve(
 *     String(input).endsWith("/api/config")
 *       ? Response.json({ partSize: 4194304 })
 *       : Response.json({ error: { code: "bad_field", message: "views: too many" } }, { status: 400 }),
 *   )) as typeof globalThis.fetch;
 * const res = await apiRequest("http://localhost:8000", "/api/config", { method: "GET" }, { fetch });
 * assert.deepEqual(await res.json(), { partSize: 4194304 });
 * await assert.rejects(
 *   apiRequest("http://localhost:8000", "/api/shares", { method: "POST" }, { fetch }),
 *   (e) => e instanceof ApiError && e.serverCode === "bad_field",
 * );
 * ```
 */
export async function apiRequest(
  server: string,
  path: string,
  init: RequestInit,
  options: RequestOptions = {},
  timeoutMs?: number,
): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  // A stalled server must not hang an upload for ever: the attempt fails and can be retried.
  const timer = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const signal = timer && options.signal
    ? AbortSignal.any([options.signal, timer])
    : timer ?? options.signal;
  let res: Response;
  try {
    res = await doFetch(new URL(path, server), { ...init, signal });
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new NetworkError(new URL(server).origin, e, timer?.aborted ?? false);
  }
  if (res.ok) return res;
  throw await errorFrom(res);
}

/** Reads the API's `{"error":{"code","message"}}` body and builds the matching typed error. */
async function errorFrom(res: Response): Promise<ApiError> {
  if (res.status === 404) {
    await res.body?.cancel();
    return new NotFoundError();
  }
  let serverCode: ApiError["serverCode"] = "unknown";
  let message = `the server answered ${res.status} ${res.statusText}`.trim();
  try {
    const { error } = ErrorBody.parse(await res.json(), "error answer");
    if (isApiErrorCode(error.code)) serverCode = error.code;
    message = error.message;
  } catch {
    // Not the API's JSON (a proxy page, say): keep the status line as the message.
  }
  const header = res.headers.get("retry-after");
  const retryAfter = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  // 507 (storage full) is the server's considered answer, not a failure a retry could fix.
  if ((res.status >= 500 && res.status !== 507) || serverCode === "unknown") {
    return new ServerError(res.status, serverCode, message, retryAfter);
  }
  return new ApiError(res.status, serverCode, message, retryAfter);
}

/**
 * Reads a successful answer's JSON body and checks it against the contract. An answer that is
 * not the API's (a proxy's page, another service at that address) is a {@link ServerError}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readAnswer } from "./http.ts";
 * import { ServerConfig } from "../api/mod.ts";
 * const res = Response.json({
 *   partSize: 4194304,
 *   maxShareBytes: 1073741824,
 *   defaultExpires: 604800,
 *   maxExpires: 2592000,
 *   maxViews: 1000,
 *   uploadTokenRequired: false,
 * }); // as from apiRequest(server, "/api/config", { method: "GET" })
 * const config = await readAnswer(res, ServerConfig);
 * assert(config.maxViews === 1000);
 * ```
 */
export async function readAnswer<T>(res: Response, schema: Schema<T>): Promise<T> {
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ServerError(res.status, "unknown", "the server's answer is not JSON");
  }
  try {
    return schema.parse(json, "answer");
  } catch (e) {
    if (!(e instanceof SchemaError)) throw e;
    throw new ServerError(
      res.status,
      "unknown",
      `the server's answer is not the API's: ${e.message}`,
    );
  }
}

/**
 * Whether a failed attempt may succeed when repeated: no answer, a 5xx, or rate limiting.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isRetryable } from "./http.ts";
 * import { NetworkError, NotFoundError } from "./errors.ts";
 * assert(isRetryable(new NetworkError("http://localhost:8000")));
 * assert(!isRetryable(new NotFoundError()));
 * ```
 */
export function isRetryable(e: unknown): boolean {
  return e instanceof NetworkError || e instanceof ServerError ||
    (e instanceof ApiError && e.status === 429);
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** Wait before the second attempt in ms, doubled for each further one (default 250). */
  baseDelay?: number;
  /** Stops waiting and retrying. */
  signal?: AbortSignal;
}

/**
 * Runs `attempt` until it succeeds, it fails with an error that is not {@link isRetryable}, or
 * the attempts run out (then the last error is thrown). Waits grow exponentially with jitter, and
 * follow the server's `Retry-After` when it is longer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withRetry } from "./http.ts";
 * import { NetworkError } from "./errors.ts";
 * let calls = 0;
 * const answer = await withRetry(() => {
 *   calls++; // fails once, as a dropped connection would, then answers
 *   if (calls === 1) return Promise.reject(new NetworkError("http://localhost:8000"));
 *   return Promise.resolve("ok");
 * }, { attempts: 3, baseDelay: 1 });
 * assert(answer === "ok" && calls === 2);
 * ```
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const baseDelay = options.baseDelay ?? 250;
  for (let i = 1;; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= attempts || !isRetryable(e) || options.signal?.aborted) throw e;
      const backoff = baseDelay * 2 ** (i - 1) * (0.5 + Math.random());
      const asked = e instanceof ApiError && e.retryAfter !== null ? e.retryAfter * 1000 : 0;
      await sleep(Math.max(backoff, asked), options.signal);
    }
  }
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
