/**
 * The rendered window of a long conversation: which items are on the page. Items are rendered in
 * batches as the reader scrolls towards them, and batches that have drifted far off screen are
 * dropped again, so that a session of thousands of turns keeps a bounded page: layout, painting
 * and switching views cost what is near the screen, not everything the reader scrolled past.
 *
 * Batches are aligned to multiples of {@link BATCH} (the first one may start anywhere, after a
 * switch of views), so that growing or shrinking the window at one end leaves every other batch,
 * and the components rendering it, as it was.
 * @module
 */

/** Items rendered at first: enough to fill a screen, few enough to show at once. */
export const FIRST_BATCH = 12;
/** Items per batch; one batch is rendered per task as the reader scrolls. */
export const BATCH = 20;
/**
 * How far off screen (CSS px) a batch may lie before it is dropped. Well beyond the 1500 px at
 * which the next batch is asked for, so that a batch just dropped is not asked for again at once.
 */
export const KEEP_OFF_SCREEN = 6000;

/** The rendered items of a list: `start` included, `end` excluded (may pass the list's end). */
export interface ItemRange {
  start: number;
  end: number;
}

/**
 * The end of the batch that holds item `at`: the next multiple of {@link BATCH}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { batchEnd } from "./window.ts";
 * assert.equal(batchEnd(7), 20);
 * assert.equal(batchEnd(20), 40);
 * ```
 */
export function batchEnd(at: number): number {
  return (Math.floor(at / BATCH) + 1) * BATCH;
}

/**
 * Where each batch of `range` starts: its start, then every multiple of {@link BATCH} before its
 * end.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { batchStarts } from "./window.ts";
 * assert.deepEqual(batchStarts({ start: 7, end: 45 }), [7, 20, 40]);
 * ```
 */
export function batchStarts({ start, end }: ItemRange): number[] {
  const starts: number[] = [];
  for (let at = start; at < end; at = batchEnd(at)) starts.push(at);
  return starts;
}

/**
 * `range` with one more batch after it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withNext } from "./window.ts";
 * assert.deepEqual(withNext({ start: 0, end: 12 }), { start: 0, end: 20 });
 * assert.deepEqual(withNext({ start: 0, end: 20 }), { start: 0, end: 40 });
 * ```
 */
export function withNext(range: ItemRange): ItemRange {
  return { start: range.start, end: batchEnd(range.end) };
}

/**
 * `range` with the batch before it (or the rest of its first batch, when that starts mid-way).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withPrevious } from "./window.ts";
 * assert.deepEqual(withPrevious({ start: 47, end: 80 }), { start: 40, end: 80 });
 * assert.deepEqual(withPrevious({ start: 40, end: 80 }), { start: 20, end: 80 });
 * ```
 */
export function withPrevious(range: ItemRange): ItemRange {
  return { start: Math.max(0, Math.ceil(range.start / BATCH) * BATCH - BATCH), end: range.end };
}

/**
 * `range` without its leading batches that lie wholly more than {@link KEEP_OFF_SCREEN} above the
 * screen; `items` are the rendered elements, one per item of the range, in order. The last batch
 * always stays.
 * @example
 * ```ts
 * import { dropFarAbove } from "./window.ts";
 * if (typeof document !== "undefined") {
 *   const items = document.querySelector(".cv-items")?.children;
 *   if (items) dropFarAbove(items, { start: 0, end: items.length });
 * }
 * ```
 */
export function dropFarAbove(items: HTMLCollection, range: ItemRange): ItemRange {
  const rendered = { start: range.start, end: range.start + items.length };
  let start = range.start;
  for (const at of batchStarts(rendered).slice(0, -1)) {
    const last = items[Math.min(batchEnd(at), rendered.end) - 1 - range.start];
    if (last.getBoundingClientRect().bottom > -KEEP_OFF_SCREEN) break;
    start = batchEnd(at);
  }
  return { start, end: range.end };
}

/**
 * `range` without its trailing batches that start more than {@link KEEP_OFF_SCREEN} below the
 * screen; the first batch always stays.
 * @example
 * ```ts
 * import { dropFarBelow } from "./window.ts";
 * if (typeof document !== "undefined") {
 *   const items = document.querySelector(".cv-items")?.children;
 *   if (items) dropFarBelow(items, { start: 0, end: items.length });
 * }
 * ```
 */
export function dropFarBelow(items: HTMLCollection, range: ItemRange): ItemRange {
  const rendered = { start: range.start, end: range.start + items.length };
  let end = range.end;
  for (const at of batchStarts(rendered).slice(1).reverse()) {
    const first = items[at - range.start];
    if (first.getBoundingClientRect().top < innerHeight + KEEP_OFF_SCREEN) break;
    end = at;
  }
  return { start: range.start, end };
}
