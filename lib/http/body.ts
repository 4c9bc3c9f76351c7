/**
 * Reading request bodies with a hard size limit that cuts the stream off as soon as it is
 * exceeded (never buffering more than the limit), and parsing JSON bodies into 4xx errors. A body
 * that stops arriving (a stalled or vanished client that keeps its connection open) is cut off
 * after an idle timeout, so it cannot hold a request, and the memory behind it, for ever.
 * @module
 */
import type { Context } from "hono";
import { relayBytes } from "./byte_relay.ts";
import { HttpError } from "./errors.ts";

function stalled(ms: number): HttpError {
  return new HttpError(
    "body_timeout",
    `The request body sent nothing for ${Math.round(ms / 1000)} s; send it again`,
  );
}

function tooLarge(limit: number): HttpError {
  return new HttpError("too_large", `Request body exceeds ${limit} bytes`);
}

/**
 * Idle time a body may take between two pieces when the caller names none (the `bodyTimeout`
 * default of lib/config.ts).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BODY_TIMEOUT_MS, idleTimeout } from "./body.ts";
 * const req = new Request("http://localhost/", { method: "PUT", body: "part bytes" });
 * const body = idleTimeout(req.body!, BODY_TIMEOUT_MS);
 * assert((await new Response(body).text()) === "part bytes");
 * ```
 */
export const BODY_TIMEOUT_MS = 30_000;

/**
 * Wraps a request body so that waiting more than `ms` for its next bytes errors the stream with
 * 408 `body_timeout` and cancels the body. Only time spent waiting on the client counts (not time
 * the consumer takes, e.g. KV writes), and the clock restarts with every piece, so a slow but
 * steady upload is never cut off; only one that stopped is. A BYOB read of the result reads
 * straight into the caller's buffer (lib/http/byte_relay.ts).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { idleTimeout } from "./body.ts";
 * // A client that sends one chunk and then nothing: the read fails after 20 ms of silence.
 * const stalled = new ReadableStream<Uint8Array>({
 *   start: (c) => c.enqueue(new Uint8Array([1])),
 * });
 * const reader = idleTimeout(stalled, 20).getReader();
 * assert.deepEqual((await reader.read()).value, new Uint8Array([1]));
 * await assert.rejects(reader.read());
 * ```
 */
export function idleTimeout(
  body: ReadableStream<Uint8Array>,
  ms: number,
): ReadableStream<Uint8Array> {
  // One timer re-armed as needed, not one per read: a 1 GiB part arrives in tens of thousands of
  // pieces, and a timer per piece would cost more than the piece's own handling.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingSince: number | null = null;
  let timedOut: HttpError | null = null;
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
    timedOut = stalled(ms);
    // Ends the pending read, and tells the HTTP layer the rest of the body is not wanted.
    relayed.reader.cancel(timedOut).catch(() => {});
  };
  const relayed = relayBytes(body, {
    async read(read) {
      waitingSince = performance.now();
      if (timer === undefined) timer = setTimeout(check, ms);
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await read();
      } catch (err) {
        stop();
        // A read fails when the client closed or reset the connection mid-body: its fault, a 400.
        if (err instanceof HttpError) throw err;
        throw new HttpError("bad_request", "The request body ended before it was complete");
      } finally {
        waitingSince = null;
      }
      if (timedOut) {
        stop();
        throw timedOut;
      }
      if (result.done) stop();
      return result;
    },
    cancel(_reason, reader) {
      stop();
      // Released, not cancelled: Deno answers a cancel by reading and discarding the rest of the
      // body, which for an endless upload cut off at its limit would go on for ever. Left unread,
      // the rest is never read and TCP holds the client back.
      reader.releaseLock();
    },
  });
  return relayed.stream;
}

/** A body read waiting on its client since `since` (performance.now), cut off after `ms`. */
interface Wait {
  since: number;
  ms: number;
  expire(): void;
}

/**
 * Body reads waiting on their clients, watched by one timer for all of them: a timer per request
 * (set, then cleared a few microseconds later) costs more than the read of a small body. The
 * timer is armed for the earliest deadline and, when it fires, cuts off the reads that are due
 * and re-arms for the next; under steady load deadlines only grow, so it is rarely re-armed. It
 * is unref'd: waiting reads belong to requests, which keep the process alive by themselves.
 */
const waits = new Set<Wait>();
let watchdog: ReturnType<typeof setTimeout> | undefined;
let watchdogAt = Infinity;

function armWatchdog(due: number): void {
  clearTimeout(watchdog);
  watchdogAt = due;
  watchdog = setTimeout(sweepWaits, Math.max(0, due - performance.now()));
  Deno.unrefTimer(watchdog as unknown as number);
}

function sweepWaits(): void {
  watchdog = undefined;
  watchdogAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const wait of waits) {
    if (now - wait.since >= wait.ms) {
      waits.delete(wait);
      wait.expire();
    } else next = Math.min(next, wait.since + wait.ms);
  }
  if (next < Infinity) armWatchdog(next);
}

/** (Re)starts `wait`'s clock: it is cut off unless it leaves {@link waits} within its `ms`. */
function watch(wait: Wait): void {
  wait.since = performance.now();
  waits.add(wait);
  const due = wait.since + wait.ms;
  if (due < watchdogAt) armWatchdog(due);
}

/**
 * The `Content-Length` of a request as a number, null when absent; 400 when malformed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { contentLength } from "./body.ts";
 * const app = new Hono();
 * app.post("/", (c) => c.json(contentLength(c)));
 * const res = await app.request("/", { method: "POST", body: "1234", headers: { "Content-Length": "4" } });
 * assert((await res.json()) === 4);
 * ```
 */
export function contentLength(c: Context): number | null {
  const raw = c.req.header("Content-Length");
  if (raw === undefined) return null;
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError("bad_request", "Malformed Content-Length");
  return Number(raw);
}

/**
 * Reads the whole body, at most `limit` bytes (413 `too_large` beyond, while streaming), failing
 * with 408 `body_timeout` when it sends nothing for `timeoutMs`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { readLimited } from "./body.ts";
 * import { handleError } from "./errors.ts";
 * const app = new Hono().onError(handleError);
 * app.post("/", async (c) => c.json((await readLimited(c, 8)).length));
 * assert((await (await app.request("/", { method: "POST", body: "1234" })).json()) === 4);
 * assert((await app.request("/", { method: "POST", body: "123456789" })).status === 413);
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
  // The body's own reader under the shared watchdog, not idleTimeout(): a wrapping stream and a
  // timer per request cost more CPU than reading a small JSON body itself. Same semantics: only
  // time spent waiting on the client counts, and a stall cancels the body with the 408.
  const reader = body.getReader();
  const pieces: Uint8Array[] = [];
  let total = 0;
  let timedOut: HttpError | null = null;
  const wait: Wait = {
    since: 0,
    ms: timeoutMs,
    expire() {
      timedOut = stalled(timeoutMs);
      reader.cancel(timedOut).catch(() => {});
    },
  };
  try {
    for (;;) {
      watch(wait);
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (err) {
        if (timedOut) throw timedOut;
        if (err instanceof HttpError) throw err;
        throw new HttpError("bad_request", "The request body ended before it was complete");
      }
      if (timedOut) throw timedOut;
      if (result.done) break;
      total += result.value.byteLength;
      if (total > limit) {
        // Released, not cancelled (see idleTimeout's cancel): the rest is never read.
        waits.delete(wait);
        reader.releaseLock();
        throw tooLarge(limit);
      }
      pieces.push(result.value);
    }
  } finally {
    waits.delete(wait);
  }
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}

/** Reused: a decode without `stream` starts afresh, and a fatal error leaves no state behind. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads and parses a JSON object body of at most `limit` bytes: 400 `invalid_json` for anything
 * that is not a JSON object (408 `body_timeout` for one that stalls, see {@link readLimited}).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { readJsonObject } from "./body.ts";
 * import { handleError } from "./errors.ts";
 * const app = new Hono().onError(handleError);
 * app.post("/", async (c) => c.json(Object.keys(await readJsonObject(c, 6_000_000))));
 * const res = await app.request("/", { method: "POST", body: '{"views":1}' });
 * assert((await res.json())[0] === "views");
 * assert((await app.request("/", { method: "POST", body: "[1]" })).status === 400);
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
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    throw new HttpError("invalid_json", "The body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError("invalid_json", "The body must be a JSON object");
  }
  return value as Record<string, unknown>;
}
