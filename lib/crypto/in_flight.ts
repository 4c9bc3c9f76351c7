/**
 * An ordered window of outstanding asynchronous operations: WebCrypto's AES-GCM runs about twice
 * as fast with several operations outstanding, but records must leave in order.
 *
 * @module
 */

/** Default number of records in flight for encrypt and decrypt. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * Throws RangeError unless `n` is a usable in-flight limit (an integer 1..64).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkConcurrency } from "./in_flight.ts";
 * assert.equal(checkConcurrency(8), 8);
 * assert.throws(() => checkConcurrency(0), RangeError);
 * ```
 */
export function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new RangeError(`concurrency must be an integer 1..64, not ${n}`);
  }
  return n;
}

/**
 * Keeps at most `limit` promises outstanding and hands their results to `emit` in the order they
 * were added. A rejection surfaces (from {@link add} or {@link drain}) when its promise reaches the
 * head of the window, so results before it are emitted and none after it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InFlight } from "./in_flight.ts";
 * const seen: number[] = [];
 * const window = new InFlight<number>(4, (n) => seen.push(n));
 * await window.add(new Promise((resolve) => setTimeout(() => resolve(1), 5)));
 * await window.add(Promise.resolve(2));
 * await window.drain();
 * assert.deepEqual(seen, [1, 2]); // in the order added, not the order settled
 * ```
 */
export class InFlight<T> {
  #queue: Promise<T>[] = [];
  readonly #limit: number;
  readonly #emit: (value: T) => void;

  /** Creates a window of `limit` outstanding operations whose results go to `emit`. */
  constructor(limit: number, emit: (value: T) => void) {
    this.#limit = checkConcurrency(limit);
    this.#emit = emit;
  }

  /** Adds an operation; resolves once fewer than `limit` remain outstanding. */
  async add(work: Promise<T>): Promise<void> {
    // Mark the rejection as handled now; it is rethrown when this promise reaches the head.
    work.catch(() => {});
    this.#queue.push(work);
    while (this.#queue.length >= this.#limit) this.#emit(await this.#queue.shift()!);
  }

  /** Waits for every outstanding operation and emits the results. */
  async drain(): Promise<void> {
    while (this.#queue.length > 0) this.#emit(await this.#queue.shift()!);
  }
}
