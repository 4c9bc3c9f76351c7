import assert from "node:assert/strict";
import { streamChunks } from "../../lib/store/chunk_stream.ts";
import { ChunkWriter, writeBody } from "../../lib/store/chunks.ts";
import { WriteBudget } from "../../lib/store/write_budget.ts";
import { TooLargeError } from "../../lib/store/errors.ts";
import { randomBytes } from "./_client.ts";

const CHUNK = 65_536;

Deno.test("store/write_budget - waiters are granted in order, never past the limit", async () => {
  const budget = new WriteBudget(100);
  const order: string[] = [];
  await budget.acquire(60);
  const b = budget.acquire(60).then(() => order.push("b"));
  const c = budget.acquire(10).then(() => order.push("c"));
  await Promise.resolve();
  // c would fit, but b came first: nothing jumps the queue.
  assert.equal(order.length, 0);
  assert.equal(budget.held, 60);
  budget.release(60);
  await Promise.all([b, c]);
  assert.deepEqual(order, ["b", "c"]);
  assert.equal(budget.held, 70);
  // A request larger than the whole limit is served alone once nothing else is held.
  const big = budget.acquire(500).then(() => order.push("big"));
  budget.release(70);
  await big;
  assert.equal(budget.held, 500);
  budget.release(500);
  assert.equal(budget.held, 0);
});

Deno.test("store/write_budget - a writer waits for budget and gives it all back", async () => {
  using kv = await Deno.openKv(":memory:");
  // Room for one batch at a time: the writers must take turns, and still store everything.
  const budget = new WriteBudget(12 * CHUNK);
  const datas = [randomBytes(40 * CHUNK + 5), randomBytes(30 * CHUNK)];
  await Promise.all(datas.map((data, i) => {
    const writer = new ChunkWriter(kv, `id${i}`, 60_000, null, budget);
    return writeBody(new Blob([data]).stream(), writer, 0, data.length);
  }));
  assert.equal(budget.held, 0);
  for (const [i, data] of datas.entries()) {
    const back = new Uint8Array(
      await new Response(streamChunks(kv, `id${i}`, 0, data.length)).arrayBuffer(),
    );
    assert.deepEqual(back, data);
  }
});

Deno.test("store/chunks - writeBody stores byte streams and odd-sized pieces alike; cuts off past the limit", async () => {
  using kv = await Deno.openKv(":memory:");
  const data = randomBytes(5 * CHUNK + 123);
  // A byte stream (read with a BYOB reader) ...
  const a = await writeBody(
    new Blob([data]).stream(),
    new ChunkWriter(kv, "a", 60_000, null),
    0,
    data.length,
  );
  // ... and a plain stream of pieces that straddle chunk boundaries.
  let offset = 0;
  const pieces = new ReadableStream<Uint8Array>({
    pull(controller) {
      const n = Math.min(50_001, data.length - offset);
      controller.enqueue(data.slice(offset, offset + n));
      offset += n;
      if (offset >= data.length) controller.close();
    },
  });
  const b = await writeBody(pieces, new ChunkWriter(kv, "b", 60_000, null), 0, data.length);
  assert.equal(a, data.length);
  assert.equal(b, data.length);
  for (const id of ["a", "b"]) {
    const back = new Uint8Array(
      await new Response(streamChunks(kv, id, 0, data.length)).arrayBuffer(),
    );
    assert.deepEqual(back, data);
  }
  await assert.rejects(
    writeBody(new Blob([data]).stream(), new ChunkWriter(kv, "c", 60_000, null), 0, CHUNK),
    TooLargeError,
  );
});

Deno.test("store/chunks - a download whose chunk went missing errors instead of skipping it", async () => {
  using kv = await Deno.openKv(":memory:");
  const data = randomBytes(25 * CHUNK);
  await writeBody(
    new Blob([data]).stream(),
    new ChunkWriter(kv, "x", 60_000, null),
    0,
    25 * CHUNK,
  );
  await kv.delete(["chunk", "x", 13]);
  await assert.rejects(
    new Response(streamChunks(kv, "x", 0, data.length)).arrayBuffer(),
    /share data is gone/,
  );
  // A range before the gap still reads fine.
  const head = new Uint8Array(
    await new Response(streamChunks(kv, "x", 100, 13 * CHUNK)).arrayBuffer(),
  );
  assert.deepEqual(head, data.subarray(100, 13 * CHUNK));
});
