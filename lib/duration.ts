/**
 * Durations as people type them, one grammar everywhere: the server's `DEFAULT_EXPIRES` and
 * `MAX_EXPIRES`, the share script's `--expires` and the MCP tools' `expires`. A number with an
 * optional unit — `s`, `m`, `h`, `d` or `w` — and plain numbers are seconds. Portable (no Deno
 * API), so the browser may use it too.
 * @module
 */

/**
 * The accepted forms, for help texts and error messages.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DURATION_FORMS } from "./duration.ts";
 * const message = `--expires 1y: use a duration such as ${DURATION_FORMS}`;
 * assert(message.endsWith("90s, 10m, 1h, 7d, 2w or plain seconds"));
 * ```
 */
export const DURATION_FORMS = "90s, 10m, 1h, 7d, 2w or plain seconds";

/**
 * The grammar, surrounding spaces allowed: up to nine digits and an optional unit (a schema that
 * validates before parsing, like the MCP tools', uses this same pattern).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DURATION_PATTERN } from "./duration.ts";
 * assert(DURATION_PATTERN.test(" 2w ") && !DURATION_PATTERN.test("2 weeks"));
 * ```
 */
export const DURATION_PATTERN = /^\s*(\d{1,9})([smhdw]?)\s*$/;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * Parses a duration into seconds; null when `text` is not one, or is zero. Callers word the
 * error in their own terms (a variable, a flag, a tool argument) and apply their own bounds.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDuration } from "./duration.ts";
 * assert(parseDuration("7d") === 604800);
 * assert(parseDuration("90") === 90);
 * assert(parseDuration("1y") === null);
 * ```
 */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || "s"] : 0;
  return seconds > 0 ? seconds : null;
}
