/**
 * Reading request bodies with a hard size limit that cuts the stream off as soon as it is
 * exceeded (never buffering more than the limit), and parsing JSON bodies into 4xx errors. A body
 * that stops arriving (a stalled or vanished client that keeps its connection open) is cut off
 * after an idle timeout, so it cannot hold a request, and the memory behind it, for ever.
 * @module
 */
import type { Context } from "hono";
import { ApiError } from "./errors.ts";

function tooLarge(limit: number): ApiError {
  return new ApiError(413, "too_large", `Request body exceeds ${limit} bytes`);
}

/**
 * Idle time a body may take between two pieces when the caller names none (the `bodyTimeout`
 * default of lib/config.ts).
 * @example
 * ```ts
 * const body = idleTimeout(req.body!, BODY_TIMEOUT_MS);
 * ```
 */
export const BODY_TIMEOUT_MS = 30_000;

/**
 * Wraps a request body so that waiting more than `ms` for its next bytes errors the stream with
 * 408 `body_timeout` and cancels the body. Only time spent waiting on the client counts (not time
 * the consumer takes, e.g. KV writes), and the clock restarts with every piece, so a slow but
 * steady upload is never cut off; only one that stopped is.
 * @example
 * ```ts
 * await store.putPart(id, index, hash, idleTimeout(c.req.raw.body!, 30_000), length);
 * ```
 */
export function idleTimeout(
  body: ReadableStream<Uint8Array>,
  ms: number,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  // One timer re-armed as needed, not one per read: a 1 GiB part arrives in tens of thousands of
  // pieces, and a timer per piece would cost more than the piece's own handling.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingSince: number | null = null;
  let timedOut: ApiError | null = null;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const check = () => {
    timer = undefined;
    if (waitingSince === null) return; // the next read arms it again
    const idle = performance.now() - waitingSince;
    if (idle < ms) {
      timer = setTimeout(check, ms - idle);
      return;
    }
    timedOut = new ApiError(
      408,
      "body_timeout",
      `The request body sent nothing for ${Math.round(ms / 1000)} s; send it again`,
    );
    // Ends the pending read, and tells the HTTP layer the rest of the body is not wanted.
    reader.cancel(timedOut).catch(() => {});
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      waitingSince = performance.now();
      if (timer === undefined) timer = setTimeout(check, ms);
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (err) {
        stop();
        // A read fails when the client closed or reset the connection mid-body: its fault, a 400.
        if (err instanceof ApiError) throw err;
        throw new ApiError(400, "bad_request", "The request body ended before it was complete");
      } finally {
        waitingSince = null;
      }
      if (timedOut) {
        stop();
        controller.error(timedOut);
      } else if (result.done) {
        stop();
        controller.close();
      } else {
        controller.enqueue(result.value);
      }
    },
    cancel() {
      stop();
      // Released, not cancelled: Deno answers a cancel by reading and discarding the rest of the
      // body, which for an endless upload cut off at its limit would go on for ever. Left unread,
      // the rest is never read and TCP holds the client back.
      reader.releaseLock();
    },
  }, { highWaterMark: 0 });
}

/**
 * The `Content-Length` of a request as a number, null when absent; 400 when malformed.
 * @example
 * ```ts
 * const length = contentLength(c); // 1234 or null
 * ```
 */
export function contentLength(c: Context): number | null {
  const raw = c.req.header("Content-Length");
  if (raw === undefined) return null;
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, "bad_request", "Malformed Content-Length");
  return Number(raw);
}

/**
 * Reads the whole body, at most `limit` bytes (413 `too_large` beyond, while streaming), failing
 * with 408 `body_timeout` when it sends nothing for `timeoutMs`.
 * @example
 * ```ts
 * const bytes = await readLimited(c, 65_536);
 * ```
 */
export async function readLimited(
  c: Context,
  limit: number,
  timeoutMs = BODY_TIMEOUT_MS,
): Promise<Uint8Array> {
  const declared = contentLength(c);
  if (declared !== null && declared > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const pieces: Uint8Array[] = [];
  let total = 0;
  const reader = idleTimeout(body, timeoutMs).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    pieces.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}

/**
 * Reads and parses a JSON object body of at most `limit` bytes: 400 `invalid_json` for anything
 * that is not a JSON object (408 `body_timeout` for one that stalls, see {@link readLimited}).
 * @example
 * ```ts
 * const body = await readJsonObject(c, 6_000_000);
 * ```
 */
export async function readJsonObject(
  c: Context,
  limit: number,
  timeoutMs = BODY_TIMEOUT_MS,
): Promise<Record<string, unknown>> {
  const bytes = await readLimited(c, limit, timeoutMs);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError(400, "invalid_json", "The body must be a JSON object");
  }
  return value as Record<string, unknown>;
}
