/**
 * Sizes and durations for people, the same in the share script and the web pages: binary units
 * (`KiB`, `MiB`, …) with one decimal below 100 and none above, so a size reads the same
 * everywhere it is shown.
 * @module
 */

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/**
 * Formats a byte count: whole bytes, then binary units with one decimal below 100 (a trailing
 * `.0` left out).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatBytes } from "./format.ts";
 * assert(formatBytes(1536) === "1.5 KiB");
 * assert(formatBytes(200 * 1024 * 1024) === "200 MiB");
 * assert(formatBytes(512) === "512 B");
 * ```
 */
export function formatBytes(n: number): string {
  let i = 0;
  while (n >= 1024 && i < UNITS.length - 1) {
    n /= 1024;
    i++;
  }
  if (i === 0) return `${n} B`;
  // Rounding may carry into the next unit's range (1023.96 KiB reads "1024 KiB"): acceptable.
  const shown = n < 100 ? n.toFixed(1).replace(/\.0$/, "") : n.toFixed(0);
  return `${shown} ${UNITS[i]}`;
}

/**
 * A transfer's progress in the content's own bytes. What travels is ciphertext, a few percent
 * larger than the files (padding and framing): shown as is, a 200 MiB file would upload as "of
 * 204 MiB". `done` of `total` transfer bytes is scaled to `size`, the content's size, so progress
 * ends exactly at the size shown for the files. Without a content size or a transfer total there is
 * nothing to scale by, and the transfer bytes are returned unchanged.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contentProgress, formatBytes } from "./format.ts";
 * const file = 200 * 1024 * 1024;
 * const sent = contentProgress(214_000_000, 214_000_000, file); // all of the ciphertext
 * assert.equal(formatBytes(sent.total!), "200 MiB");
 * assert.equal(sent.done, file);
 * ```
 */
export function contentProgress(
  done: number,
  total: number | null,
  size: number | null,
): { done: number; total: number | null } {
  if (total === null || total <= 0 || size === null) return { done, total };
  return { done: Math.round(Math.min(done / total, 1) * size), total: size };
}

/**
 * Formats a duration in seconds as its two largest units.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDuration } from "./format.ts";
 * assert(formatDuration(90061) === "1d 1h");
 * ```
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const parts: [number, string][] = [
    [Math.floor(s / 86400), "d"],
    [Math.floor(s / 3600) % 24, "h"],
    [Math.floor(s / 60) % 60, "m"],
    [s % 60, "s"],
  ];
  const first = parts.findIndex(([v]) => v > 0);
  if (first < 0) return "0s";
  return parts.slice(first, first + 2).filter(([v]) => v > 0).map(([v, u]) => `${v}${u}`)
    .join(" ");
}

const WORDS: [number, string][] = [[86400, "day"], [3600, "hour"], [60, "minute"], [1, "second"]];

/**
 * Formats a whole duration in its largest exact unit, in words (for option labels).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { durationInWords } from "./format.ts";
 * assert(durationInWords(604800) === "7 days");
 * ```
 */
export function durationInWords(seconds: number): string {
  const [size, word] = WORDS.find(([size]) => seconds % size === 0 && seconds >= size) ??
    WORDS[WORDS.length - 1];
  const n = Math.floor(seconds / size);
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
