/**
 * Request observation for operations: one {@link RequestRecord} per request — method, route
 * PATTERN, status, body bytes in and out, duration — handed to observers (the access log, the
 * metrics). Nothing in a record can name a share, a person or a secret: the route is the pattern a
 * handler was registered under (`/api/shares/:id/content`, never the concrete path), and there is
 * no query string, header, token, id or address in it.
 *
 * A streamed response (a download) is counted as its body streams, and its record is finished
 * when the stream ends, fails or is cancelled by a client that went away — so the byte count is
 * what was actually handed to the connection, and the duration covers the whole transfer.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { relayBytes } from "./byte_relay.ts";

/** One finished request. */
export interface RequestRecord {
  /** HTTP method; anything outside the standard set is reported as `OTHER`. */
  method: string;
  /** The route pattern that answered (`/api/shares/:id`), or `unmatched`. */
  route: string;
  /** Response status. */
  status: number;
  /** Request body bytes: the declared `Content-Length`, or counted as read when chunked. */
  bytesIn: number;
  /** Response body bytes handed to the connection. */
  bytesOut: number;
  /** Milliseconds from the request's arrival to its last body byte (or its cancellation). */
  ms: number;
  /** True when the response body did not run to its end (client gone, or a stream error). */
  aborted: boolean;
}

/**
 * What observers of requests implement; every method is optional.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { RequestObserver } from "./access_log.ts";
 * const seen: string[] = [];
 * const counter: RequestObserver = { end: (r) => seen.push(`${r.route} ${r.status}`) };
 * counter.end?.({ method: "GET", route: "/", status: 200, bytesIn: 0, bytesOut: 5, ms: 1, aborted: false });
 * assert(seen[0] === "/ 200");
 * ```
 */
export interface RequestObserver {
  /** A request arrived (before routing). */
  begin?(): void;
  /** The handler answered: the status and headers are final, the body may still stream. */
  respond?(method: string, route: string, status: number, headers: Headers): void;
  /** The response is complete, or abandoned. Called exactly once per {@link begin}. */
  end?(record: RequestRecord): void;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]);

/**
 * UTF-8 byte length of a string without encoding it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { utf8Length } from "./access_log.ts";
 * assert(utf8Length("héllo") === 6);
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) {
      bytes += 1;
      continue;
    }
    // Three bytes for the rest of the BMP (a lone surrogate becomes U+FFFD, also three); a
    // surrogate pair is two UTF-16 units and four bytes.
    bytes += 2;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return bytes;
}

/** Size of an in-memory body as Hono's helpers receive it; null when it is not one. */
function staticSize(data: unknown): number | null {
  if (data === null || data === undefined) return 0;
  if (typeof data === "string") return utf8Length(data);
  if (data instanceof Uint8Array || data instanceof ArrayBuffer) return data.byteLength;
  return null;
}

type Helper = (data: unknown, ...rest: unknown[]) => Response;
interface Helpers {
  body: Helper;
  text: Helper;
  json: Helper;
  html: Helper;
}

/**
 * Notes the size of every in-memory body the handlers build with `c.body`, `c.text`, `c.json` or
 * `c.html`, and the Response it went into. Why not read the size off the Response afterwards:
 * Deno keeps a string or byte body "static" and writes it in one go; touching `Response.body`
 * turns it into a stream, and reading it back costs ~15 µs of CPU per request (measured: about
 * double the cost of a small JSON answer). Only a body that is not one of these — a handler's own
 * stream — gets wrapped.
 */
function trackStaticBodies(c: Context, seen: { res: Response | null; size: number }): void {
  const h = c as unknown as Helpers;
  const { body, text, html } = h;
  const note = (res: Response, size: number | null) => {
    if (size !== null) {
      seen.res = res;
      seen.size = size;
    }
    return res;
  };
  h.body = (data, ...rest) => note(body(data, ...rest), staticSize(data));
  h.text = (data, ...rest) => note(text(data, ...rest), staticSize(data));
  h.html = (data, ...rest) => {
    const res = html(data, ...rest) as Response | Promise<Response>;
    return res instanceof Response ? note(res, staticSize(data)) : res as unknown as Response;
  };
  // Hono's c.json is c.body of the JSON text with a default Content-Type; done the same way here
  // so the text is serialised once and measured.
  h.json = (object, arg, headers) => {
    const data = JSON.stringify(object);
    const merged = { "Content-Type": "application/json", ...(headers as object | undefined) };
    return note(body(data, arg, merged), utf8Length(data));
  };
}

/** The request body size: `Content-Length` when declared; a chunked body is counted as read. */
function countRequestBody(c: Context, counted: { bytes: number }): void {
  const declared = c.req.header("Content-Length");
  if (declared !== undefined) {
    counted.bytes = /^\d{1,15}$/.test(declared) ? Number(declared) : 0;
    return;
  }
  // HTTP/1.1 lets a client spell the method in any case; the Request below normalises it.
  const method = c.req.method.toUpperCase();
  if (method === "GET" || method === "HEAD") return;
  const raw = c.req.raw;
  if (!raw.body) return;
  const { stream: body } = relayBytes(raw.body, {
    async read(read) {
      const result = await read();
      if (!result.done) counted.bytes += result.value.byteLength;
      return result;
    },
    cancel: (reason, reader) => reader.cancel(reason),
  });
  // Built from the URL, not from `raw`: copying raw's AbortSignal would switch Deno to its legacy
  // abort-signal behaviour (and print a warning); no handler here uses the signal.
  c.req.raw = new Request(raw.url, {
    method: raw.method,
    headers: raw.headers,
    body,
    duplex: "half",
  } as RequestInit);
}

/**
 * Wraps a streamed body so every chunk is counted and `done` runs once, at its end, error or
 * cancellation. Pull-based with no queue of its own, so it adds no buffering to a download.
 */
function countedStream(
  source: ReadableStream<Uint8Array>,
  done: (bytes: number, aborted: boolean) => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let bytes = 0;
  let finished = false;
  const finish = (aborted: boolean) => {
    if (finished) return;
    finished = true;
    done(bytes, aborted);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (err) {
        finish(true);
        throw err;
      }
      if (chunk.done) {
        controller.close();
        finish(false);
        return;
      }
      bytes += chunk.value.byteLength;
      controller.enqueue(chunk.value);
    },
    async cancel(reason) {
      finish(true);
      await reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}

/**
 * Middleware that builds a {@link RequestRecord} for every request and hands it to `observers`.
 * Mount it first, so that it sees the final status and headers.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { accessLogger, observeRequests } from "./access_log.ts";
 * import { Metrics } from "../metrics.ts";
 * const lines: string[] = [];
 * const metrics = new Metrics();
 * const app = new Hono();
 * app.use(observeRequests([metrics, accessLogger((line) => lines.push(line))]));
 * app.get("/hello", (c) => c.text("hi"));
 * await (await app.request("/hello")).text();
 * assert(JSON.parse(lines[0]).route === "/hello");
 * ```
 */
export function observeRequests(observers: RequestObserver[]): MiddlewareHandler {
  const begins = observers.filter((o) => o.begin);
  const responds = observers.filter((o) => o.respond);
  const ends = observers.filter((o) => o.end);
  return async (c, next) => {
    const started = performance.now();
    for (const o of begins) o.begin!();
    const method = METHODS.has(c.req.method) ? c.req.method : "OTHER";
    const seen: { res: Response | null; size: number } = { res: null, size: 0 };
    const bodyIn = { bytes: 0 };
    trackStaticBodies(c, seen);
    countRequestBody(c, bodyIn);
    let res: Response;
    try {
      await next();
      res = c.res;
    } catch (err) {
      // Errors are turned into responses by onError further in; this only keeps the books right.
      const record = {
        method,
        route: routePath(c) || "unmatched",
        status: 500,
        bytesIn: bodyIn.bytes,
        bytesOut: 0,
        ms: performance.now() - started,
        aborted: true,
      };
      for (const o of ends) o.end!(record);
      throw err;
    }
    const route = routePath(c) || "unmatched";
    const { status } = res;
    for (const o of responds) o.respond!(method, route, status, res.headers);
    const finish = (bytesOut: number, aborted: boolean) => {
      const record: RequestRecord = {
        method,
        route,
        status,
        bytesIn: bodyIn.bytes,
        bytesOut,
        ms: performance.now() - started,
        aborted,
      };
      for (const o of ends) o.end!(record);
    };
    // HEAD: Hono answers from the GET handler and drops the body outside this middleware.
    if (seen.res === res || method === "HEAD") {
      finish(method === "HEAD" ? 0 : seen.size, false);
      return;
    }
    if (!res.body) {
      finish(0, false);
      return;
    }
    c.res = new Response(countedStream(res.body, finish), {
      status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

/**
 * The access log: one JSON line per finished request, written with `write` (stdout in main.ts).
 * Fields: `time` (ISO, when it finished), `method`, `route`, `status`, `bytesIn`, `bytesOut`,
 * `ms` (one decimal) and, only when the body was cut short, `aborted: true`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { accessLogger, observeRequests } from "./access_log.ts";
 * const lines: string[] = [];
 * const app = new Hono();
 * app.use(observeRequests([accessLogger((line) => lines.push(line))]));
 * app.get("/api/shares/:id", (c) => c.json({}));
 * await (await app.request("/api/shares/q3Xh0s5c9m1Jd0l5bY2Vtw")).text();
 * // {"time":"2025-01-01T00:00:00.000Z","method":"GET","route":"/api/shares/:id","status":200,...}
 * const { method, route, status } = JSON.parse(lines[0]);
 * assert(method === "GET" && route === "/api/shares/:id" && status === 200);
 * ```
 */
export function accessLogger(write: (line: string) => void): RequestObserver {
  // The line is built as text, the same bytes JSON.stringify of the record object gave (numbers
  // print alike, the strings go through it), and the time string is made once per millisecond:
  // measured ~1 µs less per request (of ~100 µs of main-thread CPU per small request).
  let at = NaN;
  let time = "";
  return {
    end(r) {
      const now = Date.now();
      if (now !== at) {
        at = now;
        time = new Date(now).toISOString();
      }
      write(
        `{"time":"${time}","method":${JSON.stringify(r.method)},"route":${
          JSON.stringify(r.route)
        },"status":${r.status},"bytesIn":${r.bytesIn},"bytesOut":${r.bytesOut},"ms":${
          Math.round(r.ms * 10) / 10
        }${r.aborted ? ',"aborted":true' : ""}}`,
      );
    },
  };
}

/** A sink of text lines that can be flushed. */
export interface LineWriter {
  /** Queues one line (without its newline). */
  write(line: string): void;
  /**
   * Writes out whole lines already encoded, each ending in a newline (a worker thread's batch,
   * lib/serve), after the lines queued here: one writer per process keeps lines whole.
   */
  writeEncoded(lines: Uint8Array): void;
  /** Writes out everything queued. */
  flush(): void;
}

/** Flush at once when this many bytes are queued. */
const FLUSH_AT = 64 * 1024;

/**
 * Lines to a synchronous writer (stdout by default), batched: the lines of one event-loop turn go
 * out in one write at the end of it. Measured on the build machine: `console.log` of a log line
 * costs ~20 µs, one `writeSync` per line ~4 µs, batched ~1 µs a line — at thousands of requests a
 * second that is the difference between a visible and an invisible share of a core. Call
 * `flush()` before exiting. A closed stdout (EPIPE) drops lines rather than failing requests.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineWriter } from "./access_log.ts";
 * const written: Uint8Array[] = [];
 * const out = lineWriter({ writeSync: (p) => written.push(p) && p.length }); // Deno.stdout by default
 * out.write('{"route":"/"}');
 * out.flush();
 * assert(new TextDecoder().decode(written[0]) === '{"route":"/"}\n');
 * ```
 */
export function lineWriter(sink: { writeSync(p: Uint8Array): number } = Deno.stdout): LineWriter {
  const encoder = new TextEncoder();
  let queued: string[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let broken = false;
  const writeAll = (bytes: Uint8Array) => {
    if (broken) return;
    try {
      for (let at = 0; at < bytes.length;) at += sink.writeSync(bytes.subarray(at));
    } catch {
      broken = true;
    }
  };
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (queued.length === 0) return;
    const bytes = encoder.encode(queued.join("\n") + "\n");
    queued = [];
    size = 0;
    writeAll(bytes);
  };
  return {
    write(line) {
      queued.push(line);
      size += line.length;
      if (size >= FLUSH_AT) flush();
      else timer ??= setTimeout(flush, 0);
    },
    writeEncoded(lines) {
      flush();
      writeAll(lines);
    },
    flush,
  };
}
