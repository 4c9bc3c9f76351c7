/**
 * The local KV file: a new one is made with large SQLite pages (lib/store/kv_file.ts), one that
 * already holds a database is opened as it is, and either way Deno KV stores and returns chunks.
 * @module
 */
import assert from "node:assert/strict";
import { KV_PAGE_SIZE, openKvFile } from "../../lib/store/kv_file.ts";
import { CHUNK_SIZE, chunkKey, CHUNKS_PER_OP } from "../../lib/store/keys.ts";
import { pageSize } from "../helpers/sqlite.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const ID = "q3Xh0s5c9m1Jd0l5bY2Vtw";

/** Writes one atomic batch of full chunks, each filled with its own number. */
async function writeChunks(kv: Deno.Kv): Promise<void> {
  const op = kv.atomic();
  for (let n = 0; n < CHUNKS_PER_OP; n++) {
    op.set(chunkKey(ID, n), new Uint8Array(CHUNK_SIZE).fill(n));
  }
  assert.ok((await op.commit()).ok);
}

/** Reads the batch back: every chunk whole, with its own bytes. */
async function assertChunks(kv: Deno.Kv): Promise<void> {
  for (let n = 0; n < CHUNKS_PER_OP; n++) {
    const { value } = await kv.get<Uint8Array>(chunkKey(ID, n));
    assert.deepEqual(value, new Uint8Array(CHUNK_SIZE).fill(n));
  }
}

Deno.test("kv file - a new file gets large pages and keeps chunks across a reopen", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/hushlink.kv`;
  {
    await using kv = await openKvFile(path);
    await writeChunks(kv);
  }
  assert.equal(pageSize(path), KV_PAGE_SIZE);
  await using kv = await openKvFile(path);
  await assertChunks(kv);
});

Deno.test("kv file - a database made with other pages is opened as it is, data and all", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/hushlink.kv`;
  {
    await using kv = await Deno.openKv(path); // an older server's file: SQLite's default pages
    await writeChunks(kv);
  }
  await using kv = await openKvFile(path);
  await assertChunks(kv);
  assert.equal(pageSize(path), 4096);
});

Deno.test("kv file - an empty file (a start-up killed after creating it) is made like a new one", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/hushlink.kv`;
  await Deno.writeFile(path, new Uint8Array());
  {
    await using kv = await openKvFile(path);
    await writeChunks(kv);
  }
  assert.equal(pageSize(path), KV_PAGE_SIZE);
});
