/**
 * Fuzzing below `fetch`: raw HTTP/1.1 bytes with lying or malformed `Content-Length`, broken
 * chunked framing, odd request lines and header bytes, sent on a real socket (half-closed when
 * the body falls short of its framing, as a client that gave up would). The server (or the HTTP
 * layer in front of the app) must answer with a status below 500 or close the connection — never
 * a 5xx, never silence while holding the socket — and keep serving a known share afterwards. An
 * answer may be cut off only for a request whose bytes do not match its own framing (the HTTP
 * layer drops the connection when the surplus fails to parse as the next request).
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { startTestServer } from "../helpers/server.ts";
import { bodyArb, bodyBytes, headersArb, latin1, targetArb } from "./_arbitraries.ts";
import {
  ANSWER_WITHIN_MS,
  checkAnswer,
  FUZZ_SEED,
  fuzzRuns,
  knownShare,
  stillServes,
} from "./_fuzz.ts";
import { rawExchange, rawRequest } from "./_http.ts";

/** How the body is framed: honest, lying, malformed, or chunked (well or badly). */
const framingArb = fc.oneof(
  fc.constant({ kind: "length" as const }),
  fc.constant({ kind: "none" as const }),
  fc.record({ kind: fc.constant("lie" as const), delta: fc.integer({ min: -5000, max: 5000 }) }),
  fc.record({
    kind: fc.constant("bad-length" as const),
    value: fc.oneof(
      fc.constantFrom(
        "-1",
        "abc",
        "1e3",
        " 5",
        "+5",
        "99999999999999999999",
        "0x10",
        "5, 5",
        "5\r\nContent-Length: 6",
        "",
      ),
      latin1(12),
    ),
  }),
  fc.record({
    kind: fc.constant("chunked" as const),
    broken: fc.constantFrom(null, "zz", "-1", "ffffffffffffffffff", "no-end", "short", "1;ext=x"),
    alsoLength: fc.boolean(),
  }),
);

/** `usual` most of the time, otherwise one of `unusual`. */
function often<T>(usual: T, unusual: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 6, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: unusual });
}

/** Percent-encodes what may not appear in a request target, keeping `%`, `..` and `/` as they are. */
function escapePath(path: string): string {
  return [...path].map((ch) =>
    /[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]/.test(ch)
      ? ch
      : [...new TextEncoder().encode(ch)].map((b) =>
        `%${b.toString(16).toUpperCase().padStart(2, "0")}`
      )
        .join("")
  ).join("");
}

type Framing = typeof framingArb extends fc.Arbitrary<infer T> ? T : never;

function frame(framing: Framing, body: Uint8Array): { headers: string[]; bytes: Uint8Array } {
  switch (framing.kind) {
    case "none":
      return { headers: [], bytes: body };
    case "length":
      return { headers: [`Content-Length: ${body.length}`], bytes: body };
    case "lie":
      return {
        headers: [`Content-Length: ${Math.max(0, body.length + framing.delta)}`],
        bytes: body,
      };
    case "bad-length":
      return { headers: [`Content-Length: ${framing.value}`], bytes: body };
    case "chunked": {
      const hex = body.length.toString(16);
      const size =
        framing.broken === null || framing.broken === "no-end" || framing.broken === "short"
          ? hex
          : framing.broken === "1;ext=x"
          ? `${hex};ext=x`
          : framing.broken;
      const cut = framing.broken === "short" ? body.subarray(0, body.length >> 1) : body;
      const end = framing.broken === "no-end" ? "" : "\r\n0\r\n\r\n";
      const head = new TextEncoder().encode(`${size}\r\n`);
      const tail = new TextEncoder().encode(`\r\n${end}`.replace("\r\n\r\n0", "\r\n0"));
      const bytes = new Uint8Array(head.length + cut.length + tail.length);
      bytes.set(head);
      bytes.set(cut, head.length);
      bytes.set(tail, head.length + cut.length);
      const headers = ["Transfer-Encoding: chunked"];
      if (framing.alsoLength) headers.push(`Content-Length: ${body.length}`);
      return { headers, bytes };
    }
  }
}

Deno.test("fuzz http - raw requests with lying lengths and broken framing: an answer below 500 or a close", async () => {
  await using server = await startTestServer({
    config: { partSize: 131_072, maxShareBytes: 1_000_000 },
  });
  const good = await knownShare(server.url);
  const request = fc.record({
    target: targetArb([good.id]),
    // Mostly well-formed around the one thing being varied, so most requests reach the app.
    methodCase: often("as-is", fc.constantFrom("lower", "garbage")),
    rawPath: often(false, fc.constant(true)),
    version: often("HTTP/1.1", fc.constantFrom("HTTP/1.0", "HTTP/2.0", "HTTP/9", "")),
    host: often("ok", fc.constantFrom("missing", "twice", "garbage")),
    headers: headersArb([good.readToken]),
    extra: often(
      [] as string[],
      fc.array(
        fc.oneof(
          fc.constantFrom(
            "NoColon",
            ": no name",
            "X-Ctl: a\u0001b",
            " folded continuation",
            "X:",
          ),
          fc.integer({ min: 1000, max: 120_000 }).map((n) => `X-Long: ${"a".repeat(n)}`),
          fc.tuple(latin1(20), latin1(60)).map(([k, v]) => `${k}: ${v}`),
        ),
        { minLength: 1, maxLength: 2 },
      ),
    ),
    framing: framingArb,
    body: bodyArb(good.readToken),
  });
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const method = r.methodCase === "lower"
        ? r.target.method.toLowerCase()
        : r.methodCase === "garbage"
        ? `${r.target.method}\u0000`
        : r.target.method;
      // Escaped as a client would, or as raw UTF-8 bytes (spaces and all) as written.
      const target = r.target.path.split("#")[0];
      const path = r.rawPath
        ? String.fromCharCode(...new TextEncoder().encode(target))
        : escapePath(target);
      const line = `${method} ${path || "/"} ${r.version}`.trimEnd();
      const body = r.body === null ? new Uint8Array(0) : bodyBytes(r.body);
      const framed = frame(r.framing, body);
      const host = {
        ok: ["Host: x"],
        missing: [],
        twice: ["Host: a", "Host: b"],
        garbage: ["Host: \u00ff/@:"],
      };
      const headers = [
        ...host[r.host],
        "Connection: close",
        ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`),
        ...r.extra,
        ...framed.headers,
      ];
      const what = `${line} [${r.framing.kind}]`;
      // Where the body falls short of what the framing announces, the client says it is done.
      const short = r.framing.kind === "lie"
        ? r.framing.delta > 0
        : r.framing.kind === "chunked"
        ? r.framing.broken !== null && r.framing.broken !== "1;ext=x"
        : r.framing.kind === "bad-length";
      // Bytes beyond the framing (or both framings at once) are parsed as a next request.
      const surplus = (r.framing.kind === "none" && framed.bytes.length > 0) ||
        (r.framing.kind === "lie" && r.framing.delta < 0) ||
        (r.framing.kind === "chunked" && r.framing.alsoLength);
      const res = await rawExchange(
        server.url,
        rawRequest(line, headers, framed.bytes),
        ANSWER_WITHIN_MS,
        short,
      );
      if (res === null) return; // closed without an answer: what the HTTP layer does with garbage
      assert.ok(
        !res.cutOff || short || surplus,
        `${line}: the answer to a well-framed request was cut off (${res.body.length} bytes)`,
      );
      let pathname = "/";
      try {
        pathname = new URL(r.target.path, "http://x").pathname;
      } catch {
        // not a path the app could have routed
      }
      await checkAnswer({
        what,
        // Only answers from the app (which always sets its CSP) must have the API's JSON shape.
        pathname: res.headers.has("content-security-policy") ? pathname : "/",
        head: /^HEAD /i.test(line) || res.cutOff,
        status: res.status,
        contentType: res.headers.get("content-type") ?? null,
        body: res.body,
      });
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(300, 2) },
  );
  await stillServes(server.url, good);
});
