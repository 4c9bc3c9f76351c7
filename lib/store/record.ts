/**
 * The share record stored at `["share", id]`, in its two states, and the one rule for whether a
 * share is still live. KV's `expireIn` is only a lower bound (an expired key is returned until
 * KV's sweep removes it), so every read decides by the record's own times with {@link liveShare}.
 *
 * Both states store the same fields (unused ones null), so records written before the type was
 * split read the same.
 * @module
 */
import type { KdfParams } from "./keys.ts";

/** What every share record holds — nothing the server could not have (DESIGN invariant 8). */
interface ShareBase {
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Milliseconds since the epoch; the share is gone from then on. */
  expiresAt: number;
  /** Views left; null = unlimited. The last view deletes the record, so it is never 0. */
  viewsLeft: number | null;
  /** Public KDF parameters of a password share. */
  kdf: KdfParams | null;
  /** SHA-256 of the read token. */
  readHash: Uint8Array;
  /** SHA-256 of the delete token. */
  deleteHash: Uint8Array;
}

/** A share created for an upload in parts, not yet completed: invisible to readers. */
export interface UploadingShare extends ShareBase {
  state: "uploading";
  /** Milliseconds since the epoch by which the upload must be completed (at most `expiresAt`). */
  uploadDeadline: number;
  /** Ciphertext bytes, or null when the client gives them only at complete. */
  size: number | null;
  /** SHA-256 of the write token. */
  writeHash: Uint8Array;
  data: null;
}

/** A complete share: readable until it expires or its last view. */
export interface ReadyShare extends ShareBase {
  state: "ready";
  uploadDeadline: null;
  /** Ciphertext bytes. */
  size: number;
  /** SHA-256 of the write token of a completed upload (a repeated complete answers the same); null when created whole. */
  writeHash: Uint8Array | null;
  /** The whole ciphertext for shares up to `INLINE_MAX` bytes, else null (chunks). */
  data: Uint8Array | null;
}

/**
 * The record of one share: `state` tells which fields hold what.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shareKey } from "./keys.ts";
 * import type { ShareRecord } from "./record.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * const record = (await kv.get<ShareRecord>(shareKey(id))).value;
 * const size = record?.state === "ready" ? record.size : null; // null: unknown or still uploading
 * assert(size === null);
 * ```
 */
export type ShareRecord = UploadingShare | ReadyShare;

/**
 * When a share stops being live by itself: its expiry, or an upload's deadline.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { liveUntil, type UploadingShare } from "./record.ts";
 * const record: UploadingShare = {
 *   state: "uploading",
 *   createdAt: 0,
 *   expiresAt: 86_400_000,
 *   uploadDeadline: 3_600_000,
 *   viewsLeft: null,
 *   kdf: null,
 *   readHash: new Uint8Array(32),
 *   deleteHash: new Uint8Array(32),
 *   writeHash: new Uint8Array(32),
 *   size: null,
 *   data: null,
 * };
 * // The store then sweeps it: kv.enqueue({ kind: SWEEP_KIND, id }, { delay: liveUntil(record) - now })
 * assert(liveUntil(record) === 3_600_000); // an upload lives until its deadline
 * ```
 */
export function liveUntil(share: ShareRecord): number {
  return share.state === "ready"
    ? share.expiresAt
    : Math.min(share.uploadDeadline, share.expiresAt);
}

/**
 * The share if it is live at `now` (ready and not expired, or an upload before its deadline),
 * else null. A share that is not live never comes back: ids are never reused and deadlines never
 * move. Readers need `state === "ready"` on top.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { liveShare, type ReadyShare } from "./record.ts";
 * const stored: ReadyShare = {
 *   state: "ready",
 *   createdAt: 0,
 *   expiresAt: 60_000,
 *   uploadDeadline: null,
 *   viewsLeft: null,
 *   kdf: null,
 *   readHash: new Uint8Array(32),
 *   deleteHash: new Uint8Array(32),
 *   writeHash: null,
 *   size: 5,
 *   data: new Uint8Array(5),
 * }; // as read with kv.get<ShareRecord>(shareKey(id))
 * assert(liveShare(stored, 59_999) === stored);
 * assert(liveShare(stored, 60_000) === null); // expired, even if KV still returns it
 * ```
 */
export function liveShare<S extends ShareRecord>(share: S | null, now: number): S | null {
  return share && liveUntil(share) > now ? share : null;
}

/**
 * The record after one more view of `share`, or null when that view is its last (the record
 * must then be deleted).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { afterView, type ReadyShare } from "./record.ts";
 * const share: ReadyShare = {
 *   state: "ready",
 *   createdAt: 0,
 *   expiresAt: 60_000,
 *   uploadDeadline: null,
 *   viewsLeft: 2,
 *   kdf: null,
 *   readHash: new Uint8Array(32),
 *   deleteHash: new Uint8Array(32),
 *   writeHash: null,
 *   size: 5,
 *   data: new Uint8Array(5),
 * };
 * const next = afterView(share); // the store sets it, or deletes the record when null
 * assert(next?.viewsLeft === 1 && afterView(next) === null);
 * ```
 */
export function afterView(share: ReadyShare): ReadyShare | null {
  if (share.viewsLeft === null) return share;
  return share.viewsLeft > 1 ? { ...share, viewsLeft: share.viewsLeft - 1 } : null;
}
