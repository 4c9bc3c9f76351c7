/**
 * Uploads in parts: each part is written as chunks (batched atomic operations guarded by the
 * metadata versionstamp, so nothing lands after a complete or delete), then marked done; complete
 * checks every marker and flips the share to "ready" in one check-and-set. An upload that is
 * never completed stays invisible and is swept after its deadline (a delayed queue message), with
 * the keys' own `expireIn` as the backstop.
 * @module
 */
import { ChunkWriter, deletePrefix, writeBody } from "./chunks.ts";
import type { StoreContext } from "./context.ts";
import {
  AlreadyCompleteError,
  BadPartSizeError,
  BadTokenError,
  GuardFailedError,
  MissingPartsError,
  ShareNotFoundError,
  StoreError,
  TooLargeError,
  UploadSizeMismatchError,
} from "./errors.ts";
import { CHUNK_SIZE, partKey, shareKey } from "./keys.ts";
import { liveShare, liveUntil, type ReadyShare, type ShareRecord } from "./record.ts";
import { bytesEqual } from "../crypto/bytes.ts";

/**
 * Queue message kind that asks for an upload sweep.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SWEEP_KIND } from "./uploads.ts";
 * // The store enqueues it: kv.enqueue({ kind: SWEEP_KIND, id }, { delay: 3_600_000 })
 * const message = { kind: SWEEP_KIND, id: "q3Xh0s5c9m1Jd0l5bY2Vtw" };
 * assert(message.kind === "hushlink.sweep");
 * ```
 */
export const SWEEP_KIND = "hushlink.sweep";

/**
 * Attempts at the complete check-and-set (a concurrent complete, delete or quota change can
 * interfere).
 */
const COMPLETE_ATTEMPTS = 10;

/** An upload's record as its writer may touch it, and the check that guards writes by it. */
interface Writable {
  share: ShareRecord;
  guard: Deno.AtomicCheck;
}

/** Reads the record of an upload the writer may touch, or throws the matching error. */
async function writable(ctx: StoreContext, id: string, writeHash: Uint8Array): Promise<Writable> {
  const entry = await ctx.kv.get<ShareRecord>(shareKey(id));
  const share = liveShare(entry.value, ctx.now());
  // A share created whole has no write token: to a writer it does not exist.
  if (!share?.writeHash) throw new ShareNotFoundError();
  if (!bytesEqual(share.writeHash, writeHash)) throw new BadTokenError("write");
  return { share, guard: entry };
}

/** Explains why a guarded write failed: the share was completed, or it is gone. */
async function whyChanged(ctx: StoreContext, id: string): Promise<StoreError> {
  const share = (await ctx.kv.get<ShareRecord>(shareKey(id))).value;
  return share?.state === "ready" ? new AlreadyCompleteError() : new ShareNotFoundError();
}

/**
 * Stores part `index` (0-based) of an upload. Idempotent: sending a part again rewrites the same
 * chunks. The body is cut off as soon as it exceeds the part's allowed size.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Background } from "./background.ts";
 * import { createShare } from "./create.ts";
 * import { GroupCommit } from "./group_commit.ts";
 * import { Quota } from "./quota.ts";
 * import { newToken, sha256 } from "./tokens.ts";
 * import { fromBase64url } from "../crypto/bytes.ts";
 * import { completeUpload, putPart } from "./uploads.ts";
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
 * const { id, writeToken } = await createShare(ctx, {
 *   size: null,
 *   expiresIn: 3600,
 *   views: null,
 *   readHash: newToken().hash,
 *   kdf: null,
 *   data: null, // an upload in parts
 * });
 * const writeHash = sha256(fromBase64url(writeToken!)); // as the server hashes a presented token
 * const req = new Request("http://localhost/", { method: "PUT", body: new Uint8Array(1000) });
 * await putPart(ctx, id, 0, writeHash, req.body, 1000);
 * const { size } = await completeUpload(ctx, id, writeHash, 1000);
 * assert(size === 1000);
 * await ctx.background.idle();
 * ```
 */
export async function putPart(
  ctx: StoreContext,
  id: string,
  index: number,
  writeHash: Uint8Array,
  body: ReadableStream<Uint8Array> | null,
  contentLength: number | null,
): Promise<{ index: number; size: number }> {
  const { share, guard } = await writable(ctx, id, writeHash);
  if (share.state === "ready") throw new AlreadyCompleteError();
  const { partSize } = ctx;
  let expected: number | null = null;
  if (share.size !== null) {
    const parts = Math.ceil(share.size / partSize);
    if (index >= parts) {
      throw new StoreError("bad_index", `Part index ${index} is past the last part (${parts - 1})`);
    }
    expected = index === parts - 1 ? share.size - index * partSize : partSize;
  }
  const limit = expected ?? partSize;
  if (contentLength !== null) {
    if (contentLength > limit) throw new TooLargeError(limit);
    if (expected !== null && contentLength !== expected) {
      throw new BadPartSizeError(index, expected, contentLength);
    }
  }
  if (share.size === null) {
    // Size unknown at create: the quota hold grows to cover every part up to this one before
    // any of its bytes are stored (complete trims it to the real size).
    await ctx.quota.grow(id, (index + 1) * partSize, async () => {
      const current = await writable(ctx, id, writeHash);
      if (current.share.state === "ready") throw new AlreadyCompleteError();
      return current.guard;
    });
  }
  const expireIn = share.expiresAt - ctx.now();
  const writer = new ChunkWriter(ctx.kv, id, expireIn, guard);
  let size: number;
  try {
    size = await writeBody(
      body ?? new Blob([]).stream(),
      writer,
      index * (partSize / CHUNK_SIZE),
      limit,
    );
  } catch (err) {
    await forgetPart(ctx, id, index);
    throw err instanceof GuardFailedError ? await whyChanged(ctx, id) : err;
  }
  if (expected !== null ? size !== expected : size === 0) {
    await forgetPart(ctx, id, index);
    throw new BadPartSizeError(index, expected, size);
  }
  const res = await ctx.kv.atomic().check(guard).set(partKey(id, index), { size }, { expireIn })
    .commit();
  if (!res.ok) throw await whyChanged(ctx, id);
  return { index, size };
}

/**
 * Drops the record of part `index` after a failed (re-)send: its chunks may now hold bytes of the
 * failed attempt, so complete must see the part as missing until it is sent again in full.
 */
async function forgetPart(ctx: StoreContext, id: string, index: number): Promise<void> {
  await ctx.kv.delete(partKey(id, index)).catch(() => {});
}

/**
 * Completes an upload: every part 0..n-1 must be there with the right size (all but the last
 * exactly the part size), then the share becomes readable in one check-and-set. Completing a
 * completed share again with the same size answers the same.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Background } from "./background.ts";
 * import { createShare } from "./create.ts";
 * import { MissingPartsError } from "./errors.ts";
 * import { GroupCommit } from "./group_commit.ts";
 * import { Quota } from "./quota.ts";
 * import { newToken, sha256 } from "./tokens.ts";
 * import { fromBase64url } from "../crypto/bytes.ts";
 * import { completeUpload } from "./uploads.ts";
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
 * const { id, writeToken } = await createShare(ctx, {
 *   size: null,
 *   expiresIn: 3600,
 *   views: null,
 *   readHash: newToken().hash,
 *   kdf: null,
 *   data: null,
 * });
 * // 5,000,000 bytes are two parts, and none was sent.
 * const writeHash = sha256(fromBase64url(writeToken!));
 * await assert.rejects(completeUpload(ctx, id, writeHash, 5_000_000), MissingPartsError);
 * await ctx.background.idle();
 * ```
 */
export async function completeUpload(
  ctx: StoreContext,
  id: string,
  writeHash: Uint8Array,
  size: number | null,
): Promise<{ id: string; size: number; expiresAt: number }> {
  for (let attempt = 0; attempt < COMPLETE_ATTEMPTS; attempt++) {
    const { share, guard } = await writable(ctx, id, writeHash);
    if (share.size !== null && size !== null && size !== share.size) {
      throw new UploadSizeMismatchError(
        `size ${size} differs from the size ${share.size} given at create`,
      );
    }
    const total = size ?? share.size;
    if (total === null) {
      throw new StoreError("bad_field", "size is required (it was not given at create)");
    }
    if (share.state === "ready") return { id, size: total, expiresAt: share.expiresAt };
    const parts = Math.ceil(total / ctx.partSize);
    const found = new Map<number, number>();
    for await (const part of ctx.kv.list<{ size: number }>({ prefix: ["part", id] })) {
      found.set(part.key[2] as number, part.value.size);
    }
    const missing: number[] = [];
    let mismatch: UploadSizeMismatchError | null = null;
    for (let i = 0; i < parts; i++) {
      const want = i === parts - 1 ? total - i * ctx.partSize : ctx.partSize;
      const got = found.get(i);
      if (got === undefined) missing.push(i);
      else if (got !== want && !mismatch) {
        mismatch = new UploadSizeMismatchError(
          `part ${i} holds ${got} bytes; for size ${total} it must hold ${want}`,
        );
      }
    }
    // Missing parts first: sending them is what the client can do next.
    if (missing.length > 0) throw new MissingPartsError(missing);
    if (mismatch) throw mismatch;
    const ready: ReadyShare = { ...share, state: "ready", size: total, uploadDeadline: null };
    const op = ctx.kv.atomic()
      .check(guard)
      .set(shareKey(id), ready, { expireIn: share.expiresAt - ctx.now() });
    // The quota hold becomes the real size, kept until the share expires.
    const quota = await ctx.quota.read(id);
    if (quota.held.value) ctx.quota.hold(op, id, quota, total, share.expiresAt);
    const res = await op.commit();
    if (!res.ok) continue; // completed or deleted meanwhile: the next round tells which
    const extra = [...found.keys()].some((i) => i >= parts);
    ctx.background.run(async () => {
      await deletePrefix(ctx.kv, ["part", id]);
      // Parts past the end (the client sent more than it declared) are never read: drop them.
      if (extra) {
        await deletePrefix(ctx.kv, ["chunk", id], ["chunk", id, Math.ceil(total / CHUNK_SIZE)]);
      }
    });
    return { id, size: total, expiresAt: share.expiresAt };
  }
  throw new ShareNotFoundError();
}

/**
 * Deletes an upload that missed its deadline (metadata, chunks, part markers) and gives back its
 * quota bytes. A ready share is left alone; an upload whose deadline is still ahead (by the
 * store's clock) is looked at again later via `requeue(delayMs)`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Background } from "./background.ts";
 * import { createShare } from "./create.ts";
 * import { GroupCommit } from "./group_commit.ts";
 * import { shareKey } from "./keys.ts";
 * import { Quota } from "./quota.ts";
 * import { newToken } from "./tokens.ts";
 * import { sweepUpload } from "./uploads.ts";
 * await using kv = await Deno.openKv(":memory:");
 * let now = 0;
 * const ctx = {
 *   kv,
 *   now: () => now,
 *   partSize: 4_194_304,
 *   uploadTtl: 3600,
 *   background: new Background(),
 *   quota: new Quota(kv, 0, () => now),
 *   writes: new GroupCommit(kv),
 * };
 * const { id } = await createShare(ctx, {
 *   size: null,
 *   expiresIn: 86_400,
 *   views: null,
 *   readHash: newToken().hash,
 *   kdf: null,
 *   data: null,
 * });
 * const requeued: number[] = []; // the store: kv.enqueue({ kind: SWEEP_KIND, id }, { delay })
 * await sweepUpload(ctx, id, (delay) => Promise.resolve(void requeued.push(delay)));
 * assert(requeued.length === 1); // its deadline is ahead: looked at again later
 * now = 3_600_000; // the upload deadline passed
 * await sweepUpload(ctx, id, () => Promise.resolve());
 * assert((await kv.get(shareKey(id))).value === null);
 * await ctx.background.idle();
 * ```
 */
export async function sweepUpload(
  ctx: StoreContext,
  id: string,
  requeue: (delayMs: number) => Promise<void>,
): Promise<void> {
  const entry = await ctx.kv.get<ShareRecord>(shareKey(id));
  const share = entry.value;
  if (share?.state === "ready") return;
  if (share) {
    const left = liveUntil(share) - ctx.now();
    if (left > 0) return await requeue(left + 1000);
    const res = await ctx.kv.atomic().check(entry).delete(shareKey(id)).commit();
    if (!res.ok) return await sweepUpload(ctx, id, requeue);
  }
  await ctx.quota.settle(id);
  await deletePrefix(ctx.kv, ["chunk", id]);
  await deletePrefix(ctx.kv, ["part", id]);
}
