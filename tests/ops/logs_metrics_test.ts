/**
 * Access logs and metrics from a real main.ts process (the start task's flags): every stdout line
 * is a JSON access-log record naming the route PATTERN; after a round trip with known secrets —
 * upload token, key, password, read/write/delete tokens, metrics token, share id, a query string
 * and the client address — none of them appears in stdout, stderr or /metrics.
 * @module
 */
import assert from "node:assert/strict";
import { createShare, deleteShare, openShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import type { RequestRecord } from "../../lib/http/access_log.ts";
import { download, randomBytes } from "../api/_client.ts";
import { type ProcessServer, spawnServer } from "../helpers/process_server.ts";
import { storeShare } from "./_share.ts";

const UPLOAD_TOKEN = "upload-token-known-to-the-test-9f3a";
const METRICS_TOKEN = "metrics-token-known-to-the-test-51c2";
const PASSWORD = "correct horse battery staple 7e1d";

/** A line as written: the record with its time, and `aborted` only when true. */
type LogLine = Omit<RequestRecord, "aborted"> & { time: string; aborted?: true };

/** Every stdout line, parsed; fails on any line that is not a JSON access-log record. */
function logLines(server: ProcessServer): LogLine[] {
  return server.output().stdout.split("\n").filter((l) => l !== "").map((line) => {
    const record = JSON.parse(line) as LogLine;
    assert.deepEqual(
      Object.keys(record).filter((k) => k !== "aborted"),
      ["time", "method", "route", "status", "bytesIn", "bytesOut", "ms"],
      line,
    );
    assert.ok(!Number.isNaN(Date.parse(record.time)), line);
    assert.equal(typeof record.status, "number");
    assert.ok(record.bytesIn >= 0 && record.bytesOut >= 0 && record.ms >= 0, line);
    return record;
  });
}

/**
 * Polls stdout until `predicate` holds for some line (a line is written when a body ends); gives
 * up after a minute so that a missing line fails the test instead of hanging it.
 */
async function waitForLine(
  server: ProcessServer,
  predicate: (l: LogLine) => boolean,
): Promise<LogLine> {
  for (let i = 0; i < 3000; i++) {
    const line = logLines(server).find(predicate);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no such access-log line in:\n${server.output().stdout}`);
}

Deno.test("ops logs - a round trip leaves no id, token, key, password, query or IP in logs or metrics", async () => {
  await using server = await spawnServer({
    startTask: true,
    capture: true,
    env: { UPLOAD_TOKEN, METRICS_TOKEN },
  });
  // Every bearer token the client sends (upload, write, read, delete) is a secret too.
  const secrets = new Set<string>([UPLOAD_TOKEN, METRICS_TOKEN, PASSWORD]);
  const recording: typeof fetch = (input, init) => {
    const header = new Headers(init?.headers).get("authorization");
    if (header) secrets.add(header.replace(/^Bearer /, ""));
    return fetch(input, init);
  };
  const data = randomBytes(9 * 1024 * 1024 + 123);
  const manifest: Manifest = {
    v: 1,
    kind: "files",
    created: new Date().toISOString(),
    files: [{ name: "secret-name.bin", type: "application/octet-stream", size: data.length }],
  };
  const share = await createShare(manifest, [new Blob([data]).stream()], {
    server: server.origin,
    password: PASSWORD,
    uploadToken: UPLOAD_TOKEN,
    views: 3,
    streamParts: true,
    fetch: recording,
  });
  const key = new URL(share.link).hash.slice(1);
  const deleteToken = new URL(share.deleteLink).hash.slice(1);
  for (const s of [share.id, key, deleteToken, "secret-name.bin"]) secrets.add(s);

  const opened = await openShare(share.link, { password: PASSWORD, fetch: recording });
  for await (const { body } of opened.files) {
    assert.deepEqual(await new Response(body).bytes(), data);
  }
  // The page of a share and an API call with a query string: both concrete paths and queries.
  const query = "q=query-string-secret-3b8e";
  secrets.add("query-string-secret-3b8e");
  for (const path of [`/s/${share.id}?${query}`, `/api/shares/${share.id}?${query}`]) {
    const res = await fetch(server.origin + path, {
      headers: { "X-Forwarded-For": "203.0.113.77" },
    });
    assert.equal(res.status, 200, path);
    await res.body?.cancel();
  }
  await deleteShare(share.deleteLink, { fetch: recording });

  // /metrics: 401 without the token, 403 with a wrong one, 200 with it.
  const bare = await fetch(`${server.origin}/metrics`);
  assert.equal(bare.status, 401);
  await bare.body?.cancel();
  const wrong = await fetch(`${server.origin}/metrics`, {
    headers: { Authorization: "Bearer wrong-metrics-token-000000" },
  });
  assert.equal(wrong.status, 403);
  await wrong.body?.cancel();
  const scrape = await fetch(`${server.origin}/metrics`, {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  assert.equal(scrape.status, 200);
  assert.match(scrape.headers.get("Content-Type") ?? "", /^text\/plain; version=0\.0\.4/);
  const metrics = await scrape.text();
  assert.match(metrics, /^hushlink_shares_created_total 1$/m);
  assert.match(metrics, /^hushlink_shares_read_total 1$/m);
  assert.match(metrics, /^hushlink_shares_deleted_total 1$/m);
  assert.match(
    metrics,
    /^hushlink_http_requests_total\{method="PUT",route="\/api\/shares\/:id\/parts\/:index",status="2xx"\} 3$/m,
  );
  // Three 4 MiB-or-less parts streamed in (chunked, counted as read) and the download out.
  const bytesIn = Number(
    /^hushlink_http_request_body_bytes_total\{route="\/api\/shares\/:id\/parts\/:index"\} (\d+)$/m
      .exec(metrics)?.[1],
  );
  const bytesOut = Number(
    /^hushlink_http_response_body_bytes_total\{route="\/api\/shares\/:id\/content"\} (\d+)$/m
      .exec(metrics)?.[1],
  );
  assert.equal(bytesIn, opened.size);
  assert.equal(bytesOut, opened.size);

  // The server writes log lines in batches a moment after each response: wait for the last.
  let lines = logLines(server);
  for (
    let i = 0;
    i < 100 && !lines.some((l) => l.status === 200 && l.route === "/metrics");
    i++
  ) {
    await new Promise((r) => setTimeout(r, 50));
    lines = logLines(server);
  }
  const routes = new Set(lines.map((l) => `${l.method} ${l.route} ${l.status}`));
  for (
    const expected of [
      "POST /api/shares 201",
      "PUT /api/shares/:id/parts/:index 200",
      "POST /api/shares/:id/complete 200",
      "GET /api/shares/:id/content 200",
      "GET /s/:id 200",
      "GET /api/shares/:id 200",
      "DELETE /api/shares/:id 204",
      "GET /metrics 401",
      "GET /metrics 403",
    ]
  ) assert.ok(routes.has(expected), `${expected} in ${[...routes].join(", ")}`);
  for (const l of lines) assert.match(l.route, /^(\/[\w.:*-]*)+$|^unmatched$/, l.route);
  const content = lines.find((l) => l.route === "/api/shares/:id/content")!;
  assert.equal(content.bytesOut, opened.size);

  const { stdout, stderr } = server.output();
  const places = { stdout, stderr, metrics };
  const addresses = ["127.0.0.1", "203.0.113.77", "::1"];
  for (const [place, text] of Object.entries(places)) {
    for (const secret of [...secrets, ...addresses]) {
      assert.ok(!text.includes(secret), `${place} contains "${secret}"`);
    }
  }
  assert.ok(secrets.size >= 9, "upload, write, read and delete tokens were all seen");
});

Deno.test("ops logs - a download the client abandons is logged when it ends, as aborted", async () => {
  await using server = await spawnServer({ startTask: true, capture: true });
  const data = randomBytes(24 * 1024 * 1024);
  const { id, token } = await storeShare(server.origin, data);
  const res = await download(server.origin, id, token);
  const reader = res.body!.getReader();
  await reader.read();
  await reader.cancel();
  const line = await waitForLine(server, (l) => l.route === "/api/shares/:id/content");
  assert.equal(line.status, 200);
  assert.equal(line.aborted, true);
  assert.ok(line.bytesOut > 0 && line.bytesOut < data.length, JSON.stringify(line));
});

Deno.test("ops logs - ACCESS_LOG=0 turns the access log off", async () => {
  await using server = await spawnServer({
    startTask: true,
    capture: true,
    env: { ACCESS_LOG: "0" },
  });
  for (const path of ["/api/health", "/api/config", "/"]) {
    const res = await fetch(server.origin + path);
    await res.body?.cancel();
  }
  await server.dispose(); // all it wrote is in once it has exited
  assert.equal(server.output().stdout, "");
});
