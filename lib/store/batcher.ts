/**
 * One shape of concurrency for KV calls that are cheaper together than one by one: calls that
 * arrive while earlier batches are in flight queue up and go out together in the next batch. When
 * idle a call goes out at once (no added delay); under load, fewer and larger KV calls multiply
 * the rate. Behind the group commit, the coalesced reads and the quota's holds.
 * @module
 */

/** Settings of a {@link Batcher}. */
export interface BatcherOptions<T, R> {
  /** Most items per batch (e.g. KV's 10 keys per `getMany`). */
  maxItems: number;
  /** Most total weight per batch (e.g. bytes per atomic operation); an item heavier alone still goes, alone. */
  maxWeight?: number;
  /** Batches run at once: 1 when batches must not overlap, 2 to prepare one while one runs. */
  inFlight: number;
  /** Runs one batch; returns one result per item, in order, or throws to fail every item of it. */
  run: (items: T[]) => Promise<R[]>;
}

interface Pending<T, R> {
  item: T;
  weight: number;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Queues items and runs them in batches, first come first served, with at most `inFlight`
 * batches running at once.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Batcher } from "./batcher.ts";
 * await using kv = await Deno.openKv(":memory:");
 * await kv.set(["share", "a"], 1);
 * const reads = new Batcher<Deno.KvKey, Deno.KvEntryMaybe<unknown>>({
 *   maxItems: 10,
 *   inFlight: 2,
 *   run: (keys) => kv.getMany(keys),
 * });
 * const [a, b] = await Promise.all([reads.add(["share", "a"]), reads.add(["share", "b"])]);
 * assert(a.value === 1 && b.value === null); // one getMany answered both
 * ```
 */
export class Batcher<T, R> {
  readonly #maxItems: number;
  readonly #maxWeight: number;
  readonly #inFlight: number;
  readonly #run: (items: T[]) => Promise<R[]>;
  #queue: Pending<T, R>[] = [];
  #running = 0;

  constructor(options: BatcherOptions<T, R>) {
    this.#maxItems = options.maxItems;
    this.#maxWeight = options.maxWeight ?? Infinity;
    this.#inFlight = options.inFlight;
    this.#run = options.run;
  }

  /** Queues `item` (of `weight`, counted against `maxWeight`); resolves with its own result. */
  add(item: T, weight = 0): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, weight, resolve, reject });
      if (this.#running < this.#inFlight) this.#pump();
    });
  }

  /** Runs batches until the queue is empty; up to `inFlight` of these loops run at once. */
  async #pump(): Promise<void> {
    this.#running++;
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#nextBatchSize());
      try {
        const results = await this.#run(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.#running--;
  }

  /** How many queued items the next batch takes: at least one, then up to both limits. */
  #nextBatchSize(): number {
    let count = 0;
    let weight = 0;
    while (
      count < this.#queue.length && count < this.#maxItems &&
      (count === 0 || weight + this.#queue[count].weight <= this.#maxWeight)
    ) {
      weight += this.#queue[count++].weight;
    }
    return count;
  }
}
