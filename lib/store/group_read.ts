/**
 * Coalesced point reads: gets that arrive while earlier ones are in flight are merged into one
 * `getMany` of up to 10 keys. Each KV call costs a round trip to KV's worker thread, so under load
 * this multiplies the read rate; when idle a get goes out at once. Every read is still issued after
 * it was asked for, so it sees every write that completed before.
 * @module
 */

/** Keys per getMany (the KV limit). */
const MAX_KEYS = 10;
/** getMany calls in flight at once. */
const IN_FLIGHT = 2;

interface Pending {
  key: Deno.KvKey;
  resolve: (entry: Deno.KvEntryMaybe<unknown>) => void;
  reject: (err: unknown) => void;
}

/**
 * Merges concurrent `get`s into `getMany` calls.
 * @example
 * ```ts
 * const reads = new GroupRead(kv);
 * const entry = await reads.get<ShareMeta>(["share", id]);
 * ```
 */
export class GroupRead {
  readonly #kv: Deno.Kv;
  #queue: Pending[] = [];
  #pumps = 0;

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /** Like `kv.get`, sharing a `getMany` with other reads waiting at the same time. */
  get<T>(key: Deno.KvKey): Promise<Deno.KvEntryMaybe<T>> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ key, resolve: resolve as Pending["resolve"], reject });
      if (this.#pumps < IN_FLIGHT) this.#pump();
    });
  }

  async #pump(): Promise<void> {
    this.#pumps++;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_KEYS);
      try {
        const entries = await this.#kv.getMany(batch.map((p) => p.key));
        for (let i = 0; i < batch.length; i++) batch[i].resolve(entries[i]);
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.#pumps--;
  }
}
