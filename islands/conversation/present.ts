/**
 * Pure helpers that decide what the conversation view shows: one-line summaries of tool calls,
 * numbers, durations and times. No DOM, so they are
 * unit-tested in Deno.
 * @module
 */
import type { Message, Usage } from "../../lib/conversation/parse.ts";

const SUMMARY_FIELDS = [
  "description",
  "command",
  "file_path",
  "notebook_path",
  "path",
  "pattern",
  "url",
  "query",
  "subject",
  "skill",
  "prompt",
];
const SUMMARY_MAX = 160;

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max - 1) + "…" : one;
}

/**
 * A one-line summary of a tool call: a todo list's progress, a search's pattern and where it
 * looked, else the input's most telling field (a sub-agent's task, a command, a path, a query),
 * else its plain values, else compact JSON.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toolSummary } from "./present.ts";
 * assert.equal(toolSummary("Bash", { command: "deno test", description: "Run tests" }), "deno test");
 * toolSummary("TodoWrite", { todos: [{ status: "completed" }, { status: "pending" }] });
 * // "1 of 2 done"
 * ```
 */
export function toolSummary(name: string, input: unknown): string {
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    const record = input as Record<string, unknown>;
    if (Array.isArray(record.todos)) {
      const done = record.todos.filter((t) => t?.status === "completed").length;
      return `${done} of ${record.todos.length} done`;
    }
    // A search (Grep, Glob) is its pattern, and where it looked.
    if (typeof record.pattern === "string" && record.pattern.trim()) {
      const where = typeof record.path === "string" && record.path.trim() ? record.path : null;
      return clip(where ? `${record.pattern} in ${where}` : record.pattern, SUMMARY_MAX);
    }
    // A command says more than its description; for everything else the description leads.
    const fields = name === "Bash" ? ["command", ...SUMMARY_FIELDS] : SUMMARY_FIELDS;
    for (const field of fields) {
      const v = record[field];
      if (typeof v === "string" && v.trim()) return clip(v, SUMMARY_MAX);
    }
    // Otherwise its plain values, as people write them (`taskId: 1, status: done`).
    const plain = Object.entries(record).filter(([, v]) =>
      typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    );
    if (plain.length) return clip(plain.map(([k, v]) => `${k}: ${v}`).join(", "), SUMMARY_MAX);
  }
  if (input === null || input === undefined) return "";
  return clip(JSON.stringify(input), SUMMARY_MAX);
}

/**
 * Sums the usage of the assistant messages of a turn, or null when none recorded any.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { turnUsage } from "./present.ts";
 * const usage = { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 };
 * const m = { uuid: null, role: "assistant" as const, timestamp: null, model: null, line: 1 };
 * assert.equal(turnUsage([{ ...m, usage, blocks: [] }, { ...m, usage, blocks: [] }])?.output, 4);
 * ```
 */
export function turnUsage(messages: Message[]): Usage | null {
  let sum: Usage | null = null;
  for (const m of messages) {
    if (!m.usage) continue;
    sum ??= { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
    sum.input += m.usage.input;
    sum.output += m.usage.output;
    sum.cacheRead += m.usage.cacheRead;
    sum.cacheWrite += m.usage.cacheWrite;
  }
  return sum;
}

/**
 * A token count for people.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTokens } from "./present.ts";
 * assert.equal(formatTokens(1536), "1.5k");
 * ```
 */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0).replace(/\.0$/, "")}k`;
  return `${(n / 1e6).toFixed(1).replace(/\.0$/, "")}M`;
}

/**
 * Usage as one line: input (with cache reads and writes) and output.
 * @example
 * ```ts
 * import { formatUsage } from "./present.ts";
 * formatUsage({ input: 4, output: 120, cacheRead: 15000, cacheWrite: 1200 });
 * // "16k in · 120 out"
 * ```
 */
export function formatUsage(u: Usage): string {
  return `${formatTokens(u.input + u.cacheRead + u.cacheWrite)} in · ${formatTokens(u.output)} out`;
}

// One formatter each, made once: `toLocaleTimeString(locale, options)` builds a new
// Intl.DateTimeFormat per call: ~1.6 s of the main thread while scrolling through a
// 13,000-line session (Chromium, bench/conversation.ts).
const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const HOUR_MINUTE = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/**
 * The date span of a conversation: one date, or two when it crosses midnight (local time).
 * @example
 * ```ts
 * import { formatSpan } from "./present.ts";
 * formatSpan("2026-11-20T09:00:00Z", "2026-11-20T10:30:00Z"); // e.g. "20 Nov 2026, 10:00–11:30"
 * ```
 */
export function formatSpan(start: string | null, end: string | null): string {
  if (!start) return "";
  const a = new Date(start);
  const b = new Date(end ?? start);
  const day = (d: Date) => DAY.format(d);
  const time = (d: Date) => HOUR_MINUTE.format(d);
  return day(a) === day(b)
    ? `${day(a)}, ${time(a)}–${time(b)}`
    : `${day(a)}, ${time(a)} – ${day(b)}, ${time(b)}`;
}

/**
 * A count with its noun, singular or plural.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plural } from "./present.ts";
 * assert.equal(plural(1, "reply", "replies"), "1 reply");
 * assert.equal(plural(1200, "line"), "1,200 lines");
 * ```
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/**
 * How long a turn took, for people.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDuration } from "./present.ts";
 * assert.equal(formatDuration(83_000), "1m 23s");
 * assert.equal(formatDuration(4_200), "4s");
 * ```
 */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

/**
 * A message's time of day for its header, or "" without a valid timestamp.
 * @example
 * ```ts
 * import { formatTime } from "./present.ts";
 * formatTime("2026-11-20T09:00:07.007Z"); // e.g. "10:00:07"
 * ```
 */
export function formatTime(iso: string | null): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return "";
  return TIME_OF_DAY.format(new Date(iso));
}
