/**
 * The request records behind the access log and the metrics, in process: byte counts equal the
 * bodies really sent for every way a handler answers (c.json, c.text, c.html, c.body, its own
 * stream, HEAD, errors); the route is the pattern; chunked request bodies are counted as read;
 * the Prometheus text is well formed; the log writer batches and survives a closed stdout.
 * @module
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { handleError } from "../../lib/http/errors.ts";
import {
  accessLogger,
  lineWriter,
  observeRequests,
  type RequestRecord,
  utf8Length,
} from "../../lib/http/access_log.ts";
import { Metrics } from "../../lib/metrics.ts";

/** A small app answering in every style the real routes use, observed into `records`. */
function observedApp(records: RequestRecord[], metrics = new Metrics()): Hono {
  const app = new Hono();
  app.use(observeRequests([metrics, { end: (r) => records.push(r) }]));
  app.onError(handleError);
  const sub = new Hono();
  sub.get("/json/:id", (c) => c.json({ id: c.req.param("id"), note: "héllo ✓ 𝄞" }, 201));
  sub.get("/text", (c) => c.text("plain ✓"));
  sub.get("/html", (c) => c.html("<!doctype html><p>ünïcode</p>"));
  sub.get("/bytes", (c) => c.body(new Uint8Array(1234), 200, { "Content-Type": "x/y" }));
  sub.delete("/:id", (c) => c.body(null, 204));
  sub.get("/stream/:id", () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(1000));
        controller.close();
      },
    });
    return new Response(body, { headers: { "Content-Length": "5000" } });
  });
  sub.get("/boom", () => {
    throw new Error("internal detail");
  });
  sub.put("/upload/:id", async (c) => c.json({ got: (await c.req.raw.bytes()).length }));
  app.route("/api", sub);
  return app;
}

Deno.test("ops observe - bytes out are the bytes of the body, however the handler answered", async () => {
  const records: RequestRecord[] = [];
  const app = observedApp(records);
  const cases: [string, string, string][] = [
    ["GET", "/api/json/abc123?token=zzz", "/api/json/:id"],
    ["GET", "/api/text", "/api/text"],
    ["GET", "/api/html", "/api/html"],
    ["GET", "/api/bytes", "/api/bytes"],
    ["DELETE", "/api/xyz", "/api/:id"],
    ["GET", "/api/stream/s1", "/api/stream/:id"],
    ["GET", "/nowhere/at/all", "/*"],
  ];
  const originalError = console.error;
  console.error = () => {}; // handleError logs the 500's detail; not wanted in the test output
  try {
    for (const [method, path, route] of cases) {
      records.length = 0;
      const res = await app.request(path, { method });
      const body = await res.bytes();
      assert.equal(records.length, 1, path);
      assert.equal(records[0].route, route, path);
      assert.equal(records[0].method, method);
      assert.equal(records[0].status, res.status);
      assert.equal(records[0].bytesOut, body.length, `${path}: bytes out`);
      assert.equal(records[0].aborted, false);
    }
    records.length = 0;
    const boom = await app.request("/api/boom");
    assert.equal(boom.status, 500);
    assert.equal(records[0].bytesOut, (await boom.bytes()).length);
    assert.equal(records[0].route, "/api/boom");
  } finally {
    console.error = originalError;
  }
  // HEAD is answered by the GET handler; nothing is sent.
  records.length = 0;
  const head = await app.request("/api/stream/s1", { method: "HEAD" });
  await head.body?.cancel();
  assert.equal(records[0].method, "HEAD");
  assert.equal(records[0].bytesOut, 0);
});

Deno.test("ops observe - a streamed body is recorded when it ends, or when it is cancelled", async () => {
  const records: RequestRecord[] = [];
  const app = observedApp(records);
  const res = await app.request("/api/stream/s2");
  assert.equal(records.length, 0, "not before the body has gone out");
  const reader = res.body!.getReader();
  await reader.read();
  await reader.cancel();
  assert.equal(records.length, 1);
  assert.equal(records[0].aborted, true);
  assert.equal(records[0].bytesOut, 1000);
});

Deno.test("ops observe - request bodies: Content-Length, or counted as read when chunked", async () => {
  const records: RequestRecord[] = [];
  const app = observedApp(records);
  await (await app.request("/api/upload/u1", { method: "PUT", body: new Uint8Array(777) })).text();
  assert.equal(records[0].bytesIn, 777);
  const chunked = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(300));
      controller.enqueue(new Uint8Array(45));
      controller.close();
    },
  });
  const res = await app.request("/api/upload/u2", { method: "PUT", body: chunked });
  assert.deepEqual(await res.json(), { got: 345 });
  assert.equal(records[1].bytesIn, 345);
});

Deno.test("ops observe - the access log line has exactly the documented fields", () => {
  const lines: string[] = [];
  accessLogger((l) => lines.push(l)).end!({
    method: "GET",
    route: "/api/shares/:id",
    status: 404,
    bytesIn: 0,
    bytesOut: 70,
    ms: 1.2345,
    aborted: false,
  });
  const line = JSON.parse(lines[0]);
  assert.deepEqual(Object.keys(line), [
    "time",
    "method",
    "route",
    "status",
    "bytesIn",
    "bytesOut",
    "ms",
  ]);
  assert.equal(line.ms, 1.2);
});

Deno.test("ops metrics - the text format: families, labels by pattern, cumulative histograms", async () => {
  const records: RequestRecord[] = [];
  const metrics = new Metrics();
  const app = observedApp(records, metrics);
  for (const path of ["/api/json/a", "/api/json/b", "/api/text", "/nowhere"]) {
    await (await app.request(path)).bytes();
  }
  const text = metrics.text();
  assert.ok(text.endsWith("\n"));
  const declared = new Set<string>();
  for (const line of text.trimEnd().split("\n")) {
    const type = /^# TYPE (\w+) (counter|gauge|histogram)$/.exec(line);
    if (type) declared.add(type[1]);
    if (line.startsWith("#")) {
      assert.match(line, /^# (HELP|TYPE) \w+ \S/);
      continue;
    }
    const sample = /^(\w+)(\{[^}]*\})? (-?[\d.e+]+)$/.exec(line);
    assert.ok(sample, line);
    const family = sample[1].replace(/_(bucket|sum|count)$/, "");
    assert.ok(declared.has(sample[1]) || declared.has(family), `${line} has a # TYPE`);
  }
  assert.match(
    text,
    /^hushlink_http_requests_total\{method="GET",route="\/api\/json\/:id",status="2xx"\} 2$/m,
  );
  assert.match(text, /^hushlink_http_requests_total\{method="GET",route="\/\*",status="4xx"\} 1$/m);
  const buckets = [
    ...text.matchAll(
      /^hushlink_http_request_duration_seconds_bucket\{route="\/api\/json\/:id",le="([^"]+)"\} (\d+)$/gm,
    ),
  ].map((m) => Number(m[2]));
  assert.ok(buckets.every((n, i) => i === 0 || n >= buckets[i - 1]), "cumulative");
  assert.equal(buckets.at(-1), 2);
  assert.ok(!text.includes("/api/json/a") && !text.includes("/api/json/b"), "no concrete path");
});

Deno.test("ops metrics - share events come from the answers of the share routes", () => {
  const metrics = new Metrics();
  const headers = (viewsLeft: string) => new Headers({ "Hushlink-Views-Left": viewsLeft });
  metrics.respond("POST", "/api/shares", 201, new Headers());
  metrics.respond("POST", "/api/shares", 403, new Headers());
  metrics.respond("GET", "/api/shares/:id/content", 200, headers("2"));
  metrics.respond("GET", "/api/shares/:id/content", 200, headers("0"));
  metrics.respond("GET", "/api/shares/:id/content", 404, headers("0"));
  metrics.respond("DELETE", "/api/shares/:id", 204, new Headers());
  metrics.respond("DELETE", "/api/shares/:id", 403, new Headers());
  assert.deepEqual(metrics.shares, { created: 1, read: 2, burned: 1, deleted: 1 });
});

Deno.test("ops logs - utf8Length agrees with TextEncoder", () => {
  const samples = [
    "",
    "ascii",
    "é",
    "✓",
    "𝄞",
    "a\u{10FFFF}b",
    "\ud800",
    "x\udc00y",
    "\ud800\ud800",
  ];
  for (let i = 0; i < 200; i++) {
    const units = Array.from({ length: 20 }, () => Math.floor(Math.random() * 0x10000));
    samples.push(String.fromCharCode(...units));
  }
  const encoder = new TextEncoder();
  for (const s of samples) assert.equal(utf8Length(s), encoder.encode(s).length, JSON.stringify(s));
});

Deno.test("ops logs - the line writer batches a turn's lines and survives a closed output", async () => {
  const writes: string[] = [];
  const out = lineWriter({
    writeSync(p) {
      writes.push(new TextDecoder().decode(p));
      return p.length;
    },
  });
  out.write("one");
  out.write("two");
  assert.deepEqual(writes, [], "nothing before the turn ends");
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(writes, ["one\ntwo\n"]);
  out.write("three");
  out.flush();
  assert.deepEqual(writes, ["one\ntwo\n", "three\n"]);

  let calls = 0;
  const broken = lineWriter({
    writeSync() {
      calls++;
      throw new Deno.errors.BrokenPipe("closed");
    },
  });
  broken.write("lost");
  broken.flush();
  broken.write("also lost");
  broken.flush();
  assert.equal(calls, 1, "a broken output is not retried on every line");
});
