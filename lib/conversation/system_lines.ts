/**
 * What Claude Code's `system` lines say when their `content` does not say it: API errors with
 * their status and retry, stop hooks that failed or kept Claude working, compaction boundaries
 * with their trigger and size. Portable (Deno and browser); used by ./parse.ts.
 * @module
 */
import { isObject, type Json, str } from "./blocks.ts";

/**
 * `v` if it is a finite number, else 0.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { num } from "./system_lines.ts";
 * assert.equal(num(3), 3);
 * assert.equal(num("3"), 0);
 * ```
 */
export function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

/** The words of an error record, wherever the API nested them. */
function errorText(v: unknown, depth = 0): string {
  if (typeof v === "string") return v;
  if (!isObject(v) || depth > 4) return "";
  if (typeof v.message === "string" && v.message) return v.message;
  for (const key of ["error", "cause"]) {
    const inner = errorText(v[key], depth + 1);
    if (inner) return inner;
  }
  return "";
}

/**
 * What a `system` line of a subtype without readable `content` says (`api_error`,
 * `stop_hook_summary`, compaction boundaries), or null when it has nothing to show.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { systemText } from "./system_lines.ts";
 * const line = systemText({
 *   type: "system",
 *   subtype: "api_error",
 *   error: { status: 529, error: { error: { message: "Overloaded" } } },
 *   retryAttempt: 1,
 *   maxRetries: 10,
 * });
 * assert.deepEqual(line, { text: "API error 529: Overloaded (retry 1 of 10)", level: "error" });
 * ```
 */
export function systemText(entry: Json): { text: string; level: string | null } | null {
  switch (entry.subtype) {
    case "api_error": {
      const attempt = num(entry.retryAttempt);
      const max = num(entry.maxRetries);
      const retry = attempt ? ` (retry ${attempt}${max ? ` of ${max}` : ""})` : "";
      const error = isObject(entry.error) ? entry.error : {};
      const status = num(error.status);
      const reason = errorText(entry.error) || errorText(entry.cause) || "request failed";
      return { text: `API error${status ? ` ${status}` : ""}: ${reason}${retry}`, level: "error" };
    }
    case "stop_hook_summary": {
      // A hook that blocked the stop or failed matters; one that ran quietly does not.
      const errors = Array.isArray(entry.hookErrors) ? entry.hookErrors.map(errorText) : [];
      if (entry.preventedContinuation === true) {
        const reason = str(entry.stopReason) ?? "";
        return {
          text: `A stop hook kept Claude working${reason ? `: ${reason}` : ""}`,
          level: "warning",
        };
      }
      if (errors.some(Boolean)) {
        return { text: `Stop hook error: ${errors.filter(Boolean).join("; ")}`, level: "error" };
      }
      return null;
    }
    case "microcompact_boundary": {
      const meta = isObject(entry.microcompactMetadata) ? entry.microcompactMetadata : {};
      const saved = num(meta.tokensSaved);
      const how = saved ? ` (${saved.toLocaleString("en")} tokens saved)` : "";
      return { text: `Older tool results were cleared from the context${how}`, level: null };
    }
    case "compact_boundary": {
      const meta = isObject(entry.compactMetadata) ? entry.compactMetadata : {};
      const trigger = str(meta.trigger);
      const tokens = num(meta.preTokens);
      const how = [trigger, tokens ? `${tokens.toLocaleString("en")} tokens before` : ""]
        .filter(Boolean).join(", ");
      return { text: `Conversation compacted${how ? ` (${how})` : ""}`, level: null };
    }
    default:
      return null;
  }
}
