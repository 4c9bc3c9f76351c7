/**
 * Byte ranges of a download (`Range: bytes=…`), resolved against the share's size.
 * @module
 */
import { RangeNotSatisfiableError } from "./errors.ts";

/** A requested byte range: `bytes=a-b`, `bytes=a-` (end null) or `bytes=-n` (start null). */
export interface RangeSpec {
  start: number | null;
  end: number | null;
}

/**
 * Resolves a range against the share size (inclusive ends); throws when it cannot be satisfied.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveRange } from "./range.ts";
 * assert.deepEqual(resolveRange({ start: null, end: 100 }, 1000), { start: 900, end: 999 });
 * ```
 */
export function resolveRange(range: RangeSpec, size: number): { start: number; end: number } {
  let start: number;
  let end: number;
  if (range.start === null) {
    if (range.end === null || range.end === 0) throw new RangeNotSatisfiableError(size);
    start = Math.max(size - range.end, 0);
    end = size - 1;
  } else {
    start = range.start;
    end = Math.min(range.end ?? size - 1, size - 1);
  }
  if (start >= size || start > end) throw new RangeNotSatisfiableError(size);
  return { start, end };
}
