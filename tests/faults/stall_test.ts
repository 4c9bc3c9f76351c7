/**
 * Faults: a client that sends part of a request body and then nothing, keeping its connection
 * open. The server cuts the request off after its idle timeout (408 `body_timeout`), the part is
 * never counted, the share is never readable, and the upload is removed with its quota bytes once
 * its upload deadline passed.
 * @module
 */
import assert from "node:assert/strict";
import { HttpError } from "../../lib/http/errors.ts";
import { idleTimeout } from "../../lib/http/body.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import {
  complete,
  createShare,
  download,
  expectError,
  newReader,
  putPart,
  randomBytes,
} from "../api/_client.ts";

const PART = 131_072;

/**
 * Sends `head` and `bodyStart` over a raw connection, then stalls (the connection stays open),
 * and returns the status line and body of the server's answer.
 */
async function stalledRequest(
  server: TestServer,
  head: string,
  bodyStart: Uint8Array,
): Promise<{ status: number; body: string }> {
  const { port } = new URL(server.url);
  // Closed on the way out, also when reading to the end has closed it already.
  using conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
  await conn.write(new TextEncoder().encode(head));
  for (let off = 0; off < bodyStart.length;) off += await conn.write(bodyStart.subarray(off));
  // No more bytes from here on. A server without a body timeout would never answer: give it
  // far longer than its timeout, then fail.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const text = await Promise.race([
    readResponse(conn),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no answer to a stalled body")), 20_000);
    }),
  ]).finally(() => clearTimeout(timer));
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  return { status, body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}

/** Reads one response with a Content-Length body (the connection may stay open after it). */
async function readResponse(conn: Deno.Conn): Promise<string> {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(16_384);
  let text = "";
  for (;;) {
    const n = await conn.read(buffer);
    if (n === null) return text;
    text += decoder.decode(buffer.subarray(0, n), { stream: true });
    const end = text.indexOf("\r\n\r\n");
    const length = /\r\ncontent-length: *(\d+)/i.exec(text)?.[1];
    if (end >= 0 && length !== undefined && text.length >= end + 4 + Number(length)) return text;
  }
}

Deno.test("faults stall - a part body that stops is cut off with 408, never counted, swept by TTL", async () => {
  let now = Date.parse("2030-01-01T00:00:00Z");
  await using server = await startTestServer({
    config: { partSize: PART, uploadTtl: 600, bodyTimeout: 1, maxStorageBytes: 4 * PART },
    now: () => now,
  });
  const reader = await newReader();
  const data = randomBytes(2 * PART);
  const share = await createShare(server.url, { readTokenHash: reader.hash, size: data.length });
  const part0 = await putPart(server.url, share, 0, data.subarray(0, PART));
  assert.equal(part0.status, 200, await part0.text());

  const host = new URL(server.url).host;
  const stalled = await stalledRequest(
    server,
    `PUT /api/shares/${share.id}/parts/1 HTTP/1.1\r\nHost: ${host}\r\n` +
      `Authorization: Bearer ${share.writeToken}\r\nContent-Length: ${PART}\r\n\r\n`,
    data.subarray(PART, PART + 70_000),
  );
  assert.equal(stalled.status, 408, stalled.body);
  assert.equal(JSON.parse(stalled.body).error.code, "body_timeout");

  // Part 1 was never counted: the upload cannot complete, and nothing is readable.
  await expectError(await complete(server.url, share), 409, "missing_parts");
  await expectError(await download(server.url, share.id, reader.token), 404, "not_found");
  assert.equal((await server.kv.get(["part", share.id, 1])).value, null);
  assert.equal(await server.store.storageUsed(), 2 * PART);

  // Past the upload deadline the sweep removes every key of it and gives its bytes back.
  now += 601_000;
  await server.store.sweep(share.id);
  for (const prefix of ["share", "chunk", "part"]) {
    const left = await Array.fromAsync(server.kv.list({ prefix: [prefix, share.id] }));
    assert.deepEqual(left, [], `${prefix} keys of the abandoned upload`);
  }
  assert.equal(await server.store.storageUsed(), 0);
});

Deno.test("faults stall - a create body that stops is cut off with 408 and creates nothing", async () => {
  await using server = await startTestServer({ config: { bodyTimeout: 1 } });
  const reader = await newReader();
  const json = JSON.stringify({ readTokenHash: reader.hash, data: "AAAA" });
  const host = new URL(server.url).host;
  const stalled = await stalledRequest(
    server,
    `POST /api/shares HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${json.length + 100}\r\n\r\n`,
    new TextEncoder().encode(json),
  );
  assert.equal(stalled.status, 408, stalled.body);
  assert.equal(JSON.parse(stalled.body).error.code, "body_timeout");
  assert.deepEqual(await Array.fromAsync(server.kv.list({ prefix: ["share"] })), []);
});

/** A clock the test moves: stands in for `setTimeout`, `clearTimeout` and `performance.now`. */
interface VirtualClock {
  /** Virtual milliseconds since the clock was installed. */
  now(): number;
  /** Sleeps `ms` virtual milliseconds. */
  sleep(ms: number): Promise<void>;
  /** Moves time on, timer by timer in due order, until `done` resolves; its value. */
  runUntil<T>(done: Promise<T>): Promise<T>;
}

/**
 * Runs `fn` with timers and `performance.now` on a {@link VirtualClock}: what the test pins is
 * the order of waits and timeouts, not how fast this machine runs them.
 */
async function withVirtualClock(fn: (clock: VirtualClock) => Promise<void>): Promise<void> {
  const real = { setTimeout, clearTimeout };
  // Moving time on between macrotasks lets every promise chain the last step started settle.
  const turn = () => new Promise((r) => real.setTimeout(r, 0));
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: VirtualClock = {
    now: () => now,
    sleep: (ms) => new Promise((r) => globalThis.setTimeout(r, ms)),
    async runUntil<T>(done: Promise<T>): Promise<T> {
      let settled = false;
      done.then(() => settled = true, () => settled = true);
      for (let steps = 0; steps < 10_000; steps++) {
        await turn();
        if (settled) return await done;
        const [id, due] = [...timers].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
        if (id === undefined) throw new Error(`stuck at ${now} ms: nothing due, not done`);
        timers.delete(id);
        now = Math.max(now, due!.at);
        due!.run();
      }
      throw new Error("still not done after 10,000 timers");
    },
  };
  globalThis.setTimeout = ((run: () => void, ms = 0) => {
    timers.set(nextId, { at: now + ms, run });
    return nextId++;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((id?: number) => void timers.delete(id!)) as typeof clearTimeout;
  performance.now = () => now;
  try {
    await fn(clock);
  } finally {
    globalThis.setTimeout = real.setTimeout;
    globalThis.clearTimeout = real.clearTimeout;
    // deno-lint-ignore no-explicit-any
    delete (performance as any).now;
  }
}

Deno.test("faults stall - the idle timeout counts only waits for the client, restarting per piece", async () => {
  await withVirtualClock(async (clock) => {
    // Pieces 500 ms apart, 2 s in all, well over the 800 ms timeout: read at once, and read by a
    // consumer that itself takes 900 ms per piece (as KV writes may). Nothing is cut off.
    for (const handling of [0, 900]) {
      let sent = 0;
      const steady = idleTimeout(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await clock.sleep(500);
            if (sent++ < 3) controller.enqueue(new Uint8Array(10));
            else controller.close();
          },
        }, { highWaterMark: 0 }),
        800,
      );
      const from = clock.now();
      const got = await clock.runUntil((async () => {
        let got = 0;
        for await (const piece of steady) {
          got += piece.length;
          if (handling) await clock.sleep(handling);
        }
        return got;
      })());
      assert.equal(got, 30, `consumer taking ${handling} ms`);
      assert.equal(clock.now() - from, 4 * 500 + 3 * handling, "every wait and handling ran");
    }
    // A source that stops after one piece errors the stream with the 408 once 800 ms passed
    // since the read began, and is cancelled.
    let cancelled: unknown = null;
    const stopped = idleTimeout(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(10));
        },
        pull: () => new Promise(() => {}),
        cancel(reason) {
          cancelled = reason;
        },
      }),
      800,
    );
    const reader = stopped.getReader();
    assert.equal((await reader.read()).value?.length, 10);
    const from = clock.now();
    await assert.rejects(
      clock.runUntil(reader.read()),
      (e) => e instanceof HttpError && e.code === "body_timeout",
    );
    assert.equal(clock.now() - from, 800);
    assert.ok(cancelled instanceof HttpError && cancelled.status === 408);
  });
});
