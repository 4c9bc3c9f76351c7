/**
 * Oversized bodies are cut off while they stream, not after buffering: an endless request body
 * (a generator that never ends) sent to every route that reads a body must get its 413 while the
 * generator has produced only a bounded number of bytes, and the server must not go on reading
 * (and discarding) the rest of it after answering — otherwise one client could keep a request and
 * a core busy for ever.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { auth, createShare, expectError, newReader } from "../api/_client.ts";
import { ANSWER_WITHIN_MS } from "./_fuzz.ts";

const PART = 131_072;
/**
 * Bytes an endless body may have produced by the time the server has answered and stopped
 * reading: the limits here are at most ~190 KB, the rest is what the client and the kernel buffer
 * (socket buffers autotune up to a few tens of MiB on loopback). An endless body has no bound.
 */
const BOUND = 64 * 1024 * 1024;

/** A request body that never ends, counting what it has handed out. */
function endless(): { body: ReadableStream<Uint8Array>; produced: () => number } {
  let produced = 0;
  const piece = new Uint8Array(16_384).fill(0x7b); // "{" — also an endless JSON prefix
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      produced += piece.length;
      controller.enqueue(piece.slice());
    },
  });
  return { body, produced: () => produced };
}

/**
 * Waits until the body stops being pulled (the server stopped reading) and returns how much was
 * produced; fails once more than {@link BOUND} was, or when it is still being pulled after
 * several seconds. The waits only give a server that drains the body the time to show it.
 */
async function settled(produced: () => number): Promise<number> {
  let last = -1;
  let quiet = 0;
  for (let polls = 0; polls < 200; polls++) {
    const now = produced();
    assert.ok(now <= BOUND, `the server read ${now} bytes of an endless body`);
    quiet = now === last ? quiet + 1 : 0;
    if (quiet >= 6) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the server still reads an endless body after answering (${produced()} bytes)`);
}

/** Sends an endless body and checks the answer and that the server stopped reading. */
async function sendEndless(
  url: string,
  init: { method: string; headers?: Record<string, string> },
  status: number,
  code: string,
): Promise<void> {
  const { body, produced } = endless();
  const abort = new AbortController();
  const timeout = setTimeout(() => abort.abort(), ANSWER_WITHIN_MS);
  try {
    const res = await fetch(
      url,
      { ...init, body, duplex: "half", signal: abort.signal } as RequestInit,
    );
    const atAnswer = produced();
    await expectError(res, status, code);
    assert.ok(atAnswer <= BOUND, `answered only after ${atAnswer} bytes`);
    await settled(produced);
  } finally {
    clearTimeout(timeout);
    abort.abort(); // drop the connection that still carries the rest of the body
  }
}

Deno.test("fuzz streaming - an endless body is cut off at each route's limit, and not read on", async () => {
  await using server = await startTestServer({
    config: { partSize: PART, maxShareBytes: 10 * PART },
  });
  const reader = await newReader();
  await sendEndless(`${server.url}/api/shares`, { method: "POST" }, 413, "too_large");

  const open = await createShare(server.url, { readTokenHash: reader.hash });
  const part = `${server.url}/api/shares/${open.id}/parts/0`;
  const put = { method: "PUT", headers: auth(open.writeToken!) };
  await sendEndless(part, put, 413, "too_large");
  const sized = await createShare(server.url, { readTokenHash: reader.hash, size: PART + 10 });
  // The last part of a sized share may hold only the remainder (10 bytes).
  await sendEndless(
    `${server.url}/api/shares/${sized.id}/parts/1`,
    { method: "PUT", headers: auth(sized.writeToken!) },
    413,
    "too_large",
  );
  await sendEndless(
    `${server.url}/api/shares/${open.id}/complete`,
    { method: "POST", headers: auth(open.writeToken!) },
    413,
    "too_large",
  );

  // Nothing of the cut-off bodies became a share or a stored part.
  const res = await fetch(`${server.url}/api/shares/${open.id}/complete`, {
    method: "POST",
    headers: auth(open.writeToken!),
    body: JSON.stringify({ size: PART }),
  });
  await expectError(res, 409, "missing_parts");
  const health = await fetch(`${server.url}/api/health`);
  assert.equal(health.status, 200);
  await health.body?.cancel();
});
