/**
 * Work that must not delay a response (deleting a burned share's chunks, removing upload
 * bookkeeping) runs here; failures are logged, and `idle()` lets a server drain it before closing.
 * @module
 */

/**
 * Tracks fire-and-forget tasks.
 * @example
 * ```ts
 * const background = new Background();
 * background.run(() => deleteChunks(kv, id, 0, count));
 * await background.idle();
 * ```
 */
export class Background {
  #tasks = new Set<Promise<void>>();

  /** Starts `task` now without waiting for it. */
  run(task: () => Promise<void>): void {
    const promise = task().catch((err) => {
      console.error("background task failed:", err instanceof Error ? err.message : err);
    }).finally(() => this.#tasks.delete(promise));
    this.#tasks.add(promise);
  }

  /** Resolves once every task started so far (and any they started) has settled. */
  async idle(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }
}
