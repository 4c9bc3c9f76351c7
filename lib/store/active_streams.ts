/**
 * Downloads in progress per share, in this process: the store's own, and those that worker threads
 * stream from the same KV file and register with it (`ShareStore.trackStream`). A burned or deleted
 * share's chunks are removed only once no download of it is still streaming, so the last view (or a
 * delete) cannot cut off an earlier, still-running view of the same share.
 * @module
 */

interface Streams {
  count: number;
  idle: (() => void)[];
}

/**
 * Counts streams per share id and runs tasks when a share has none left.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ActiveStreams } from "./active_streams.ts";
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * const active = new ActiveStreams();
 * const end = active.begin(id);
 * let idle = false;
 * active.whenIdle(id, () => idle = true); // e.g. delete the chunks of a burned share
 * assert(!idle);
 * end();
 * assert(idle); // the last download of id ended
 * ```
 */
export class ActiveStreams {
  #shares = new Map<string, Streams>();

  /** Registers a stream of share `id`; call the returned function once, when it ends. */
  begin(id: string): () => void {
    let streams = this.#shares.get(id);
    if (!streams) {
      streams = { count: 0, idle: [] };
      this.#shares.set(id, streams);
    }
    streams.count++;
    const entry = streams;
    return () => {
      if (--entry.count > 0) return;
      this.#shares.delete(id);
      for (const task of entry.idle) task();
    };
  }

  /** Runs `task` as soon as share `id` has no stream in progress (at once when it has none). */
  whenIdle(id: string, task: () => void): void {
    const streams = this.#shares.get(id);
    if (streams) streams.idle.push(task);
    else task();
  }
}
