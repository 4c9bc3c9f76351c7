/**
 * With several threads (WORKERS=2, a real main.ts process), what must stay exact stays exact
 * whichever thread a connection lands on: views of a view-limited share (inline and chunked),
 * the storage quota under concurrent creates, the create rate limit and the failed-token lock-out;
 * and a store error thrown in the main thread answers a worker thread's request with the same
 * status and code. Every request goes on a new connection, so both threads serve each test (each
 * test checks that they did, from /metrics).
 * @module
 */
import assert from "node:assert/strict";
import { auth, b64, createShare, newReader, putPart, randomBytes } from "../api/_client.ts";
import { spawnServer } from "../helpers/process_server.ts";
import { manyAtOnce, statuses, threadRequests } from "./_threads.ts";

const json = { "Content-Type": "application/json" };

/** Asserts that every thread answered some of the requests between `before` and now. */
async function bothThreadsServed(origin: string, before: number[]): Promise<void> {
  const { perThread } = await threadRequests(origin);
  assert.equal(perThread.length, 2, "two threads serve");
  perThread.forEach((n, thread) => {
    assert.ok(n - (before[thread] ?? 0) > 1, `thread ${thread} answered none of the requests`);
  });
}

Deno.test("ops threads - N views allowed give exactly N answers across threads, the rest 404", async () => {
  await using server = await spawnServer({ env: { WORKERS: "2" } });
  const { perThread: before } = await threadRequests(server.origin);
  const reader = await newReader();
  // Inline (in the record) and chunked (streamed from KV, by the main thread for a worker).
  const cases = [{ bytes: randomBytes(1000), views: 9 }, { bytes: randomBytes(300_000), views: 4 }];
  for (const { bytes, views } of cases) {
    const share = await createShare(server.origin, {
      readTokenHash: reader.hash,
      data: b64(bytes),
      views,
    });
    const answers = await manyAtOnce(40, () => [
      `${server.origin}/api/shares/${share.id}/content`,
      { headers: auth(reader.token) },
    ]);
    assert.deepEqual(statuses(answers), { 200: views, 404: 40 - views });
    for (const a of answers.filter((a) => a.status === 200)) assert.deepEqual(a.body, bytes);
  }
  await bothThreadsServed(server.origin, before);
});

Deno.test("ops threads - the storage quota stays exact under concurrent creates on every thread", async () => {
  await using server = await spawnServer({
    env: { WORKERS: "2", MAX_STORAGE_BYTES: "10500" },
  });
  const { perThread: before } = await threadRequests(server.origin);
  const reader = await newReader();
  const answers = await manyAtOnce(60, () => [`${server.origin}/api/shares`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ readTokenHash: reader.hash, data: b64(randomBytes(1000)) }),
  }]);
  assert.deepEqual(statuses(answers), { 201: 10, 507: 50 }); // 10 × 1000 bytes fit in 10500
  await bothThreadsServed(server.origin, before);
});

Deno.test("ops threads - RATE_LIMIT_CREATES=k accepts exactly k creates from a client across threads", async () => {
  await using server = await spawnServer({ env: { WORKERS: "2", RATE_LIMIT_CREATES: "7" } });
  const { perThread: before } = await threadRequests(server.origin);
  const reader = await newReader();
  const answers = await manyAtOnce(40, () => [`${server.origin}/api/shares`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ readTokenHash: reader.hash, data: b64(randomBytes(100)) }),
  }]);
  assert.deepEqual(statuses(answers), { 201: 7, 429: 33 });
  assert.ok(answers.every((a) => a.status === 201 || a.code === "rate_limited"));
  await bothThreadsServed(server.origin, before);
});

Deno.test("ops threads - failed tokens lock a client out on every thread, and only that client", async () => {
  await using server = await spawnServer({
    env: { WORKERS: "2", RATE_LIMIT_FAILURES: "5", TRUST_PROXY: "1" },
  });
  const { perThread: before } = await threadRequests(server.origin);
  const reader = await newReader();
  const bytes = randomBytes(500);
  const share = await createShare(server.origin, { readTokenHash: reader.hash, data: b64(bytes) });
  const url = `${server.origin}/api/shares/${share.id}/content`;
  const from = (client: string, token: string) => ({
    headers: { ...auth(token), "X-Forwarded-For": client },
  });
  // Well-formed but wrong tokens: the store refuses them (in whichever thread), each counted.
  const wrong = (await newReader()).token;
  const guesses = await manyAtOnce(30, () => [url, from("192.0.2.1", wrong)]);
  assert.deepEqual(statuses(guesses), { 403: 5, 429: 25 });
  // Now the right token does not help this client on any thread...
  const locked = await manyAtOnce(20, () => [url, from("192.0.2.1", reader.token)]);
  assert.deepEqual(statuses(locked), { 429: 20 });
  // ...while another client reads on every thread.
  const other = await manyAtOnce(20, () => [url, from("192.0.2.2", reader.token)]);
  assert.deepEqual(statuses(other), { 200: 20 });
  await bothThreadsServed(server.origin, before);
});

Deno.test("ops threads - store errors answer the same status and code on every thread", async () => {
  await using server = await spawnServer({ env: { WORKERS: "2" } });
  const { perThread: before } = await threadRequests(server.origin);
  const reader = await newReader();
  const upload = await createShare(server.origin, { readTokenHash: reader.hash, size: 5_000_000 });
  const done = await createShare(server.origin, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(10)),
  });
  const wrongToken = (await newReader()).token;
  const cases: [string, RequestInit, number, string][] = [
    [`/api/shares/${done.id}`, { method: "DELETE", headers: auth(wrongToken) }, 403, "bad_token"],
    [
      `/api/shares/${upload.id}/complete`,
      {
        method: "POST",
        headers: { ...auth(upload.writeToken!), ...json },
        body: "{}",
      },
      409,
      "missing_parts",
    ],
    [
      `/api/shares/${upload.id}/parts/1`,
      {
        method: "PUT",
        headers: auth(upload.writeToken!),
        body: randomBytes(10),
      },
      400,
      "bad_part_size",
    ],
    [
      `/api/shares/${upload.id}/parts/9`,
      {
        method: "PUT",
        headers: auth(upload.writeToken!),
        body: randomBytes(10),
      },
      400,
      "bad_index",
    ],
  ];
  for (const [path, init, status, code] of cases) {
    const answers = await manyAtOnce(12, () => [`${server.origin}${path}`, init]);
    for (const a of answers) assert.deepEqual([a.status, a.code], [status, code], path);
  }
  // A whole part arrives in the main thread from either thread.
  const part = await putPart(server.origin, upload, 0, randomBytes(4_194_304));
  assert.deepEqual(await part.json(), { index: 0, size: 4_194_304 });
  await bothThreadsServed(server.origin, before);
});
