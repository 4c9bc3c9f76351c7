/**
 * A worker thread's store against the main thread's (over a channel, as with a real Worker): a
 * view-limited chunked share streams from the main thread and its last view drops the chunks
 * only once that stream ended; a download registered after a delete in the main thread finds the
 * share gone instead of failing half-way; a part body that fails in the worker keeps its own
 * error; store errors keep their code.
 * @module
 */
import assert from "node:assert/strict";
import { HttpError } from "../../lib/http/errors.ts";
import { idleTimeout } from "../../lib/http/body.ts";
import { StoreError } from "../../lib/store/errors.ts";
import { CHUNK_SIZE } from "../../lib/store/keys.ts";
import { ShareStore } from "../../lib/store/shares.ts";
import { newToken, sha256 } from "../../lib/store/tokens.ts";
import { fromBase64url } from "../../lib/crypto/mod.ts";
import { randomBytes } from "../helpers/bytes.ts";
import { threadPair } from "./_threads.ts";

const create = (readHash: Uint8Array) => ({ size: null, expiresIn: 3600, readHash, kdf: null });

async function chunks(kv: Deno.Kv, id: string): Promise<number> {
  return (await Array.fromAsync(kv.list({ prefix: ["chunk", id] }))).length;
}

Deno.test("serve store - a view-limited chunked share streams from the main thread; its last view drops the chunks after the stream", async () => {
  await using pair = await threadPair();
  const read = newToken();
  // More chunks than a stream reads ahead (a few batches of 20), so it still reads from KV.
  const data = randomBytes(90 * CHUNK_SIZE + 17);
  const { id } = await pair.remote.create({ ...create(read.hash), views: 2, data });
  const first = await pair.remote.open(id, read.hash, null);
  assert.equal(first.viewsLeft, 1);
  const last = await pair.remote.open(id, read.hash, null);
  assert.equal(last.viewsLeft, 0);
  assert.ok(last.body instanceof ReadableStream);
  await assert.rejects(pair.remote.open(id, read.hash, null), { code: "not_found" });
  await pair.store.idle();
  assert.equal(await chunks(pair.workerKv, id), 91, "chunks dropped under running streams");
  assert.deepEqual(await new Response(first.body as BodyInit).bytes(), data);
  assert.deepEqual(await new Response(last.body as BodyInit).bytes(), data);
  for (let i = 0; i < 100 && await chunks(pair.workerKv, id) > 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await pair.store.idle();
  assert.equal(await chunks(pair.workerKv, id), 0, "the burned share's chunks stayed");
});

Deno.test("serve store - a download registered after a delete in the main thread finds the share gone", async () => {
  await using pair = await threadPair();
  const read = newToken();
  const data = randomBytes(3 * CHUNK_SIZE);
  const { id, deleteToken } = await pair.remote.create({ ...create(read.hash), views: null, data });
  const deleteHash = sha256(fromBase64url(deleteToken));
  // The worker read the record; the delete commits before the registration reaches the main
  // thread, which then has no download to wait for and drops the chunks.
  const late = new ShareStore(pair.workerKv, {
    partSize: 4_194_304,
    uploadTtl: 3600,
    registerStream: async (shareId) => {
      await pair.store.delete(shareId, deleteHash);
      return pair.store.trackStream(shareId);
    },
  });
  await assert.rejects(late.read(id, read.hash, null), { code: "not_found" });
  // Registered before any delete: the stream reads to its end.
  const { id: kept } = await pair.remote.create({ ...create(read.hash), views: null, data });
  const content = await pair.remote.open(kept, read.hash, null);
  assert.deepEqual(await new Response(content.body as BodyInit).bytes(), data);
});

Deno.test("serve store - a part body that stalls in the worker answers its own 408, not a 500", async () => {
  await using pair = await threadPair();
  const read = newToken();
  const { id, writeToken } = await pair.remote.create({
    ...create(read.hash),
    views: null,
    data: null,
  });
  const stalled = new ReadableStream<Uint8Array>({
    start: (c) => c.enqueue(new Uint8Array(1000)), // then nothing
  });
  const body = idleTimeout(stalled, 50);
  const writeHash = sha256(fromBase64url(writeToken!));
  await assert.rejects(
    pair.remote.putPart(id, 0, writeHash, body, null),
    (err) => err instanceof HttpError && err.code === "body_timeout" && err.status === 408,
  );
  // A whole part goes through, and store errors keep their code.
  assert.deepEqual(await pair.remote.putPart(id, 0, writeHash, new Blob(["part"]).stream(), 4), {
    index: 0,
    size: 4,
  });
  await assert.rejects(
    pair.remote.putPart(id, 0, read.hash, new Blob(["part"]).stream(), 4),
    (err) => err instanceof StoreError && err.code === "bad_token",
  );
});
