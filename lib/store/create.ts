/**
 * Creating a share, in one of three ways: whole and small (the ciphertext inside the record, one
 * atomic write), whole and large (chunks first, the record with the last of them), or empty, for
 * an upload in parts (./uploads.ts). Each writes nothing a reader could see half of, and takes
 * its quota hold before or together with its first write.
 * @module
 */
import { ChunkWriter } from "./chunks.ts";
import type { StoreContext } from "./context.ts";
import type { Write } from "./group_commit.ts";
import { CHUNK_SIZE, INLINE_MAX, type KdfParams, shareKey } from "./keys.ts";
import type { ReadyShare, UploadingShare } from "./record.ts";
import { newId, newToken } from "./tokens.ts";
import { SWEEP_KIND } from "./uploads.ts";

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

/** Result of {@link createShare}. */
export interface Created {
  id: string;
  /** Null when the share was complete at once. */
  writeToken: string | null;
  deleteToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Generous size of a share record without inline data (for write batching). */
const META_BYTES = 1024;

/**
 * Creates a share. With `data` it is complete (readable) when this resolves; without, it waits
 * for parts and complete, and is swept if its upload deadline passes first.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Background } from "./background.ts";
 * import { createShare } from "./create.ts";
 * import { GroupCommit } from "./group_commit.ts";
 * import { Quota } from "./quota.ts";
 * import { newToken } from "./tokens.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const ctx = {
 *   kv,
 *   now: Date.now,
 *   partSize: 4_194_304,
 *   uploadTtl: 3600,
 *   background: new Background(),
 *   quota: new Quota(kv, 0, Date.now),
 *   writes: new GroupCommit(kv),
 * };
 * const readHash = newToken().hash; // the SHA-256 of the client's read token
 * const ciphertext = new Uint8Array(100); // small enough to store inline
 * const { id, deleteToken, writeToken } = await createShare(ctx, {
 *   size: null,
 *   expiresIn: 3600,
 *   views: 1,
 *   readHash,
 *   kdf: null,
 *   data: ciphertext,
 * });
 * assert(id.length === 22 && deleteToken.length === 43 && writeToken === null);
 * await ctx.background.idle();
 * ```
 */
export async function createShare(ctx: StoreContext, input: CreateInput): Promise<Created> {
  const id = newId();
  const createdAt = ctx.now();
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
  const { data } = input;
  if (data === null) {
    const write = newToken();
    const uploadTtl = Math.min(ctx.uploadTtl * 1000, lifetime);
    const upload: UploadingShare = {
      ...base,
      state: "uploading",
      uploadDeadline: createdAt + uploadTtl,
      size: input.size,
      writeHash: write.hash,
      data: null,
    };
    // An upload holds its declared size (or, size unknown, what its parts need as they come).
    await commitNew(ctx, id, input.size ?? 0, upload.uploadDeadline, META_BYTES, (op) => {
      op.set(shareKey(id), upload, { expireIn: uploadTtl })
        .enqueue({ kind: SWEEP_KIND, id }, { delay: uploadTtl + 1000 });
    });
    return { id, writeToken: write.token, deleteToken: del.token, expiresAt };
  }
  const inline = data.byteLength <= INLINE_MAX;
  const ready: ReadyShare = {
    ...base,
    state: "ready",
    uploadDeadline: null,
    size: data.byteLength,
    writeHash: null,
    data: inline ? data : null,
  };
  const putRecord: Write = (op) => op.set(shareKey(id), ready, { expireIn: lifetime });
  if (inline) {
    await commitNew(ctx, id, data.byteLength, expiresAt, data.byteLength + META_BYTES, putRecord);
    return { id, writeToken: null, deleteToken: del.token, expiresAt };
  }
  // The hold first (a full quota refuses before anything is written), then the chunks, and the
  // record in the last batch: nothing is visible until all of it is stored.
  await commitNew(ctx, id, data.byteLength, expiresAt, META_BYTES);
  try {
    const writer = new ChunkWriter(ctx.kv, id, lifetime, null);
    for (let n = 0; n * CHUNK_SIZE < data.byteLength; n++) {
      await writer.add(n, data.subarray(n * CHUNK_SIZE, (n + 1) * CHUNK_SIZE));
    }
    await writer.finish(putRecord);
  } catch (err) {
    // No share came of it: give the bytes back now (the release message would, later).
    await ctx.quota.settle(id).catch(() => {});
    throw err;
  }
  return { id, writeToken: null, deleteToken: del.token, expiresAt };
}

/**
 * Commits a new share's first `write` (about `size` bytes) together with its quota hold of
 * `bytes` until `until`, so a refused share leaves nothing behind; without a quota, the write
 * alone through the group commit.
 */
async function commitNew(
  ctx: StoreContext,
  id: string,
  bytes: number,
  until: number,
  size: number,
  write?: Write,
): Promise<void> {
  if (ctx.quota.enabled) await ctx.quota.take(id, bytes, until, write, size);
  else if (write) await ctx.writes.commit(write, size);
}
