/**
 * A raw HTTP/1.1 client for the fuzz tests: it writes bytes exactly as given (lying
 * `Content-Length`, broken chunking, bytes `fetch` refuses to send), half-closes the connection and
 * reads the first response. Every wait is bounded, so a server that never answers is reported as
 * a hang instead of blocking the test run.
 * @module
 */

/** The first response read back from a raw exchange. */
export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Map<string, string>;
  body: Uint8Array;
  /** The connection closed before the whole body arrived (`body` holds what did). */
  cutOff: boolean;
}

/**
 * Thrown when the server neither answered nor closed the connection in time.
 * @example
 * ```ts
 * try { await rawExchange(url, bytes, 10_000); } catch (e) { if (e instanceof HangError) throw e; }
 * ```
 */
export class HangError extends Error {
  /** Stable code. */
  readonly code = "hang";
  constructor(message: string) {
    super(message);
    this.name = "HangError";
  }
}

const CRLF2 = new Uint8Array([13, 10, 13, 10]);

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Decodes a chunked body; null while incomplete. */
function dechunk(bytes: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const eol = indexOf(bytes, new Uint8Array([13, 10]), at);
    if (eol === -1) return null;
    const size = parseInt(new TextDecoder().decode(bytes.subarray(at, eol)), 16);
    if (!Number.isFinite(size)) throw new Error("malformed chunked response");
    at = eol + 2;
    if (size === 0) break;
    if (bytes.length < at + size + 2) return null;
    parts.push(bytes.subarray(at, at + size));
    at += size + 2;
  }
  return parts.reduce(concat, new Uint8Array(0));
}

/**
 * Parses the first response in `bytes`; null while it is incomplete (unless `ended`, when the
 * rest of the bytes are the body of a response without a length).
 */
function parseResponse(bytes: Uint8Array, ended: boolean, head: boolean): RawResponse | null {
  const end = indexOf(bytes, CRLF2);
  if (end === -1) return null;
  const lines = new TextDecoder().decode(bytes.subarray(0, end)).split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!status) throw new Error(`not an HTTP response: ${JSON.stringify(lines[0])}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const rest = bytes.subarray(end + 4);
  const code = Number(status[1]);
  let body: Uint8Array | null;
  if (head || code === 204 || code === 304) body = new Uint8Array(0);
  else if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") body = dechunk(rest);
  else if (headers.has("content-length")) {
    const length = Number(headers.get("content-length"));
    body = rest.length >= length ? rest.subarray(0, length) : null;
  } else body = ended ? rest : null;
  if (body === null && ended) return { status: code, headers, body: rest, cutOff: true };
  return body === null ? null : { status: code, headers, body, cutOff: false };
}

/**
 * Sends `request` on a new connection to `origin` and reads the first response. With `halfClose`
 * the sending side is shut after the bytes, which is how a client says that a body shorter than
 * announced will not get longer (without it the server rightly waits for the rest; with it on a
 * complete request, the HTTP layer may take the client for gone and drop a response under way).
 * Resolves null when the server closed the connection without answering (what it may do with a
 * request that is not HTTP), and marks a response whose body was cut off by a close;
 * throws {@link HangError} when nothing settles within `timeoutMs`.
 * @example
 * ```ts
 * const res = await rawExchange(server.url, enc("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"));
 * ```
 */
export async function rawExchange(
  origin: string,
  request: Uint8Array,
  timeoutMs = 10_000,
  halfClose = false,
): Promise<RawResponse | null> {
  const { hostname, port } = new URL(origin);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const head = /^HEAD /.test(new TextDecoder().decode(request.subarray(0, 5)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HangError(`no answer and no close within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const exchange = async (): Promise<RawResponse | null> => {
    // Writing may fail once the server has answered and closed early; the answer still counts.
    await conn.write(request).then(() => halfClose ? conn.closeWrite() : undefined).catch(() => {});
    let received: Uint8Array = new Uint8Array(0);
    const buffer = new Uint8Array(65_536);
    for (;;) {
      let n: number | null;
      try {
        n = await conn.read(buffer);
      } catch {
        n = null; // reset by the server
      }
      if (n !== null) received = concat(received, buffer.subarray(0, n));
      const response = parseResponse(received, n === null, head);
      if (response) return response;
      if (n === null) {
        if (received.length === 0) return null;
        throw new Error(`connection closed inside a response head (${received.length} bytes)`);
      }
    }
  };
  try {
    return await Promise.race([exchange(), deadline]);
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // already closed
    }
  }
}

/**
 * Builds request bytes from a request line, header lines and a body (no header is added).
 * @example
 * ```ts
 * rawRequest("GET / HTTP/1.1", ["Host: x"], new Uint8Array(0));
 * ```
 */
export function rawRequest(line: string, headers: string[], body: Uint8Array): Uint8Array {
  // Latin-1 on purpose: header bytes above 0x7f go out as single bytes, as a hostile client sends.
  const text = [line, ...headers, "", ""].join("\r\n");
  const head = Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
  return concat(head, body);
}
