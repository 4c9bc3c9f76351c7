/**
 * What the header says about a parsed transcript: its title and its numbers. Portable (Deno and
 * browser); used by ./parse.ts once every line has been read.
 * @module
 */
import type { Block, Item, Message, Stats, UserItem } from "./model.ts";

/** The lines that can name a session, as the parser collected them. */
export interface TitleLines {
  /** The latest `custom-title` (the name the person gave the session). */
  custom: string | null;
  /** The latest `ai-title`. */
  ai: string | null;
  /** Every `summary`, with the uuid of the last message it covers (`leafUuid`). */
  summaries: { text: string; leaf: string | null }[];
  /** The uuids of the main conversation's lines (a summary names this session if it ends here). */
  mainUuids: Set<string>;
}

const TITLE_MAX = 80;

/**
 * The text blocks joined, as "copy" copies them.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textOf } from "./derive.ts";
 * assert.equal(textOf([{ type: "text", text: "a" }, { type: "text", text: "b" }]), "a\n\nb");
 * ```
 */
export function textOf(blocks: Block[]): string {
  return blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n\n");
}

/**
 * The text blocks of a message joined: what "copy message" copies.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { messageText } from "./derive.ts";
 * const text = messageText({
 *   uuid: null,
 *   role: "user",
 *   timestamp: null,
 *   model: null,
 *   usage: null,
 *   line: 1,
 *   blocks: [{ type: "text", text: "Hi" }],
 * });
 * assert.equal(text, "Hi");
 * ```
 */
export function messageText(message: Message): string {
  return textOf(message.blocks);
}

/**
 * What a prompt item says, for titles: its typed text, or its slash command.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promptText } from "./derive.ts";
 * const prompt = promptText({
 *   kind: "user",
 *   userKind: "command",
 *   prompt: true,
 *   message: {
 *     uuid: null,
 *     role: "user",
 *     timestamp: null,
 *     model: null,
 *     usage: null,
 *     line: 1,
 *     blocks: [{ type: "note", note: "command", text: "/review 12", error: false }],
 *   },
 * });
 * assert.equal(prompt, "/review 12");
 * ```
 */
export function promptText(item: UserItem): string {
  const typed = textOf(item.message.blocks);
  if (typed.trim()) return typed;
  const commands = item.message.blocks.flatMap((b) =>
    b.type === "note" && b.note === "command" ? [b.text] : []
  );
  return commands.join(" ");
}

/** Cut to {@link TITLE_MAX} characters, at a word boundary when there is one near the end. */
function clipTitle(title: string): string {
  const chars = Array.from(title);
  if (chars.length <= TITLE_MAX) return title;
  const cut = chars.slice(0, TITLE_MAX - 1).join("");
  const space = cut.lastIndexOf(" ");
  return (space > TITLE_MAX * 0.6 ? cut.slice(0, space) : cut).trimEnd() + "…";
}

/**
 * The title: the session's custom title, else its AI title, else the summary of this session (one
 * whose last message is in the main conversation: summaries of other sessions and of warm-up
 * agents are copied into files too), else the first prompt, else any summary.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveTitle } from "./derive.ts";
 * const title = deriveTitle({ custom: null, ai: "Fixing CI", summaries: [], mainUuids: new Set() }, []);
 * assert.equal(title, "Fixing CI");
 * ```
 */
export function deriveTitle(lines: TitleLines, items: Item[]): string {
  const own = lines.summaries.findLast((s) => s.leaf !== null && lines.mainUuids.has(s.leaf));
  const first = items.find((i): i is UserItem => i.kind === "user" && i.prompt);
  const title = lines.custom ?? lines.ai ?? own?.text ?? (first ? promptText(first) : null) ??
    lines.summaries[0]?.text ?? "";
  const oneLine = title.replace(/\s+/g, " ").trim();
  return oneLine ? clipTitle(oneLine) : "Untitled conversation";
}

/** Visits every item, sub-agents' included, with how deep in sub-agents it is. */
function walk(items: Item[], visit: (item: Item, depth: number) => void, depth = 0): void {
  for (const item of items) {
    visit(item, depth);
    if (item.kind === "sidechain") walk(item.items, visit, depth + 1);
    if (item.kind === "system" && item.agent) walk(item.agent, visit, depth + 1);
    if (item.kind === "assistant") {
      for (const m of item.messages) {
        for (const b of m.blocks) {
          if (b.type === "tool_use" && b.agent) walk(b.agent, visit, depth + 1);
        }
      }
    }
  }
}

/**
 * The header's numbers over the whole timeline, sub-agents included.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { statsOf } from "./derive.ts";
 * assert.equal(statsOf([], { lines: 0, start: null, end: null }).prompts, 0);
 * ```
 */
export function statsOf(
  items: Item[],
  read: Pick<Stats, "lines" | "start" | "end">,
): Stats {
  const stats: Stats = {
    ...read,
    prompts: items.filter((i) => i.kind === "user" && i.prompt).length,
    replies: 0,
    agentReplies: 0,
    toolCalls: 0,
    models: [],
    usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  };
  walk(items, (item, depth) => {
    if (item.kind !== "assistant") return;
    for (const m of item.messages) {
      if (m.role !== "assistant") continue;
      stats.replies++;
      if (depth > 0) stats.agentReplies++;
      stats.toolCalls += m.blocks.filter((b) => b.type === "tool_use").length;
      // "<synthetic>" marks messages Claude Code wrote itself (e.g. after an API error).
      if (m.model && m.model !== "<synthetic>" && !stats.models.includes(m.model)) {
        stats.models.push(m.model);
      }
      if (m.usage) {
        stats.usage.input += m.usage.input;
        stats.usage.output += m.usage.output;
        stats.usage.cacheRead += m.usage.cacheRead;
        stats.usage.cacheWrite += m.usage.cacheWrite;
      }
    }
  });
  return stats;
}
