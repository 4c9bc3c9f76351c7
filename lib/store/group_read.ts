/**
 * Coalesced point reads: gets that arrive while earlier ones are in flight are merged into one
 * `getMany` of up to 10 keys. Each KV call costs a round trip to KV's worker thread, so under load
 * this multiplies the read rate; when idle a get goes out at once. Every read is still issued after
 * it was asked for, so it sees every write that completed before.
 * @module
 */
import { Batcher } from "./batcher.ts";

/** Keys per getMany (the KV limit). */
const MAX_KEYS = 10;
/** getMany calls in flight at once. */
const IN_FLIGHT = 2;

/**
 * Merges concurrent `get`s into `getMany` calls.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GroupRead } from "./group_read.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * await kv.set(["share", id], { state: "ready" });
 * const reads = new GroupRead(kv);
 * const entry = await reads.get<{ state: string }>(["share", id]);
 * assert(entry.value?.state === "ready");
 * ```
 */
export class GroupRead {
  readonly #batcher: Batcher<Deno.KvKey, Deno.KvEntryMaybe<unknown>>;

  constructor(kv: Deno.Kv) {
    this.#batcher = new Batcher({
      maxItems: MAX_KEYS,
      inFlight: IN_FLIGHT,
      run: (keys) => kv.getMany(keys),
    });
  }

  /** Like `kv.get`, sharing a `getMany` with other reads waiting at the same time. */
  get<T>(key: Deno.KvKey): Promise<Deno.KvEntryMaybe<T>> {
    return this.#batcher.add(key) as Promise<Deno.KvEntryMaybe<T>>;
  }
}
