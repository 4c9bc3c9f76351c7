/**
 * A process-wide bound on chunk bytes handed to KV and not yet committed. Every
 * {@link import("./chunks.ts").ChunkWriter} takes from one shared budget before it commits a
 * batch and gives it back when the commit settles, so the bytes queued towards SQLite (one
 * writer) stay bounded however many part uploads run at once; a writer waiting for budget stops
 * reading its request body, which pushes back on the client through TCP.
 * @module
 */

/**
 * A FIFO byte semaphore: {@link WriteBudget.acquire} waits until `bytes` fit under the limit. A
 * request larger than the whole limit is served alone (when nothing else is held), never refused.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WriteBudget } from "./write_budget.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const budget = new WriteBudget(8 * 786_432);
 * await budget.acquire(786_432);
 * try {
 *   await kv.atomic().set(["chunk", "x", 0], new Uint8Array(8)).commit();
 * } finally {
 *   budget.release(786_432);
 * }
 * assert(budget.held === 0);
 * ```
 */
export class WriteBudget {
  #limit: number;
  #held = 0;
  #waiting: { bytes: number; grant: () => void }[] = [];

  constructor(limit: number) {
    if (!(limit > 0)) throw new RangeError(`write budget must be positive, not ${limit}`);
    this.#limit = limit;
  }

  /** Bytes currently held. */
  get held(): number {
    return this.#held;
  }

  /** Resolves once `bytes` are granted; first come, first served. */
  acquire(bytes: number): Promise<void> {
    if (this.#waiting.length === 0 && this.#fits(bytes)) {
      this.#held += bytes;
      return Promise.resolve();
    }
    return new Promise((grant) => this.#waiting.push({ bytes, grant }));
  }

  /** Gives back `bytes` taken with {@link WriteBudget.acquire} and wakes waiters that now fit. */
  release(bytes: number): void {
    this.#held -= bytes;
    while (this.#waiting.length > 0 && this.#fits(this.#waiting[0].bytes)) {
      const next = this.#waiting.shift()!;
      this.#held += next.bytes;
      next.grant();
    }
  }

  #fits(bytes: number): boolean {
    return this.#held === 0 || this.#held + bytes <= this.#limit;
  }
}

/**
 * Chunk bytes all writers of this process may have in flight to KV: four atomic operations of
 * 12 × 64 KiB (3 MiB), as many as the raw-ingest reference keeps in flight. KV's single SQLite
 * writer commits them one after another, so more in flight only queues memory (measured
 * 2026-12-03, 1 GiB through the share script, four runs each: eight operations peaked at
 * 114–120 MiB, four at 109–110 MiB, at the same or a better rate; 8 × 64 MiB uploads at once
 * ran as fast).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChunkWriter } from "./chunks.ts";
 * import { WRITE_BUDGET_BYTES, WriteBudget } from "./write_budget.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const writer = new ChunkWriter(kv, "x", 60_000, null, new WriteBudget(WRITE_BUDGET_BYTES));
 * await writer.add(0, new Uint8Array(8));
 * await writer.finish();
 * assert(WRITE_BUDGET_BYTES === 4 * 12 * 65_536); // 4 atomic operations of 12 chunks
 * ```
 */
export const WRITE_BUDGET_BYTES = 4 * 12 * 65_536;

/**
 * The budget shared by every chunk writer in the process.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sharedWriteBudget } from "./write_budget.ts";
 * await sharedWriteBudget.acquire(65_536);
 * sharedWriteBudget.release(65_536);
 * assert(sharedWriteBudget.held === 0);
 * ```
 */
export const sharedWriteBudget: WriteBudget = new WriteBudget(WRITE_BUDGET_BYTES);
