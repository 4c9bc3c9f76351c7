import assert from "node:assert/strict";
import { HushlinkError } from "../../lib/crypto/errors.ts";
import { ActiveStreams } from "../../lib/store/active_streams.ts";
import { streamChunks } from "../../lib/store/chunk_stream.ts";
import { ChunkWriter, deletePrefix } from "../../lib/store/chunks.ts";
import { GroupCommit } from "../../lib/store/group_commit.ts";
import { GroupRead } from "../../lib/store/group_read.ts";
import {
  GuardFailedError,
  RangeNotSatisfiableError,
  ShareNotFoundError,
  StoreError,
  UploadSizeMismatchError,
} from "../../lib/store/errors.ts";
import { resolveRange } from "../../lib/store/range.ts";
import {
  afterView,
  liveShare,
  type ReadyShare,
  type UploadingShare,
} from "../../lib/store/record.ts";
import { randomBytes } from "./_client.ts";

Deno.test("store/errors - store errors are HushlinkErrors with a stable code and their class name", () => {
  const cases: [StoreError, string, string][] = [
    [new ShareNotFoundError(), "ShareNotFoundError", "not_found"],
    [new UploadSizeMismatchError("part 1"), "UploadSizeMismatchError", "size_mismatch"],
    [new RangeNotSatisfiableError(10), "RangeNotSatisfiableError", "range_not_satisfiable"],
    [new GuardFailedError(), "GuardFailedError", "guard_failed"],
  ];
  for (const [error, name, code] of cases) {
    assert.ok(error instanceof StoreError && error instanceof HushlinkError, name);
    assert.deepEqual([error.name, error.code], [name, code]);
  }
});

const READY: ReadyShare = {
  state: "ready",
  createdAt: 0,
  expiresAt: 1000,
  uploadDeadline: null,
  size: 5,
  viewsLeft: 2,
  kdf: null,
  readHash: new Uint8Array(32),
  writeHash: null,
  deleteHash: new Uint8Array(32),
  data: new Uint8Array(5),
};

Deno.test("store/record - a share is live until it expires, an upload until its deadline", () => {
  const upload: UploadingShare = {
    ...READY,
    state: "uploading",
    uploadDeadline: 400,
    size: null,
    writeHash: new Uint8Array(32),
    data: null,
  };
  assert.equal(liveShare(READY, 999), READY);
  assert.equal(liveShare(READY, 1000), null); // KV may still return it: expiresAt decides
  assert.equal(liveShare(upload, 399), upload);
  assert.equal(liveShare(upload, 400), null);
  assert.equal(liveShare(null, 0), null);
});

Deno.test("store/record - a view counts one down; the last view leaves no record", () => {
  assert.equal(afterView(READY)?.viewsLeft, 1);
  assert.equal(afterView({ ...READY, viewsLeft: 1 }), null);
  assert.equal(afterView({ ...READY, viewsLeft: null })?.viewsLeft, null);
});

Deno.test("store/group_commit - concurrent writes all land, batched under the op limits", async () => {
  using kv = await Deno.openKv(":memory:");
  const writes = new GroupCommit(kv);
  const value = randomBytes(30_000); // 25 of these would break one 800 KiB op
  const put = (i: number) =>
    writes.commit((op) => op.set(["k", i], value, { expireIn: 60_000 }), value.length);
  await Promise.all(Array.from({ length: 200 }, (_, i) => put(i)));
  const stored = await Array.fromAsync(kv.list<Uint8Array>({ prefix: ["k"] }));
  assert.equal(stored.length, 200);
  for (const entry of stored) assert.deepEqual(entry.value, value);
});

Deno.test("store/group_read - concurrent gets each get their own key's entry", async () => {
  using kv = await Deno.openKv(":memory:");
  for (let i = 0; i < 50; i += 10) {
    const op = kv.atomic();
    for (let j = i; j < i + 10; j++) op.set(["k", j], `value ${j}`);
    await op.commit();
  }
  const reads = new GroupRead(kv);
  const entries = await Promise.all(
    Array.from({ length: 60 }, (_, i) => reads.get<string>(["k", i])),
  );
  entries.forEach((entry, i) => assert.equal(entry.value, i < 50 ? `value ${i}` : null));
});

Deno.test("store/chunks - with freeWhenRead, a chunk's memory is freed once the next is read", async () => {
  using kv = await Deno.openKv(":memory:");
  const data = randomBytes(65_536 * 45);
  const writer = new ChunkWriter(kv, "id", 60_000, null);
  for (let n = 0; n * 65_536 < data.length; n++) {
    await writer.add(n, data.subarray(n * 65_536, (n + 1) * 65_536));
  }
  await writer.finish();
  // Read as an HTTP response reads: each chunk used before the next is asked for.
  const reader = streamChunks(kv, "id", 0, data.length, { freeWhenRead: true }).getReader();
  const held: Uint8Array[] = [];
  let offset = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    assert.deepEqual(r.value, data.subarray(offset, offset + r.value.byteLength));
    offset += r.value.byteLength;
    held.push(r.value);
  }
  assert.equal(offset, data.length);
  // Handed out a batch at a time: all but the last batch's chunks are freed by now.
  const freed = held.filter((chunk) => chunk.byteLength === 0).length;
  assert.ok(freed >= held.length - 20 && freed < held.length, `${freed} of ${held.length}`);
  // Without the option, a reader may keep every chunk (the collecting tests below do).
  const kept = await Array.fromAsync(streamChunks(kv, "id", 0, data.length));
  assert.deepEqual(kept.map((chunk) => chunk.byteLength), held.map(() => 65_536));
});

Deno.test("store/chunks - written chunks stream back in any byte range; a guard stops writes", async () => {
  using kv = await Deno.openKv(":memory:");
  const data = randomBytes(65_536 * 30 + 123);
  const writer = new ChunkWriter(kv, "id", 60_000, null);
  for (let n = 0; n * 65_536 < data.length; n++) {
    await writer.add(n, data.subarray(n * 65_536, (n + 1) * 65_536));
  }
  await writer.finish((op) => op.set(["meta"], "last"));
  for (
    const [start, end] of [[0, data.length], [65_530, 65_600], [1_000_000, data.length], [5, 6]]
  ) {
    const got = new Uint8Array(
      await new Response(streamChunks(kv, "id", start, end)).arrayBuffer(),
    );
    assert.deepEqual(got, data.subarray(start, end));
  }
  const guard = await kv.get(["meta"]);
  await kv.set(["meta"], "changed");
  const guarded = new ChunkWriter(kv, "id", 60_000, guard);
  await guarded.add(0, new Uint8Array(10));
  await assert.rejects(guarded.finish(), { name: "GuardFailedError" });
  assert.deepEqual(
    (await kv.get<Uint8Array>(["chunk", "id", 0])).value,
    data.subarray(0, 65_536),
  );
  await deletePrefix(kv, ["chunk", "id"]);
  assert.equal((await Array.fromAsync(kv.list({ prefix: ["chunk"] }))).length, 0);
});

Deno.test("store/active_streams - idle tasks wait for every stream of the share", () => {
  const active = new ActiveStreams();
  const ran: string[] = [];
  const endA = active.begin("a");
  const endA2 = active.begin("a");
  active.whenIdle("a", () => ran.push("a"));
  active.whenIdle("b", () => ran.push("b"));
  assert.deepEqual(ran, ["b"]);
  endA();
  assert.deepEqual(ran, ["b"]);
  endA2();
  assert.deepEqual(ran, ["b", "a"]);
});

Deno.test("store/range - ranges are cut to the share; one past its end is not satisfiable", () => {
  assert.deepEqual(resolveRange({ start: 10, end: null }, 100), { start: 10, end: 99 });
  assert.deepEqual(resolveRange({ start: 10, end: 500 }, 100), { start: 10, end: 99 });
  assert.deepEqual(resolveRange({ start: null, end: 30 }, 100), { start: 70, end: 99 });
  assert.deepEqual(resolveRange({ start: null, end: 500 }, 100), { start: 0, end: 99 });
  for (const range of [{ start: 100, end: null }, { start: null, end: 0 }]) {
    assert.throws(() => resolveRange(range, 100), RangeNotSatisfiableError);
  }
});
