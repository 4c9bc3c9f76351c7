/**
 * What the parts of the share store (create, uploads, reads) share: one value built by
 * {@link import("./shares.ts").ShareStore}, passed down so the parts need not import the store.
 * @module
 */
import type { Background } from "./background.ts";
import type { GroupCommit } from "./group_commit.ts";
import type { Quota } from "./quota.ts";

/**
 * The store's KV handle, clock, settings and shared helpers.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Background } from "./background.ts";
 * import type { StoreContext } from "./context.ts";
 * import { GroupCommit } from "./group_commit.ts";
 * import { Quota } from "./quota.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const ctx: StoreContext = {
 *   kv,
 *   now: Date.now,
 *   partSize: 4_194_304,
 *   uploadTtl: 3600,
 *   background: new Background(),
 *   quota: new Quota(kv, 0, Date.now),
 *   writes: new GroupCommit(kv),
 * };
 * assert(!ctx.quota.enabled); // max 0: unlimited
 * ```
 */
export interface StoreContext {
  kv: Deno.Kv;
  /** Clock in milliseconds since the epoch. */
  now: () => number;
  /** Bytes per upload part (a multiple of the chunk size). */
  partSize: number;
  /** Seconds an upload may take before it is swept. */
  uploadTtl: number;
  /** Clean-ups that must not delay a reply. */
  background: Background;
  quota: Quota;
  /** Group commit for the records of new shares. */
  writes: GroupCommit;
}
