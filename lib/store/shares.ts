/**
 * The share store on Deno KV: create (./create.ts), public info, content with exact view counting,
 * delete; uploads in parts live in ./uploads.ts. Every key is written with `expireIn` equal to the
 * share's remaining lifetime, and every read decides by the record's own times against the
 * injected clock (./record.ts), so an expired share is gone for readers even while KV still holds
 * it.
 * @module
 */
import { ActiveStreams } from "./active_streams.ts";
import { Background } from "./background.ts";
import { streamChunks } from "./chunk_stream.ts";
import { deleteChunks, deletePrefix } from "./chunks.ts";
import type { StoreContext } from "./context.ts";
import { type Created, type CreateInput, createShare } from "./create.ts";
import { BadTokenError, BusyError, ShareNotFoundError } from "./errors.ts";
import { GroupCommit } from "./group_commit.ts";
import { GroupRead } from "./group_read.ts";
import { CHUNK_SIZE, type KdfParams, shareKey } from "./keys.ts";
import { Quota, RELEASE_KIND, storageUsed } from "./quota.ts";
import { type RangeSpec, resolveRange } from "./range.ts";
import { afterView, liveShare, type ReadyShare, type ShareRecord } from "./record.ts";
import { bytesEqual } from "../crypto/bytes.ts";
import { completeUpload, putPart, SWEEP_KIND, sweepUpload } from "./uploads.ts";

export type { Created, CreateInput, RangeSpec };

/** Settings of a {@link ShareStore}. */
export interface StoreOptions {
  /** Bytes per upload part (a multiple of the chunk size). */
  partSize: number;
  /** Seconds an upload may take before it is swept. */
  uploadTtl: number;
  /** Most ciphertext bytes all shares may hold together; 0 or absent = unlimited. */
  maxStorageBytes?: number;
  /** Clock in milliseconds since the epoch (tests inject one). */
  now?: () => number;
  /**
   * Set for a store that only reads, in a worker thread (lib/serve): registers a download this
   * store streams with the store that writes and drops chunks, resolving once registered there,
   * so that a delete or last view there waits for it. Absent: this store's own registry.
   */
  registerStream?: (id: string) => Promise<() => void>;
}

/**
 * What the HTTP routes do with shares: all of it {@link ShareStore}; in a worker thread, a store
 * that reads locally and has the main thread write (lib/serve/remote_store.ts).
 */
export type ShareAccess = Pick<
  ShareStore,
  "create" | "info" | "open" | "delete" | "putPart" | "complete"
>;

/** The public metadata of a share. */
export interface ShareInfo {
  id: string;
  size: number;
  createdAt: number;
  expiresAt: number;
  viewsLeft: number | null;
  kdf: KdfParams | null;
}

/** The ciphertext handed to a reader. */
export interface Content {
  /** Total ciphertext size. */
  size: number;
  /** Inclusive byte range served, or null for the whole share. */
  range: { start: number; end: number } | null;
  /** Views left after this one (null = unlimited). */
  viewsLeft: number | null;
  expiresAt: number;
  /**
   * The ciphertext; a stream's chunks are freed once the next is read (streamChunks'
   * `freeWhenRead`), so read it into a response, never into a list of chunks.
   */
  body: Uint8Array | ReadableStream<Uint8Array>;
}

/** Attempts at the view-count check-and-set before answering "busy". */
const VIEW_ATTEMPTS = 200;

const listening = new WeakSet<Deno.Kv>();

/**
 * Shares on Deno KV.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ShareStore } from "./shares.ts";
 * import { newToken } from "./tokens.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const store = new ShareStore(kv, { partSize: 4_194_304, uploadTtl: 3600 });
 * const read = newToken(); // the client sends the hash on create, the token on read
 * const ciphertext = new Uint8Array([1, 2, 3]);
 * const { id } = await store.create({
 *   size: null,
 *   expiresIn: 3600,
 *   views: 1,
 *   readHash: read.hash,
 *   kdf: null,
 *   data: ciphertext,
 * });
 * const { body, viewsLeft } = await store.open(id, read.hash, null);
 * assert(viewsLeft === 0 && body instanceof Uint8Array && body.length === 3); // stored inline
 * await store.idle();
 * ```
 */
export class ShareStore {
  readonly #ctx: StoreContext;
  readonly #reads: GroupRead;
  readonly #active = new ActiveStreams();
  readonly #registerStream: ((id: string) => Promise<() => void>) | null;

  constructor(kv: Deno.Kv, options: StoreOptions) {
    if (options.partSize % CHUNK_SIZE !== 0) {
      throw new Error("partSize must be a multiple of 64 KiB");
    }
    const now = options.now ?? Date.now;
    this.#ctx = {
      kv,
      now,
      partSize: options.partSize,
      uploadTtl: options.uploadTtl,
      background: new Background(),
      quota: new Quota(kv, options.maxStorageBytes ?? 0, now),
      writes: new GroupCommit(kv),
    };
    this.#reads = new GroupRead(kv);
    this.#registerStream = options.registerStream ?? null;
  }

  /**
   * Handles the store's queue messages (upload sweeps, quota releases) on this KV; once per KV
   * handle. With a quota, also settles holds whose release message was lost. Resolves when the KV
   * is closed.
   */
  listen(): Promise<void> {
    const { kv, background, quota } = this.#ctx;
    if (listening.has(kv)) return Promise.resolve();
    listening.add(kv);
    if (quota.enabled) background.run(() => quota.reconcile());
    return kv.listenQueue(async (message: unknown) => {
      const msg = message as { kind?: unknown; id?: unknown };
      if (typeof msg?.id !== "string") return;
      if (msg.kind === SWEEP_KIND) await this.sweep(msg.id);
      else if (msg.kind === RELEASE_KIND) await this.expire(msg.id);
    });
  }

  /** Resolves once background clean-ups started so far are done. */
  idle(): Promise<void> {
    return this.#ctx.background.idle();
  }

  /** Creates a share; see {@link createShare}. */
  create(input: CreateInput): Promise<Created> {
    return createShare(this.#ctx, input);
  }

  /** The public metadata of a readable share (throws {@link ShareNotFoundError}). */
  async info(id: string): Promise<ShareInfo> {
    const share = this.#readable((await this.#reads.get<ShareRecord>(shareKey(id))).value);
    return {
      id,
      size: share.size,
      createdAt: share.createdAt,
      expiresAt: share.expiresAt,
      viewsLeft: share.viewsLeft,
      kdf: share.kdf,
    };
  }

  /**
   * Opens the ciphertext for a reader holding the read token (its SHA-256 is `readHash`),
   * counting one view atomically first; the last view deletes the share before anything is sent.
   * A range is honoured only for unlimited-view shares.
   */
  async open(id: string, readHash: Uint8Array, range: RangeSpec | null): Promise<Content> {
    const entry = await this.#reads.get<ShareRecord>(shareKey(id));
    const first = this.#presented(entry.value, readHash);
    if (first.viewsLeft === null) return await this.#unlimited(id, first, range);
    const share = await this.#countView(id, entry);
    const after = afterView(share); // null: this was the last view, the record is gone
    if (!after) this.#release(id);
    let body: Uint8Array | ReadableStream<Uint8Array>;
    if (share.data) body = share.data;
    else {
      const ended = this.#active.begin(id);
      if (!after) this.#active.whenIdle(id, () => this.#drop(id, share));
      body = streamChunks(this.#ctx.kv, id, 0, share.size, { onEnd: ended, freeWhenRead: true });
    }
    const viewsLeft = after ? after.viewsLeft : 0;
    return { size: share.size, range: null, viewsLeft, expiresAt: share.expiresAt, body };
  }

  /**
   * The part of {@link open} that writes nothing: the content of a share without a view limit,
   * or null for a view-limited one, whose view only the store that writes may count (call `open`
   * there). A store that only reads (`registerStream` set) serves reads with this.
   */
  async read(id: string, readHash: Uint8Array, range: RangeSpec | null): Promise<Content | null> {
    const share = this.#presented(
      (await this.#reads.get<ShareRecord>(shareKey(id))).value,
      readHash,
    );
    return share.viewsLeft === null ? await this.#unlimited(id, share, range) : null;
  }

  /** Content of an unlimited-view share: nothing to count, nothing to write. */
  async #unlimited(id: string, share: ReadyShare, range: RangeSpec | null): Promise<Content> {
    const served = range ? resolveRange(range, share.size) : null;
    const start = served?.start ?? 0;
    const end = served ? served.end + 1 : share.size;
    const body = share.data
      ? share.data.subarray(start, end)
      : streamChunks(this.#ctx.kv, id, start, end, {
        onEnd: await this.#beginStream(id),
        freeWhenRead: true,
      });
    return { size: share.size, range: served, viewsLeft: null, expiresAt: share.expiresAt, body };
  }

  /**
   * Registers a download of share `id` where deletes look; returns the function that ends it.
   * Registered in another thread, the share is looked up again: a delete there may have committed
   * after this store read the record and found no download to wait for. Still there, any later
   * delete waits; gone, this read comes after the delete and finds nothing.
   */
  async #beginStream(id: string): Promise<() => void> {
    if (!this.#registerStream) return this.#active.begin(id);
    const ended = await this.#registerStream(id);
    try {
      this.#readable((await this.#reads.get<ShareRecord>(shareKey(id))).value);
    } catch (err) {
      ended();
      throw err;
    }
    return ended;
  }

  /**
   * Registers a download that another thread's store streams from this store's shares (see
   * `registerStream`); returns the function that ends it. A delete or last view here drops the
   * chunks only once it ended.
   */
  trackStream(id: string): () => void {
    return this.#active.begin(id);
  }

  /** Deletes a share (uploading or ready) for the holder of its delete token. */
  async delete(id: string, deleteHash: Uint8Array): Promise<void> {
    const { kv, now } = this.#ctx;
    for (let attempt = 0; attempt < VIEW_ATTEMPTS; attempt++) {
      const entry = await kv.get<ShareRecord>(shareKey(id));
      const share = liveShare(entry.value, now());
      if (!share) throw new ShareNotFoundError();
      if (!bytesEqual(share.deleteHash, deleteHash)) throw new BadTokenError("delete");
      const res = await kv.atomic().check(entry).delete(shareKey(id)).commit();
      if (!res.ok) continue; // a view was counted meanwhile: look again
      this.#release(id);
      this.#active.whenIdle(id, () => this.#drop(id, share));
      return;
    }
    throw new BusyError();
  }

  /** Writes one upload part; see {@link putPart}. */
  putPart(
    id: string,
    index: number,
    writeHash: Uint8Array,
    body: ReadableStream<Uint8Array> | null,
    contentLength: number | null,
  ): Promise<{ index: number; size: number }> {
    return putPart(this.#ctx, id, index, writeHash, body, contentLength);
  }

  /** Completes an upload; see {@link completeUpload}. */
  complete(
    id: string,
    writeHash: Uint8Array,
    size: number | null,
  ): Promise<{ id: string; size: number; expiresAt: number }> {
    return completeUpload(this.#ctx, id, writeHash, size);
  }

  /** Removes an unfinished upload whose deadline passed (what the queue message triggers). */
  sweep(id: string): Promise<void> {
    return sweepUpload(this.#ctx, id, (delay) => this.#enqueueSweep(id, delay));
  }

  /**
   * Gives back the quota bytes of a share that is gone (expired, burned, deleted, abandoned), or
   * asks to be called again when it still lives (what the release queue message triggers).
   */
  expire(id: string): Promise<void> {
    return this.#ctx.quota.expire(id);
  }

  /** Bytes the quota counts for all shares together (0 when the quota was never on). */
  storageUsed(): Promise<number> {
    return storageUsed(this.#ctx.kv);
  }

  async #enqueueSweep(id: string, delay: number): Promise<void> {
    await this.#ctx.kv.enqueue({ kind: SWEEP_KIND, id }, { delay });
  }

  /** The readable record if `readHash` is its read token's, else the error a reader gets. */
  #presented(record: ShareRecord | null, readHash: Uint8Array): ReadyShare {
    const share = this.#readable(record);
    if (!bytesEqual(share.readHash, readHash)) throw new BadTokenError("read");
    return share;
  }

  /** The record if readers may see it (live and complete), else {@link ShareNotFoundError}. */
  #readable(record: ShareRecord | null): ReadyShare {
    const share = liveShare(record, this.#ctx.now());
    if (share?.state !== "ready") throw new ShareNotFoundError();
    return share;
  }

  /**
   * Check-and-set on the record's versionstamp until this request owns one view; returns the
   * record as it was before that view.
   */
  async #countView(id: string, first: Deno.KvEntryMaybe<ShareRecord>): Promise<ReadyShare> {
    const { kv, now } = this.#ctx;
    const key = shareKey(id);
    let entry = first;
    for (let attempt = 0; attempt < VIEW_ATTEMPTS; attempt++) {
      const share = this.#readable(entry.value);
      const next = afterView(share);
      const op = kv.atomic().check(entry);
      if (next) op.set(key, next, { expireIn: share.expiresAt - now() });
      else op.delete(key);
      if ((await op.commit()).ok) return share;
      // Lost the race: back off a little (more after repeated losses) and read again.
      if (attempt > 2) {
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 20)));
      }
      entry = await kv.get<ShareRecord>(key);
    }
    throw new BusyError();
  }

  /** Gives a gone share's quota bytes back, in the background (it has no effect on the reply). */
  #release(id: string): void {
    const { background, quota } = this.#ctx;
    background.run(async () => {
      await quota.settle(id);
    });
  }

  /** Removes a gone share's chunks (and upload bookkeeping) in the background. */
  #drop(id: string, share: ShareRecord): void {
    const { kv, background } = this.#ctx;
    if (share.state === "ready") {
      if (!share.data) {
        background.run(() => deleteChunks(kv, id, 0, Math.ceil(share.size / CHUNK_SIZE)));
      }
      return;
    }
    background.run(async () => {
      await deletePrefix(kv, ["chunk", id]);
      await deletePrefix(kv, ["part", id]);
    });
  }
}
