/**
 * Writing and deleting a share's ciphertext chunks (reading them is ./chunk_stream.ts). Writes are
 * batched into atomic operations of at most {@link CHUNKS_PER_OP} chunks with a few in flight per
 * writer and a process-wide byte budget across all writers (lib/store/write_budget.ts), so
 * concurrent uploads cannot queue unbounded memory towards KV.
 * @module
 */
import { CHUNK_SIZE, chunkKey, CHUNKS_PER_OP } from "./keys.ts";
import { GuardFailedError, TooLargeError } from "./errors.ts";
import { spent } from "./garbage.ts";
import { sharedWriteBudget, type WriteBudget } from "./write_budget.ts";

/** Atomic chunk writes in flight per writer. */
const WRITES_IN_FLIGHT = 3;
/** Deletions per atomic operation when removing a share's data. */
const DELETES_PER_OP = 500;
/** Keys listed per round when sweeping (values come along: up to 64 KiB each). */
const LIST_BATCH = 32;

/**
 * Full chunk buffers whose commit has settled, reused by {@link writeBody}: a large upload then
 * cycles through a few buffers instead of leaving a fresh 64 KiB allocation per chunk for the
 * collector (which, between collections, showed up as server RSS growing with the upload).
 */
const freeChunks: Uint8Array<ArrayBuffer>[] = [];
/**
 * Most buffers kept for reuse: as many as the write budget (48 chunks) and four uploads' batches
 * being filled (12 each) hold at once.
 */
const MAX_FREE_CHUNKS = 96;

function takeChunk(): Uint8Array<ArrayBuffer> {
  return freeChunks.pop() ?? new Uint8Array(CHUNK_SIZE);
}

function recycle(batch: [number, Uint8Array][]): void {
  for (const [, chunk] of batch) {
    // Only whole buffers this module allocated (a last, short chunk is a view: left alone).
    if (
      chunk.byteLength === CHUNK_SIZE && chunk.buffer.byteLength === CHUNK_SIZE &&
      chunk.buffer instanceof ArrayBuffer && freeChunks.length < MAX_FREE_CHUNKS
    ) {
      freeChunks.push(chunk as Uint8Array<ArrayBuffer>);
    }
  }
}

/**
 * Writes chunks in atomic batches, each guarded by an optional check (the share's metadata
 * versionstamp), so nothing is written once the share was completed or deleted. Each batch takes
 * its bytes from a process-wide {@link WriteBudget} before it is committed and gives them back
 * when the commit settles: {@link ChunkWriter.add} waits meanwhile, so the bytes queued towards
 * KV stay bounded however many uploads run at once.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChunkWriter } from "./chunks.ts";
 * import { chunkKey } from "./keys.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * // The guard is usually the share record's versionstamp: the writes fail if it changed.
 * const writer = new ChunkWriter(kv, id, 86_400_000, null);
 * await writer.add(0, new Uint8Array(10));
 * await writer.finish();
 * assert((await kv.get<Uint8Array>(chunkKey(id, 0))).value?.length === 10);
 * ```
 */
export class ChunkWriter {
  #kv: Deno.Kv;
  #id: string;
  #expireIn: number;
  #guard: Deno.AtomicCheck | null;
  #batch: [number, Uint8Array][] = [];
  #inFlight: Promise<void>[] = [];
  #budget: WriteBudget;
  #recycle = false;

  constructor(
    kv: Deno.Kv,
    id: string,
    expireIn: number,
    guard: Deno.AtomicCheck | null,
    budget: WriteBudget = sharedWriteBudget,
  ) {
    this.#kv = kv;
    this.#id = id;
    this.#expireIn = expireIn;
    this.#guard = guard;
    this.#budget = budget;
  }

  /**
   * Lets the writer put its full chunk buffers back into the pool {@link writeBody} takes them
   * from once they are committed (the caller must not touch them after {@link ChunkWriter.add}).
   */
  recycleBuffers(): void {
    this.#recycle = true;
  }

  /** Queues chunk `n`; resolves once there is room for more (back-pressure). */
  async add(n: number, bytes: Uint8Array): Promise<void> {
    // A full batch is sent only when the next chunk arrives, so finish() can put a final record
    // into the same operation as the last chunks.
    if (this.#batch.length === CHUNKS_PER_OP) {
      await this.#flush();
      if (this.#inFlight.length > WRITES_IN_FLIGHT) await this.#inFlight.shift();
    }
    this.#batch.push([n, bytes]);
  }

  /**
   * Writes what is queued and waits for every write; `extra` joins the last batch (e.g. the
   * metadata record, so it commits together with the final chunks).
   */
  async finish(extra?: (op: Deno.AtomicOperation) => void): Promise<void> {
    // With a final record, every earlier batch must be stored before it commits.
    if (extra) await this.#settle();
    if (this.#batch.length > 0 || extra) await this.#flush(extra);
    await this.#settle();
  }

  async #settle(): Promise<void> {
    const results = await Promise.allSettled(this.#inFlight);
    this.#inFlight = [];
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** Waits for writes already started, ignoring their outcome (used when aborting). */
  async abandon(): Promise<void> {
    this.#batch = [];
    await Promise.allSettled(this.#inFlight);
    this.#inFlight = [];
  }

  async #flush(extra?: (op: Deno.AtomicOperation) => void): Promise<void> {
    const batch = this.#batch;
    this.#batch = [];
    let bytes = 0;
    for (const [, chunk] of batch) bytes += chunk.byteLength;
    await this.#budget.acquire(bytes);
    let done: Promise<void>;
    try {
      const op = this.#kv.atomic();
      if (this.#guard) op.check(this.#guard);
      for (const [n, chunk] of batch) {
        op.set(chunkKey(this.#id, n), chunk, { expireIn: this.#expireIn });
      }
      extra?.(op);
      done = op.commit().then((res) => {
        if (!res.ok) throw new GuardFailedError();
      });
    } catch (err) {
      this.#budget.release(bytes);
      throw err;
    }
    done = done.finally(() => {
      this.#budget.release(bytes);
      // KV has taken its copy of the values once the commit settled: the buffers can be reused.
      if (this.#recycle) recycle(batch);
      spent(bytes);
    });
    // Rejections are collected by finish()/add(); keep them from surfacing as unhandled meanwhile.
    done.catch(() => {});
    this.#inFlight.push(done);
  }
}

/** The smallest view handed to a BYOB read of a request body (see {@link writeBody}). */
const MIN_BYOB_VIEW = 1024;

/**
 * Reads a request body into 64 KiB chunks starting at chunk `first`, cutting it off with
 * {@link TooLargeError} as soon as it exceeds `limit` bytes. Returns the byte count.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChunkWriter, writeBody } from "./chunks.ts";
 * import { CHUNK_SIZE, chunkKey } from "./keys.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * const req = new Request("http://localhost/", { method: "PUT", body: new Uint8Array(CHUNK_SIZE + 1) });
 * const writer = new ChunkWriter(kv, id, 86_400_000, null);
 * const size = await writeBody(req.body!, writer, 64, 4_194_304); // part 1: from chunk 64 on
 * await writer.finish();
 * assert(size === CHUNK_SIZE + 1);
 * assert((await kv.get<Uint8Array>(chunkKey(id, 65))).value?.length === 1);
 * ```
 */
export async function writeBody(
  body: ReadableStream<Uint8Array>,
  writer: ChunkWriter,
  first: number,
  limit: number,
): Promise<number> {
  // A byte stream (Deno's request body) is read straight into the chunk buffers: a default
  // reader gets a fresh buffer per read, garbage that piles up as RSS under concurrent uploads.
  const byob = byobReader(body);
  const reader = byob ? null : body.getReader();
  writer.recycleBuffers();
  let total = 0;
  let n = first;
  let buffer = takeChunk();
  let filled = 0;
  try {
    for (;;) {
      if (byob && CHUNK_SIZE - filled < MIN_BYOB_VIEW) {
        // The end of a chunk is read through a small buffer of its own: Deno's request body
        // never answers a BYOB read into a view of a few bytes once the body has ended (a part
        // whose length left 1–4 bytes of room waited for the 30 s body timeout).
        const { done, value } = await byob.read(new Uint8Array(MIN_BYOB_VIEW));
        if (done) break;
        total += value.byteLength;
        if (total > limit) throw new TooLargeError(limit);
        const take = Math.min(CHUNK_SIZE - filled, value.byteLength);
        buffer.set(value.subarray(0, take), filled);
        filled += take;
        if (filled === CHUNK_SIZE) {
          await writer.add(n++, buffer);
          buffer = takeChunk();
          buffer.set(value.subarray(take));
          filled = value.byteLength - take;
        }
        continue;
      }
      if (byob) {
        const view = new Uint8Array(buffer.buffer, filled, CHUNK_SIZE - filled);
        const { done, value } = await byob.read(view);
        // The read transferred the buffer: the same memory now belongs to `value`.
        if (value) buffer = new Uint8Array(value.buffer as ArrayBuffer);
        if (done) break;
        total += value.byteLength;
        if (total > limit) throw new TooLargeError(limit);
        filled += value.byteLength;
        if (filled === CHUNK_SIZE) {
          await writer.add(n++, buffer);
          buffer = takeChunk();
          filled = 0;
        }
        continue;
      }
      const { done, value } = await reader!.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw new TooLargeError(limit);
      let offset = 0;
      while (offset < value.byteLength) {
        const take = Math.min(CHUNK_SIZE - filled, value.byteLength - offset);
        buffer.set(value.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === CHUNK_SIZE) {
          await writer.add(n++, buffer);
          buffer = takeChunk();
          filled = 0;
        }
      }
    }
  } catch (err) {
    await (byob ?? reader!).cancel().catch(() => {});
    await writer.abandon();
    throw err;
  }
  if (filled > 0) await writer.add(n, buffer.subarray(0, filled));
  await writer.finish();
  return total;
}

/** A BYOB reader when `body` is a byte stream, else null. */
function byobReader(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
  try {
    return body.getReader({ mode: "byob" });
  } catch {
    return null; // not a byte stream
  }
}

/**
 * Deletes chunks [from, to) of a share by key, without reading them, in batched atomic operations.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deleteChunks } from "./chunks.ts";
 * import { CHUNK_SIZE, chunkKey } from "./keys.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * const size = 2 * CHUNK_SIZE;
 * await kv.set(chunkKey(id, 0), new Uint8Array(1));
 * await kv.set(chunkKey(id, 1), new Uint8Array(1));
 * await deleteChunks(kv, id, 0, Math.ceil(size / CHUNK_SIZE));
 * assert((await kv.get(chunkKey(id, 1))).value === null);
 * ```
 */
export async function deleteChunks(
  kv: Deno.Kv,
  id: string,
  from: number,
  to: number,
): Promise<void> {
  for (let n = from; n < to; n += DELETES_PER_OP) {
    const op = kv.atomic();
    for (let k = n; k < Math.min(n + DELETES_PER_OP, to); k++) op.delete(chunkKey(id, k));
    await op.commit();
  }
}

/**
 * Deletes every key under `prefix` (from `start` on, when given). Listing reads values too, so
 * batches stay small: this is for rare sweeps of keys whose extent is unknown.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deletePrefix } from "./chunks.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * await kv.set(["chunk", id, 0], 1);
 * await kv.set(["chunk", id, 1], 2);
 * await deletePrefix(kv, ["chunk", id]);
 * assert((await Array.fromAsync(kv.list({ prefix: ["chunk", id] }))).length === 0);
 * ```
 */
export async function deletePrefix(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  start?: Deno.KvKey,
): Promise<void> {
  const selector = start ? { prefix, start } : { prefix };
  for (;;) {
    const keys: Deno.KvKey[] = [];
    for await (const entry of kv.list(selector, { limit: LIST_BATCH, batchSize: LIST_BATCH })) {
      keys.push(entry.key);
    }
    if (keys.length === 0) return;
    const op = kv.atomic();
    for (const key of keys) op.delete(key);
    await op.commit();
    if (keys.length < LIST_BATCH) return;
  }
}
