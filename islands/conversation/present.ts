/**
 * Pure helpers that decide what the conversation view shows: the "chat only" cut of a timeline,
 * one-line summaries of tool calls, slash-command lines, numbers and times. No DOM, so they are
 * unit-tested in Deno.
 * @module
 */
import type { Item, Message, Usage } from "../../lib/conversation/parse.ts";

/**
 * The timeline as a chat: prompts the person typed and the assistant's text, nothing else (no
 * tool calls, thinking, sub-agents, commands, system notes or summaries).
 * @example
 * ```ts
 * const chat = chatOnly(parseTranscript(text).items);
 * ```
 */
export function chatOnly(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const item of items) {
    if (item.kind === "user" && item.userKind === null) {
      const blocks = item.message.blocks.filter((b) => b.type === "text" || b.type === "image");
      if (blocks.length) out.push({ ...item, message: { ...item.message, blocks } });
    } else if (item.kind === "assistant") {
      const messages: Message[] = [];
      for (const m of item.messages) {
        const blocks = m.blocks.filter((b) => b.type === "text");
        if (m.role === "assistant" && blocks.length) messages.push({ ...m, blocks });
      }
      if (messages.length) out.push({ kind: "assistant", messages });
    }
  }
  return out;
}

const SUMMARY_FIELDS = [
  "command",
  "file_path",
  "notebook_path",
  "path",
  "pattern",
  "url",
  "query",
  "description",
  "prompt",
];
const SUMMARY_MAX = 160;

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max - 1) + "…" : one;
}

/**
 * A one-line summary of a tool call's input: its most telling field, else compact JSON.
 * @example
 * ```ts
 * toolSummary({ command: "deno test", description: "Run tests" }); // "deno test"
 * ```
 */
export function toolSummary(input: unknown): string {
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    const record = input as Record<string, unknown>;
    for (const field of SUMMARY_FIELDS) {
      const v = record[field];
      if (typeof v === "string" && v.trim()) return clip(v, SUMMARY_MAX);
    }
  }
  if (input === null || input === undefined) return "";
  return clip(JSON.stringify(input), SUMMARY_MAX);
}

/**
 * What a slash-command line says, without Claude Code's tags: `/name args`, or the command's
 * output.
 * @example
 * ```ts
 * commandText("<command-name>/model</command-name><command-args>opus</command-args>");
 * // "/model opus"
 * ```
 */
export function commandText(text: string): string {
  const tag = (name: string) =>
    text.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))?.[1]?.trim() ?? "";
  const name = tag("command-name");
  if (name) return [name, tag("command-args")].filter(Boolean).join(" ");
  return tag("local-command-stdout") || tag("local-command-stderr") || text.trim();
}

/**
 * Sums the usage of the assistant messages of a turn, or null when none recorded any.
 * @example
 * ```ts
 * turnUsage(reply.messages)?.output;
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
 * formatTokens(1536); // "1.5k"
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
 * formatUsage({ input: 4, output: 120, cacheRead: 15000, cacheWrite: 1200 });
 * // "16k in · 120 out"
 * ```
 */
export function formatUsage(u: Usage): string {
  return `${formatTokens(u.input + u.cacheRead + u.cacheWrite)} in · ${formatTokens(u.output)} out`;
}

/**
 * The date span of a conversation: one date, or two when it crosses midnight (local time).
 * @example
 * ```ts
 * formatSpan("2026-11-20T09:00:00Z", "2026-11-20T10:30:00Z"); // e.g. "20 Nov 2026, 10:00–11:30"
 * ```
 */
export function formatSpan(start: string | null, end: string | null): string {
  if (!start) return "";
  const a = new Date(start);
  const b = new Date(end ?? start);
  const day = (d: Date) => d.toLocaleDateString(undefined, { dateStyle: "medium" });
  const time = (d: Date) => d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return day(a) === day(b)
    ? `${day(a)}, ${time(a)}–${time(b)}`
    : `${day(a)}, ${time(a)} – ${day(b)}, ${time(b)}`;
}

/**
 * A message's time of day for its header, or "" without a valid timestamp.
 * @example
 * ```ts
 * formatTime("2026-11-20T09:00:07.007Z"); // e.g. "10:00:07"
 * ```
 */
export function formatTime(iso: string | null): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return "";
  return new Date(iso).toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}
