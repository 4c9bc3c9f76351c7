/**
 * A one-line progress bar on standard error, drawn only when standard error is a terminal, at
 * most ten times a second.
 * @module
 */
import { formatBytes } from "../format.ts";

/** A progress display; {@link createProgress} returns a silent one off a terminal. */
export interface Progress {
  /** Reports `done` bytes of `total` (null when unknown). */
  update(done: number, total: number | null): void;
  /** Clears the bar. */
  finish(): void;
}

const WIDTH = 30;

/**
 * Creates a progress bar labelled `label`, or a silent one when `quiet` or standard error is
 * not a terminal.
 * @example
 * ```ts
 * import { createProgress } from "./progress.ts";
 * const progress = createProgress("upload", true); // quiet: draws nothing (nor off a terminal)
 * progress.update(1024, 4096);
 * progress.finish();
 * ```
 */
export function createProgress(label: string, quiet: boolean): Progress {
  if (quiet || !Deno.stderr.isTerminal()) return { update() {}, finish() {} };
  const encoder = new TextEncoder();
  const started = performance.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - lastDraw < 100 && done !== total) return;
      lastDraw = now;
      drawn = true;
      const rate = done / Math.max((now - started) / 1000, 0.001);
      let bar = "";
      if (total !== null && total > 0) {
        const filled = Math.min(WIDTH, Math.round((done / total) * WIDTH));
        const pct = Math.min(100, Math.floor((done / total) * 100));
        bar = `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${pct}% `;
      }
      const line =
        `\r${label} ${bar}${formatBytes(done)}${total === null ? "" : ` / ${formatBytes(total)}`}` +
        ` ${formatBytes(rate)}/s\x1b[K`;
      Deno.stderr.writeSync(encoder.encode(line));
    },
    finish() {
      if (drawn) Deno.stderr.writeSync(encoder.encode("\r\x1b[K"));
    },
  };
}
