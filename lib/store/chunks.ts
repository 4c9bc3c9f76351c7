/**
 * Writing and reading a share's ciphertext chunks. Writes are batched into atomic operations of
 * at most {@link CHUNKS_PER_OP} chunks with a few in flight; reads stream one joined batch of
 * chunks at a time with a small read-ahead, so no share is ever held whole in memory.
 * @module
 */
import { CHUNK_SIZE, chunkKey, CHUNKS_PER_OP } from "./keys.ts";
import { TooLargeError } from "./errors.ts";

/** Atomic chunk writes in flight per writer. */
const WRITES_IN_FLIGHT = 3;
/** getMany batches (of up to 10 keys) kept in flight ahead of the reader. */
const READS_AHEAD = 2;
/** Keys per getMany call (the KV limit). */
const GET_MANY = 10;
/** Deletions per atomic operation when removing a share's data. */
const DELETES_PER_OP = 500;
/** Keys listed per round when sweeping (values come along: up to 64 KiB each). */
const LIST_BATCH = 32;

/**
 * Thrown by {@link ChunkWriter} when its guard check failed (the share changed meanwhile).
 * @example
 * ```ts
 * await writer.finish().catch((e) => { if (e instanceof GuardFailedError) console.log("gone"); });
 * ```
 */
export class GuardFailedError extends Error {
  constructor() {
    super("share changed while its chunks were written");
    this.name = "GuardFailedError";
  }
}

/**
 * Writes chunks in atomic batches, each guarded by an optional check (the share's metadata
 * versionstamp), so nothing is written once the share was completed or deleted.
 * @example
 * ```ts
 * const writer = new ChunkWriter(kv, id, 86_400_000, metaEntry);
 * writer.add(0, bytes);
 * await writer.finish();
 * ```
 */
export class ChunkWriter {
  #kv: Deno.Kv;
  #id: string;
  #expireIn: number;
  #guard: Deno.AtomicCheck | null;
  #batch: [number, Uint8Array][] = [];
  #inFlight: Promise<void>[] = [];

  constructor(kv: Deno.Kv, id: string, expireIn: number, guard: Deno.AtomicCheck | null) {
    this.#kv = kv;
    this.#id = id;
    this.#expireIn = expireIn;
    this.#guard = guard;
  }

  /** Queues chunk `n`; resolves once there is room for more (back-pressure). */
  async add(n: number, bytes: Uint8Array): Promise<void> {
    // A full batch is sent only when the next chunk arrives, so finish() can put a final record
    // into the same operation as the last chunks.
    if (this.#batch.length === CHUNKS_PER_OP) {
      this.#flush();
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
    if (this.#batch.length > 0 || extra) this.#flush(extra);
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

  #flush(extra?: (op: Deno.AtomicOperation) => void): void {
    const op = this.#kv.atomic();
    if (this.#guard) op.check(this.#guard);
    for (const [n, bytes] of this.#batch) {
      op.set(chunkKey(this.#id, n), bytes, { expireIn: this.#expireIn });
    }
    extra?.(op);
    this.#batch = [];
    const done = op.commit().then((res) => {
      if (!res.ok) throw new GuardFailedError();
    });
    // Rejections are collected by finish()/add(); keep them from surfacing as unhandled meanwhile.
    done.catch(() => {});
    this.#inFlight.push(done);
  }
}

/**
 * Reads a request body into 64 KiB chunks starting at chunk `first`, cutting it off with
 * {@link TooLargeError} as soon as it exceeds `limit` bytes. Returns the byte count.
 * @example
 * ```ts
 * const size = await writeBody(req.body!, writer, 64, 4_194_304);
 * ```
 */
export async function writeBody(
  body: ReadableStream<Uint8Array>,
  writer: ChunkWriter,
  first: number,
  limit: number,
): Promise<number> {
  const reader = body.getReader();
  let total = 0;
  let n = first;
  let buffer = new Uint8Array(CHUNK_SIZE);
  let filled = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
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
          buffer = new Uint8Array(CHUNK_SIZE);
          filled = 0;
        }
      }
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    await writer.abandon();
    throw err;
  }
  if (filled > 0) await writer.add(n, buffer.subarray(0, filled));
  await writer.finish();
  return total;
}

/**
 * Streams bytes [start, end) of a chunked share. Chunks are fetched with getMany a few batches
 * ahead; a missing chunk (the share was deleted meanwhile) errors the stream. `onEnd` runs once
 * when the stream finishes, fails or is cancelled.
 * @example
 * ```ts
 * return new Response(streamChunks(kv, id, 0, size));
 * ```
 */
export function streamChunks(
  kv: Deno.Kv,
  id: string,
  start: number,
  end: number,
  onEnd?: () => void,
): ReadableStream<Uint8Array> {
  const firstChunk = Math.floor(start / CHUNK_SIZE);
  const endChunk = Math.ceil(end / CHUNK_SIZE);
  let nextFetch = firstChunk;
  const pending: Promise<Deno.KvEntryMaybe<Uint8Array>[]>[] = [];
  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    onEnd?.();
  };
  const fetchMore = () => {
    while (pending.length < READS_AHEAD && nextFetch < endChunk) {
      const keys: Deno.KvKey[] = [];
      for (let n = nextFetch; n < Math.min(nextFetch + GET_MANY, endChunk); n++) {
        keys.push(chunkKey(id, n));
      }
      nextFetch += keys.length;
      const batch = kv.getMany<Uint8Array[]>(keys);
      batch.catch(() => {}); // surfaced when the batch is awaited in pull()
      pending.push(batch);
    }
  };
  return new ReadableStream<Uint8Array>({
    start() {
      fetchMore();
    },
    async pull(controller) {
      try {
        const batch = pending.shift();
        if (!batch) {
          controller.close();
          finish();
          return;
        }
        const entries = await batch;
        fetchMore();
        controller.enqueue(joinSlices(entries, start, end));
        if (pending.length === 0) {
          controller.close();
          finish();
        }
      } catch (err) {
        controller.error(err);
        finish();
      }
    },
    cancel() {
      finish();
    },
  }, { highWaterMark: 0 });
}

/**
 * Joins one batch of chunks into a single buffer, cut to [start, end) of the share: one large
 * write per batch costs the HTTP layer far less than ten 64 KiB ones.
 */
function joinSlices(
  entries: Deno.KvEntryMaybe<Uint8Array>[],
  start: number,
  end: number,
): Uint8Array {
  const slices = entries.map((entry) => {
    if (!entry.value) throw new Error("share data is gone");
    const chunkStart = (entry.key[2] as number) * CHUNK_SIZE;
    return entry.value.subarray(
      Math.max(start - chunkStart, 0),
      Math.min(end - chunkStart, entry.value.byteLength),
    );
  });
  if (slices.length === 1) return slices[0];
  const out = new Uint8Array(slices.reduce((sum, s) => sum + s.byteLength, 0));
  let offset = 0;
  for (const slice of slices) {
    out.set(slice, offset);
    offset += slice.byteLength;
  }
  return out;
}

/**
 * Deletes chunks [from, to) of a share by key, without reading them, in batched atomic operations.
 * @example
 * ```ts
 * await deleteChunks(kv, id, 0, Math.ceil(size / CHUNK_SIZE));
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
 * await deletePrefix(kv, ["chunk", id]);
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
