/**
 * The share store on Deno KV: create, public info, content with exact view counting, delete.
 * Uploads in parts live in ./uploads.ts. Every key is written with `expireIn` equal to the share's
 * remaining lifetime, and every read checks `expiresAt` against the injected clock, so an expired
 * share is gone for readers even while KV still holds it.
 * @module
 */
import { ActiveStreams } from "./active_streams.ts";
import { Background } from "./background.ts";
import { GroupCommit } from "./group_commit.ts";
import { GroupRead } from "./group_read.ts";
import { streamChunks } from "./chunk_stream.ts";
import { ChunkWriter, deleteChunks, deletePrefix } from "./chunks.ts";
import {
  BadTokenError,
  BusyError,
  RangeNotSatisfiableError,
  ShareNotFoundError,
} from "./errors.ts";
import { CHUNK_SIZE, INLINE_MAX, type KdfParams, shareKey, type ShareMeta } from "./keys.ts";
import { Quota, RELEASE_KIND, storageUsed } from "./quota.ts";
import { newId, newToken, sameHash } from "./tokens.ts";
import { completeUpload, putPart, SWEEP_KIND, sweepUpload } from "./uploads.ts";

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
}

/** What the upload functions share with the store. */
export interface StoreContext {
  kv: Deno.Kv;
  now: () => number;
  partSize: number;
  background: Background;
  quota: Quota;
}

/** A new share as the client describes it (already validated). */
export interface CreateInput {
  /** Ciphertext bytes, or null to give it at complete. */
  size: number | null;
  /** Lifetime in seconds. */
  expiresIn: number;
  /** View limit, or null for unlimited. */
  views: number | null;
  /** SHA-256 of the read token. */
  readHash: Uint8Array;
  /** Public KDF parameters of a password share. */
  kdf: KdfParams | null;
  /** The whole ciphertext (then the share is complete at once), or null to upload in parts. */
  data: Uint8Array | null;
}

/** Result of {@link ShareStore.create}. */
export interface Created {
  id: string;
  /** Null when the share was complete at once. */
  writeToken: string | null;
  deleteToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** The public metadata of a share. */
export interface ShareInfo {
  id: string;
  size: number;
  createdAt: number;
  expiresAt: number;
  viewsLeft: number | null;
  kdf: KdfParams | null;
}

/** A requested byte range: `bytes=a-b`, `bytes=a-` (end null) or `bytes=-n` (start null). */
export interface RangeSpec {
  start: number | null;
  end: number | null;
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
  body: Uint8Array | ReadableStream<Uint8Array>;
}

/** Generous size of a metadata record without inline data (for write batching). */
const META_BYTES = 1024;
/** Attempts at the view-count check-and-set before answering "busy". */
const VIEW_ATTEMPTS = 200;

const listening = new WeakSet<Deno.Kv>();

/**
 * Shares on Deno KV.
 * @example
 * ```ts
 * const store = new ShareStore(kv, { partSize: 4_194_304, uploadTtl: 3600 });
 * const { id, deleteToken } = await store.create({ size: null, expiresIn: 3600, views: 1,
 *   readHash, kdf: null, data: ciphertext });
 * ```
 */
export class ShareStore {
  readonly #ctx: StoreContext;
  readonly #uploadTtl: number;
  readonly #writes: GroupCommit;
  readonly #reads: GroupRead;
  readonly #active = new ActiveStreams();

  constructor(kv: Deno.Kv, options: StoreOptions) {
    if (options.partSize % CHUNK_SIZE !== 0) {
      throw new Error("partSize must be a multiple of 64 KiB");
    }
    const now = options.now ?? Date.now;
    this.#ctx = {
      kv,
      now,
      partSize: options.partSize,
      background: new Background(),
      quota: new Quota(kv, options.maxStorageBytes ?? 0, now),
    };
    this.#uploadTtl = options.uploadTtl;
    this.#writes = new GroupCommit(kv);
    this.#reads = new GroupRead(kv);
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

  /**
   * Creates a share. With `data` it is complete (readable) when this resolves, written so that
   * no reader ever sees part of it; without, it waits for parts and complete.
   */
  async create(input: CreateInput): Promise<Created> {
    const { kv, now, quota } = this.#ctx;
    const id = newId();
    const createdAt = now();
    const lifetime = input.expiresIn * 1000;
    const expiresAt = createdAt + lifetime;
    const del = newToken();
    const base = {
      createdAt,
      expiresAt,
      viewsLeft: input.views,
      kdf: input.kdf,
      readHash: input.readHash,
      deleteHash: del.hash,
    };
    if (input.data) {
      const data = input.data;
      const inline = data.byteLength <= INLINE_MAX;
      const meta: ShareMeta = {
        ...base,
        state: "ready",
        uploadDeadline: null,
        size: data.byteLength,
        writeHash: null,
        data: inline ? data : null,
      };
      if (inline && quota.enabled) {
        // The hold and the share commit together: a refused share leaves nothing behind.
        await quota.take(id, data.byteLength, expiresAt, (op) => {
          op.set(shareKey(id), meta, { expireIn: lifetime });
        }, data.byteLength + META_BYTES);
      } else if (inline) {
        await this.#writes.commit(
          (op) => op.set(shareKey(id), meta, { expireIn: lifetime }),
          data.byteLength + META_BYTES,
        );
      } else {
        // The hold first (a full quota refuses before anything is written), then the chunks, and
        // the metadata in the last batch: nothing is visible until all of it is stored.
        if (quota.enabled) await quota.take(id, data.byteLength, expiresAt);
        try {
          const writer = new ChunkWriter(kv, id, lifetime, null);
          const count = Math.ceil(data.byteLength / CHUNK_SIZE);
          for (let n = 0; n < count; n++) {
            await writer.add(n, data.subarray(n * CHUNK_SIZE, (n + 1) * CHUNK_SIZE));
          }
          await writer.finish((op) => op.set(shareKey(id), meta, { expireIn: lifetime }));
        } catch (err) {
          // No share came of it: give the bytes back now (the release message would, later).
          await quota.settle(id).catch(() => {});
          throw err;
        }
      }
      return { id, writeToken: null, deleteToken: del.token, expiresAt };
    }
    const write = newToken();
    const uploadTtl = Math.min(this.#uploadTtl * 1000, lifetime);
    const meta: ShareMeta = {
      ...base,
      state: "uploading",
      uploadDeadline: createdAt + uploadTtl,
      size: input.size,
      writeHash: write.hash,
      data: null,
    };
    const build = (op: Deno.AtomicOperation) => {
      op.set(shareKey(id), meta, { expireIn: uploadTtl })
        .enqueue({ kind: SWEEP_KIND, id }, { delay: uploadTtl + 1000 });
    };
    if (quota.enabled) {
      // An upload holds its declared size (or, size unknown, what its parts need as they come).
      await quota.take(id, input.size ?? 0, meta.uploadDeadline!, build);
    } else {
      const op = kv.atomic();
      build(op);
      await op.commit();
    }
    return { id, writeToken: write.token, deleteToken: del.token, expiresAt };
  }

  /** The public metadata of a readable share (throws {@link ShareNotFoundError}). */
  async info(id: string): Promise<ShareInfo> {
    const meta = this.#readable((await this.#reads.get<ShareMeta>(shareKey(id))).value);
    return {
      id,
      size: meta.size!,
      createdAt: meta.createdAt,
      expiresAt: meta.expiresAt,
      viewsLeft: meta.viewsLeft,
      kdf: meta.kdf,
    };
  }

  /**
   * Opens the ciphertext for a reader holding the read token (its SHA-256 is `readHash`),
   * counting one view atomically first; the last view deletes the share before anything is sent.
   * A range is honoured only for unlimited-view shares.
   */
  async open(id: string, readHash: Uint8Array, range: RangeSpec | null): Promise<Content> {
    const { kv } = this.#ctx;
    const entry = await this.#reads.get<ShareMeta>(shareKey(id));
    let meta = this.#readable(entry.value);
    if (!sameHash(meta.readHash, readHash)) throw new BadTokenError("read");
    let last = false;
    let viewsLeft: number | null = null;
    if (meta.viewsLeft !== null) {
      meta = await this.#countView(entry as Deno.KvEntry<ShareMeta>);
      viewsLeft = meta.viewsLeft! - 1;
      last = viewsLeft === 0;
      if (last) this.#release(id);
    }
    const size = meta.size!;
    const served = meta.viewsLeft === null && range ? resolveRange(range, size) : null;
    const start = served?.start ?? 0;
    const end = served ? served.end + 1 : size;
    let body: Uint8Array | ReadableStream<Uint8Array>;
    if (meta.data) {
      body = meta.data.subarray(start, end);
    } else {
      const ended = this.#active.begin(id);
      if (last) this.#active.whenIdle(id, () => this.#drop(id, meta));
      body = streamChunks(kv, id, start, end, ended);
    }
    return { size, range: served, viewsLeft, expiresAt: meta.expiresAt, body };
  }

  /** Deletes a share (uploading or ready) for the holder of its delete token. */
  async delete(id: string, deleteHash: Uint8Array): Promise<void> {
    const { kv, now } = this.#ctx;
    for (let attempt = 0; attempt < VIEW_ATTEMPTS; attempt++) {
      const entry = await kv.get<ShareMeta>(shareKey(id));
      const meta = entry.value;
      const t = now();
      if (
        !meta || meta.expiresAt <= t || (meta.uploadDeadline !== null && meta.uploadDeadline <= t)
      ) {
        throw new ShareNotFoundError();
      }
      if (!sameHash(meta.deleteHash, deleteHash)) throw new BadTokenError("delete");
      const res = await kv.atomic().check(entry).delete(shareKey(id)).commit();
      if (!res.ok) continue; // a view was counted meanwhile: look again
      this.#release(id);
      this.#active.whenIdle(id, () => this.#drop(id, meta));
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

  #readable(meta: ShareMeta | null): ShareMeta {
    if (!meta || meta.state !== "ready" || meta.expiresAt <= this.#ctx.now()) {
      throw new ShareNotFoundError();
    }
    return meta;
  }

  /** Check-and-set on the metadata versionstamp until this request owns one view. */
  async #countView(first: Deno.KvEntry<ShareMeta>): Promise<ShareMeta> {
    const { kv, now } = this.#ctx;
    const key = shareKey(first.key[1] as string);
    let entry: Deno.KvEntryMaybe<ShareMeta> = first;
    for (let attempt = 0; attempt < VIEW_ATTEMPTS; attempt++) {
      const meta = this.#readable(entry.value);
      const op = kv.atomic().check(entry);
      if (meta.viewsLeft! <= 1) op.delete(key);
      else {
        op.set(key, { ...meta, viewsLeft: meta.viewsLeft! - 1 }, {
          expireIn: meta.expiresAt - now(),
        });
      }
      if ((await op.commit()).ok) return meta;
      // Lost the race: back off a little (more after repeated losses) and read again.
      if (attempt > 2) {
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 20)));
      }
      entry = await kv.get<ShareMeta>(key);
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
  #drop(id: string, meta: ShareMeta): void {
    const { kv, background } = this.#ctx;
    if (meta.state === "ready") {
      if (!meta.data) {
        background.run(() => deleteChunks(kv, id, 0, Math.ceil(meta.size! / CHUNK_SIZE)));
      }
      return;
    }
    background.run(async () => {
      await deletePrefix(kv, ["chunk", id]);
      await deletePrefix(kv, ["part", id]);
    });
  }
}

/**
 * Resolves a range against the share size (inclusive ends); throws when it cannot be satisfied.
 * @example
 * ```ts
 * resolveRange({ start: null, end: 100 }, 1000); // { start: 900, end: 999 }
 * ```
 */
export function resolveRange(range: RangeSpec, size: number): { start: number; end: number } {
  let start: number;
  let end: number;
  if (range.start === null) {
    if (range.end === null || range.end === 0) throw new RangeNotSatisfiableError(size);
    start = Math.max(size - range.end, 0);
    end = size - 1;
  } else {
    start = range.start;
    end = Math.min(range.end ?? size - 1, size - 1);
  }
  if (start >= size || start > end) throw new RangeNotSatisfiableError(size);
  return { start, end };
}
