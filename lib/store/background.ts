/**
 * Work that must not delay a response (deleting a burned share's chunks, removing upload
 * bookkeeping) runs here; failures are logged, and `idle()` lets a server drain it before closing.
 * @module
 */

/**
 * Tracks fire-and-forget tasks.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Background } from "./background.ts";
 * import { chunkKey } from "./keys.ts";
 * import { deleteChunks } from "./chunks.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * await kv.set(chunkKey(id, 0), new Uint8Array(8));
 * const background = new Background();
 * background.run(() => deleteChunks(kv, id, 0, 1));
 * await background.idle();
 * assert((await kv.get(chunkKey(id, 0))).value === null);
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
