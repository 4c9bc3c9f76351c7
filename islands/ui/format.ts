/**
 * Human-readable sizes, rates and durations for the islands.
 * @module
 */

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/**
 * Formats a byte count with binary units.
 * @example
 * ```ts
 * formatBytes(1536); // "1.5 KiB"
 * ```
 */
export function formatBytes(n: number): string {
  let i = 0;
  while (n >= 1024 && i < UNITS.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${UNITS[i]}`;
}

/**
 * Formats a duration in seconds as its two largest units.
 * @example
 * ```ts
 * formatDuration(90061); // "1d 1h"
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
 * durationInWords(604800); // "7 days"
 * ```
 */
export function durationInWords(seconds: number): string {
  const [size, word] = WORDS.find(([size]) => seconds % size === 0 && seconds >= size) ??
    WORDS[WORDS.length - 1];
  const n = Math.floor(seconds / size);
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
