/**
 * The storage quota (MAX_STORAGE_BYTES): the total ciphertext bytes of every live share, uploads in
 * progress included, kept in KV so that every process (and every Deploy isolate) sees one figure.
 *
 * - `["quota", "used"]` → `Deno.KvU64`, the sum of all holds
 * - `["quota", "held", id]` → {@link Held}: the bytes share `id` holds, and until when at least
 *
 * A share takes its hold in the same atomic operation that creates it. Growing the total is a
 * check-and-set on `used`, so concurrent creates can never pass the quota together; shrinking or
 * releasing a hold is a `sum` (adding 2^64 − n subtracts n), which never conflicts. New holds are
 * group-committed (one check-and-set of `used` for all creates waiting at that moment), so
 * concurrent creates in one process do not contend with each other for the counter. A hold is released
 * exactly once: the release deletes the hold record under a check of its versionstamp in the same
 * operation that subtracts its bytes. Hold records have no `expireIn` on purpose: KV's own sweep
 * of an expired share's keys must not take the hold with it. A delayed queue message, sent with
 * the hold, releases it once the share is gone (expired, burned, deleted or abandoned); burn,
 * delete and the upload sweep release at once, and a scan at start-up catches lost messages.
 * @module
 */
import { Batcher } from "./batcher.ts";
import { BusyError, StorageFullError } from "./errors.ts";
import { shareKey } from "./keys.ts";
import { liveShare, liveUntil, type ShareRecord } from "./record.ts";

/**
 * Key of the total bytes held.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { USED_KEY } from "./quota.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const used = await kv.get<Deno.KvU64>(USED_KEY);
 * assert((used.value?.value ?? 0n) === 0n);
 * ```
 */
export const USED_KEY: Deno.KvKey = ["quota", "used"];

/**
 * Key of the hold of share `id`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type Held, heldKey } from "./quota.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const held = await kv.get<Held>(heldKey("q3Xh0s5c9m1Jd0l5bY2Vtw"));
 * assert(held.value === null); // no bytes held for this share
 * ```
 */
export function heldKey(id: string): Deno.KvKey {
  return ["quota", "held", id];
}

/** What one share holds of the quota. */
export interface Held {
  /** Ciphertext bytes counted for the share. */
  bytes: number;
  /** Milliseconds since the epoch before which the share cannot be gone by itself. */
  until: number;
}

/**
 * Queue message kind that asks for a hold's release once its share is gone.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RELEASE_KIND } from "./quota.ts";
 * // The store enqueues it: kv.enqueue({ kind: RELEASE_KIND, id }, { delay: 60_000 })
 * const message = { kind: RELEASE_KIND, id: "q3Xh0s5c9m1Jd0l5bY2Vtw" };
 * assert(message.kind === "hushlink.release");
 * ```
 */
export const RELEASE_KIND = "hushlink.release";

/** The longest delay a KV queue message accepts (30 days). */
const MAX_DELAY = 30 * 86_400_000;
/** Attempts at a contended check-and-set before answering "busy". */
const ATTEMPTS = 200;
/** New holds per group commit (each adds up to three mutations; KV allows 1000). */
const MAX_TAKES = 64;
/** Bytes of extra writes per group commit, well under KV's 800 KiB per operation. */
const MAX_BYTES = 600 * 1024;
/** Hold records read per round by the start-up scan. */
const SCAN_BATCH = 500;
/** When the last scan for lost release messages started (one per hour across all processes). */
const SCANNED_KEY: Deno.KvKey = ["quota", "scanned"];
const SCAN_EVERY = 3_600_000;

/** A create waiting for its hold. */
interface Take {
  id: string;
  bytes: number;
  until: number;
  extra?: (op: Deno.AtomicOperation) => void;
}

/** A share's hold and the total, read together so one atomic operation can check both. */
export interface QuotaState {
  held: Deno.KvEntryMaybe<Held>;
  used: Deno.KvEntryMaybe<Deno.KvU64>;
}

/** `n` (possibly negative) as the unsigned addend that adds it modulo 2^64 (KvU64 sums wrap). */
function addend(n: number): bigint {
  const mod = 1n << 64n;
  return ((BigInt(n) % mod) + mod) % mod;
}

/** A queue delay that fires just after `at`, within what KV accepts. */
function delayUntil(at: number, now: number): number {
  return Math.min(Math.max(at - now + 1000, 1000), MAX_DELAY);
}

/**
 * Reads the bytes held by all shares.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { storageUsed } from "./quota.ts";
 * await using kv = await Deno.openKv(":memory:");
 * assert((await storageUsed(kv)) === 0);
 * ```
 */
export async function storageUsed(kv: Deno.Kv): Promise<number> {
  return Number((await kv.get<Deno.KvU64>(USED_KEY)).value?.value ?? 0n);
}

/**
 * The quota on one KV. `max` 0 means unlimited: new shares then take no hold, but holds taken
 * earlier are still kept exact and released.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StorageFullError } from "./errors.ts";
 * import { shareKey } from "./keys.ts";
 * import { Quota, storageUsed } from "./quota.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * const expiresAt = Date.now() + 60_000;
 * const quota = new Quota(kv, 10 * 1024 ** 2, Date.now); // 10 MiB
 * await quota.take(id, 1000, expiresAt, (op) => op.set(shareKey(id), { state: "ready" }));
 * assert.equal(await storageUsed(kv), 1000);
 * await assert.rejects(quota.take("another", 11 * 1024 ** 2, expiresAt), StorageFullError);
 * ```
 */
export class Quota {
  /** Most bytes all shares may hold together (0 = unlimited). */
  readonly max: number;
  readonly #kv: Deno.Kv;
  readonly #now: () => number;
  /** One batch at a time: each is a check-and-set of the total, so two would only conflict. */
  readonly #takes = new Batcher<Take, boolean>({
    maxItems: MAX_TAKES,
    maxWeight: MAX_BYTES,
    inFlight: 1,
    run: (batch) => this.#commitTakes(batch),
  });

  constructor(kv: Deno.Kv, max: number, now: () => number) {
    this.#kv = kv;
    this.max = max;
    this.#now = now;
  }

  /** Whether new shares are counted. */
  get enabled(): boolean {
    return this.max > 0;
  }

  /** Reads share `id`'s hold and the total in one call. */
  async read(id: string): Promise<QuotaState> {
    const [held, used] = await this.#kv.getMany<[Held, Deno.KvU64]>([heldKey(id), USED_KEY]);
    return { held, used };
  }

  /**
   * Adds to `op` the change of `id`'s existing hold (in `state`, read just before) to `bytes`,
   * kept at least until `until`. Growth is a check-and-set on the total and throws
   * {@link StorageFullError} when it does not fit.
   */
  hold(op: Deno.AtomicOperation, id: string, state: QuotaState, bytes: number, until: number) {
    const delta = bytes - (state.held.value?.bytes ?? 0);
    op.check(state.held);
    if (delta > 0) {
      const used = Number(state.used.value?.value ?? 0n);
      if (this.max > 0 && used + delta > this.max) throw new StorageFullError(delta);
      op.check(state.used).set(USED_KEY, new Deno.KvU64(BigInt(used + delta)));
    } else if (delta < 0) {
      op.sum(USED_KEY, addend(delta));
    }
    op.set(heldKey(id), { bytes, until } satisfies Held);
  }

  /**
   * Takes a new hold of `bytes` for the new share `id`, committing `extra` (the share itself, about
   * `size` bytes) in the same atomic operation, together with the creates waiting at the same
   * time. Throws {@link StorageFullError} when the quota has no room; an upload of unknown size
   * (`bytes` 0) still needs room for one byte.
   */
  async take(
    id: string,
    bytes: number,
    until: number,
    extra?: (op: Deno.AtomicOperation) => void,
    size = 1024,
  ): Promise<void> {
    const fits = await this.#takes.add({ id, bytes, until, extra }, size);
    if (!fits) throw new StorageFullError(Math.max(bytes, 1));
  }

  /**
   * One check-and-set of the total for a batch of new holds; tells for each whether it fit (those
   * that do not are left out of the operation).
   */
  async #commitTakes(batch: Take[]): Promise<boolean[]> {
    let fits: boolean[] = [];
    await this.#retry(async () => {
      const used = await this.#kv.get<Deno.KvU64>(USED_KEY);
      let total = Number(used.value?.value ?? 0n);
      const now = this.#now();
      const op = this.#kv.atomic().check(used);
      fits = batch.map((t) => {
        if (this.max > 0 && total + Math.max(t.bytes, 1) > this.max) return false;
        total += t.bytes;
        // Ids are 128 random bits: a hold record for a new id cannot exist, so no check for it.
        op.set(heldKey(t.id), { bytes: t.bytes, until: t.until } satisfies Held);
        op.enqueue({ kind: RELEASE_KIND, id: t.id }, { delay: delayUntil(t.until, now) });
        t.extra?.(op);
        return true;
      });
      if (!fits.includes(true)) return true;
      op.set(USED_KEY, new Deno.KvU64(BigInt(total)));
      return (await op.commit()).ok; // not ok: the total moved, decide again
    });
    return fits;
  }

  /**
   * Grows `id`'s hold to at least `bytes` while `guard()` (re-read on each attempt) says the share
   * may still grow; nothing happens for a share without a hold. Throws {@link StorageFullError}.
   */
  async grow(id: string, bytes: number, guard: () => Promise<Deno.AtomicCheck>): Promise<void> {
    await this.#retry(async () => {
      const check = await guard();
      const state = await this.read(id);
      const held = state.held.value;
      if (!held || held.bytes >= bytes) return true;
      const op = this.#kv.atomic().check(check);
      this.hold(op, id, state, bytes, held.until);
      return (await op.commit()).ok;
    });
  }

  /**
   * Releases `id`'s hold if its share is gone for good. Returns null when there is nothing (more)
   * to release, else the time at which the live share should be looked at again.
   */
  async settle(id: string): Promise<number | null> {
    let next: number | null = null;
    await this.#retry(async () => {
      const [record, held] = await this.#kv.getMany<[ShareRecord, Held]>([
        shareKey(id),
        heldKey(id),
      ]);
      next = null;
      if (!held.value) return true;
      const share = liveShare(record.value, this.#now());
      if (share) {
        next = liveUntil(share);
        return true;
      }
      // A share that is gone never comes back, so only the hold record itself can have changed
      // meanwhile: the check covers that.
      const res = await this.#kv.atomic()
        .check(held)
        .delete(heldKey(id))
        .sum(USED_KEY, addend(-held.value.bytes))
        .commit();
      return res.ok;
    });
    return next;
  }

  /** What the release message does: settle, and look again later while the share lives. */
  async expire(id: string): Promise<void> {
    const next = await this.settle(id);
    if (next !== null) {
      await this.#kv.enqueue({ kind: RELEASE_KIND, id }, {
        delay: delayUntil(next, this.#now()),
      });
    }
  }

  /**
   * Settles every hold whose time is up (a release message can be lost: KV drops one whose handler
   * failed on every retry). Run when the store starts listening; at most one process scans per
   * hour, so many isolates starting on Deno Deploy do not each read every hold.
   */
  async reconcile(): Promise<void> {
    const due: string[] = [];
    const now = this.#now();
    const last = await this.#kv.get<number>(SCANNED_KEY);
    if (last.value !== null && now - last.value < SCAN_EVERY) return;
    if (!(await this.#kv.atomic().check(last).set(SCANNED_KEY, now).commit()).ok) return;
    for await (
      const entry of this.#kv.list<Held>({ prefix: ["quota", "held"] }, { batchSize: SCAN_BATCH })
    ) {
      if (entry.value.until <= now) due.push(entry.key[2] as string);
    }
    for (const id of due) await this.expire(id);
  }

  /** Runs `attempt` until it reports a commit; backs off under contention. */
  async #retry(attempt: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < ATTEMPTS; i++) {
      if (await attempt()) return;
      if (i > 2) await new Promise((r) => setTimeout(r, Math.random() * Math.min(i, 20)));
    }
    throw new BusyError();
  }
}
