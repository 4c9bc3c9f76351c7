/**
 * Parses a Claude Code session transcript (JSON Lines, one event per line, versions 1.0 to 2.1)
 * into a model people can read: prompts, assistant turns (text, thinking, tool calls with their
 * results and sub-agents), Claude Code's notes and system lines, and a title. Runs in Deno and in
 * the browser (no Deno APIs). Never fatal: a line that is not JSON or lacks what its type needs is
 * counted as malformed, a line of a type this parser does not know is counted as unknown, and a
 * half-written last line (a session shared while it runs) is dropped silently. Every line type
 * and block type is described in docs/CONVERSATIONS.md.
 * @module
 */
import { type AgentStream, placeAgents } from "./agents.ts";
import { emptyResult, isObject, type Json, readBlocks, readResultContent, str } from "./blocks.ts";
import type {
  AssistantItem,
  Block,
  Conversation,
  Item,
  Message,
  SidechainItem,
  SystemItem,
  ToolUseBlock,
  Usage,
  UserKind,
} from "./model.ts";
import { deriveTitle, statsOf, type TitleLines } from "./derive.ts";
import { num, systemText } from "./system_lines.ts";
import { rejectionOf, splitTagged, takeReminders } from "./tagged.ts";

export type * from "./model.ts";
export { messageText, promptText } from "./derive.ts";

/**
 * Line types that carry nothing the timeline shows: editor state, queue bookkeeping, and
 * metadata lines whose only use here is the title (read separately).
 */
const QUIET_TYPES = new Set([
  "file-history-snapshot",
  "queue-operation",
  "tag",
  "agent-name",
  "mode",
  "pr-link",
  "last-prompt",
  "permission-mode",
  "custom-title",
  "ai-title",
  "summary",
]);

function readUsage(v: unknown): Usage | null {
  if (!isObject(v)) return null;
  return {
    input: num(v.input_tokens),
    output: num(v.output_tokens),
    cacheRead: num(v.cache_read_input_tokens),
    cacheWrite: num(v.cache_creation_input_tokens),
  };
}

/** Accumulates the timeline of one stream (the main conversation or one sub-agent). */
class Timeline {
  readonly items: Item[] = [];
  /** The open assistant turn; closed by the next user item. */
  private reply: AssistantItem | null = null;

  constructor(private readonly parser: Parser) {}

  add(item: Item): void {
    this.items.push(item);
    if (item.kind !== "system") this.reply = null;
  }

  /** The last assistant turn, for the duration Claude Code records after it. */
  lastReply(): AssistantItem | undefined {
    return this.items.findLast((i): i is AssistantItem => i.kind === "assistant");
  }

  assistant(entry: Json, message: Json, line: number): void {
    const blocks = this.parser.blocks(message.content, entry, line);
    const id = str(message.id);
    const usage = readUsage(message.usage);
    const last = this.reply?.messages.at(-1);
    // Claude Code writes one streamed API message as several lines sharing `message.id`, one
    // content block each; they are one message to a reader.
    if (last && id && this.parser.messageIds.get(last) === id) {
      last.blocks.push(...blocks);
      last.usage = usage ?? last.usage;
      return;
    }
    const msg: Message = {
      uuid: str(entry.uuid),
      role: "assistant",
      timestamp: str(entry.timestamp),
      model: str(message.model),
      usage,
      blocks,
      line,
    };
    if (id) this.parser.messageIds.set(msg, id);
    if (!this.reply) this.promoteCommand();
    this.openReply().messages.push(msg);
  }

  /**
   * A slash command the assistant answers (`/init`, `/review 12`, a custom command) asked for
   * something: it counts as a prompt. One that only printed output (`/model`) does not.
   */
  private promoteCommand(): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i];
      if (item.kind === "assistant" || (item.kind === "user" && item.prompt)) return;
      // Output of its own means a local command (`/model`, `/cost`): done before any reply.
      if (
        item.kind === "user" &&
        item.message.blocks.some((b) => b.type === "note" && b.note === "command-output")
      ) return;
      if (item.kind === "user" && item.userKind === "command") {
        item.prompt = true;
        return;
      }
    }
  }

  private openReply(): AssistantItem {
    if (!this.reply) {
      this.reply = { kind: "assistant", messages: [], durationMs: null };
      this.items.push(this.reply);
    }
    return this.reply;
  }

  /** A user line (or a system line holding a local command's tags). */
  user(entry: Json, content: unknown, line: number): void {
    const parts: unknown[] = typeof content === "string" ? [{ type: "text", text: content }] : [];
    for (const part of Array.isArray(content) ? content : []) {
      if (isObject(part) && part.type === "tool_result") this.toolResult(entry, part, line);
      else parts.push(part);
    }
    const blocks = this.parser.blocks(parts, entry, line).flatMap((b) =>
      b.type === "text" ? splitTagged(b.text) : [b]
    );
    if (blocks.length === 0) return;
    const userKind = kindOf(entry, blocks);
    this.add({
      kind: "user",
      message: userMessage(entry, blocks, line),
      userKind,
      prompt: userKind === "prompt",
    });
  }

  /**
   * A prompt typed while Claude was working, delivered at its next pause. Claude Code queues its
   * own task notifications the same way: those are notes.
   */
  queued(entry: Json, text: string, line: number): void {
    const blocks = splitTagged(text);
    if (blocks.length === 0) return;
    const userKind = kindOf(entry, blocks);
    const typed = userKind === "prompt";
    this.add({
      kind: "user",
      message: userMessage(entry, blocks, line),
      userKind: typed ? "queued" : userKind,
      prompt: typed,
    });
  }

  private toolResult(entry: Json, part: Json, line: number): void {
    const details = isObject(entry.toolUseResult) ? entry.toolUseResult : null;
    const content = readResultContent(part.content);
    const isError = part.is_error === true;
    const result = {
      ...emptyResult(str(part.tool_use_id) ?? "", str(entry.timestamp)),
      ...content,
      ...takeReminders(content.text),
      isError,
      agentId: str(details?.agentId),
      details,
      rejection: isError ? rejectionOf(content.text) : null,
    };
    const call = this.parser.calls.get(result.toolUseId);
    if (call) {
      call.result = result;
      return;
    }
    // A result whose call is not in the transcript (e.g. cut by compaction): keep it visible.
    this.openReply().messages.push(userMessage(entry, [{ type: "tool_result", result }], line));
  }
}

/** A user line's message. */
function userMessage(entry: Json, blocks: Block[], line: number): Message {
  return {
    uuid: str(entry.uuid),
    role: "user",
    timestamp: str(entry.timestamp),
    model: null,
    usage: null,
    blocks,
    line,
  };
}

/** What a user line is, from Claude Code's flags and the blocks its text split into. */
function kindOf(entry: Json, blocks: Block[]): UserKind {
  if (entry.isCompactSummary === true) return "compact";
  if (entry.isMeta === true) return "meta";
  if (blocks.some((b) => b.type === "text" || b.type === "image" || b.type === "document")) {
    return "prompt";
  }
  return blocks.some((b) => b.type === "note" && b.note === "command") ? "command" : "notes";
}

class Parser {
  readonly calls = new Map<string, ToolUseBlock>();
  /** Every call with its line number (sub-agents without ids are matched by position). */
  readonly callLines = new Map<ToolUseBlock, number>();
  readonly messageIds = new WeakMap<Message, string>();
  readonly main = new Timeline(this);
  readonly streams = new Map<string, { stream: AgentStream; tl: Timeline }>();
  /** For 1.0.x sidechains: the stream each line's `uuid` belongs to. */
  private readonly chainOf = new Map<string, string>();
  readonly compactions: SystemItem[] = [];
  sessionId: string | null = null;
  readonly titles: TitleLines = { custom: null, ai: null, summaries: [], mainUuids: new Set() };
  malformed = 0;
  unknown = 0;
  lines = 0;
  start: string | null = null;
  end: string | null = null;

  blocks(content: unknown, entry: Json, line: number): Block[] {
    return readBlocks(content, {
      timestamp: str(entry.timestamp),
      register: (call) => {
        this.calls.set(call.id, call);
        this.callLines.set(call, line);
      },
      call: (id) => this.calls.get(id),
    });
  }

  /** The sub-agent stream `key`, created (with its placeholder in the main timeline) if new. */
  private stream(key: string, init: Omit<AgentStream, "item">): Timeline {
    let found = this.streams.get(key);
    if (!found) {
      const item: SidechainItem = { kind: "sidechain", agentId: init.agentId, items: [] };
      const tl = new Timeline(this);
      item.items = tl.items;
      found = { stream: { ...init, item }, tl };
      this.streams.set(key, found);
      // Pushed without closing the open reply: a sub-agent runs inside the assistant's turn.
      this.main.items.push(item);
    }
    return found.tl;
  }

  /** The timeline a sidechain line belongs to: its agent's, or (1.0.x) its `parentUuid` chain's. */
  private sidechain(entry: Json, line: number): Timeline {
    const agentId = str(entry.agentId);
    if (agentId) {
      return this.stream(`agent:${agentId}`, { agentId, source: "sidechain", callId: null, line });
    }
    const uuid = str(entry.uuid);
    const parent = str(entry.parentUuid);
    const key = (parent && this.chainOf.get(parent)) ?? `chain:${uuid ?? line}`;
    if (uuid) this.chainOf.set(uuid, key);
    return this.stream(key, { agentId: null, source: "sidechain", callId: null, line });
  }

  private seeTime(ts: string | null): void {
    if (!ts || Number.isNaN(Date.parse(ts))) return;
    if (!this.start || Date.parse(ts) < Date.parse(this.start)) this.start = ts;
    if (!this.end || Date.parse(ts) > Date.parse(this.end)) this.end = ts;
  }

  /** A `user` or `assistant` entry, from a line or from inside a progress line. */
  private message(entry: Json, line: number, tl: Timeline): boolean {
    const message = entry.message;
    if (
      !isObject(message) || (typeof message.content !== "string" && !Array.isArray(message.content))
    ) return false;
    this.sessionId ??= str(entry.sessionId);
    // Lines Claude Code adds for the model can carry the time of an earlier session (a caveat).
    if (entry.isMeta !== true) this.seeTime(str(entry.timestamp));
    if (entry.type === "assistant") tl.assistant(entry, message, line);
    else tl.user(entry, message.content, line);
    return true;
  }

  private system(entry: Json, line: number, tl: Timeline): void {
    const timestamp = str(entry.timestamp);
    this.seeTime(timestamp);
    const content = str(entry.content);
    if (entry.subtype === "turn_duration") {
      const reply = tl.lastReply();
      if (reply) reply.durationMs = num(entry.durationMs);
      return;
    }
    // 2.x writes a local command and its output as system lines with the user-line tags.
    if (entry.subtype === "local_command" && content) {
      tl.user(entry, content, line);
      return;
    }
    const described = systemText(entry);
    const text = described?.text ?? content;
    if (!text) return;
    const item: SystemItem = {
      kind: "system",
      subtype: str(entry.subtype),
      text,
      timestamp,
      level: described?.level ?? str(entry.level),
      agent: null,
    };
    if (entry.subtype === "compact_boundary") this.compactions.push(item);
    tl.add(item);
  }

  /** A `progress` line: only a sub-agent's message (`agent_progress`) is kept. */
  private progress(entry: Json, line: number): void {
    const data = isObject(entry.data) ? entry.data : null;
    if (data?.type !== "agent_progress" || !isObject(data.message)) return;
    const callId = str(entry.parentToolUseID);
    const agentId = str(data.agentId);
    const tl = this.stream(`progress:${agentId ?? callId}`, {
      agentId,
      source: "progress",
      callId,
      line,
    });
    this.message(data.message, line, tl);
  }

  line(raw: string, line: number, last: boolean): void {
    if (!raw.trim()) return;
    let entry: unknown;
    try {
      entry = JSON.parse(raw);
    } catch {
      // The last line of a running session may be half written: not an error of the transcript.
      if (!last) {
        this.lines++;
        this.malformed++;
      }
      return;
    }
    this.lines++;
    if (!isObject(entry) || typeof entry.type !== "string") {
      this.malformed++;
      return;
    }
    this.meta(entry);
    const tl = entry.isSidechain === true ? this.sidechain(entry, line) : this.main;
    if (tl === this.main && typeof entry.uuid === "string") this.titles.mainUuids.add(entry.uuid);
    switch (entry.type) {
      case "user":
      case "assistant":
        if (!this.message(entry, line, tl)) this.malformed++;
        return;
      case "system":
        return this.system(entry, line, tl);
      case "progress":
        return this.progress(entry, line);
      case "attachment": {
        const a = isObject(entry.attachment) ? entry.attachment : {};
        const prompt = str(a.prompt);
        if (a.type === "queued_command" && prompt?.trim()) {
          this.seeTime(str(entry.timestamp));
          tl.queued(entry, prompt, line);
        }
        return;
      }
      default:
        if (!QUIET_TYPES.has(entry.type)) this.unknown++;
    }
  }

  /** Title lines: the latest custom and AI title, every summary with the message it ends at. */
  private meta(entry: Json): void {
    if (entry.type === "custom-title") {
      this.titles.custom = str(entry.customTitle) ?? this.titles.custom;
    } else if (entry.type === "ai-title") this.titles.ai = str(entry.aiTitle) ?? this.titles.ai;
    else if (entry.type === "summary") {
      if (typeof entry.summary !== "string") this.malformed++;
      else this.titles.summaries.push({ text: entry.summary, leaf: str(entry.leafUuid) });
    }
  }

  /** The main timeline once every sub-agent has been placed. */
  finish(): Item[] {
    const placed = placeAgents(
      [...this.streams.values()].map((s) => s.stream),
      this.callLines,
      this.compactions,
    );
    return this.main.items.filter((i) => !(i.kind === "sidechain" && placed.has(i)));
  }
}

/** Lines parsed between checks of the clock in {@link parseTranscriptAsync}. */
const LINES_PER_CHECK = 200;

/**
 * What {@link parseTranscriptAsync} reports after each slice: enough to show the start of a long
 * session while the rest is still being read.
 */
export interface ParseProgress {
  /** The share of lines read, from 0 to 1. */
  done: number;
  /**
   * The main timeline's items read so far, without sub-agents (they are placed under the calls
   * that ran them at the end). The items are those of the finished conversation, and the last ones
   * may still change: a tool call's result or a reply's next message is added as its line comes.
   */
  items(): Item[];
}

/** Parses line by line, reporting progress every {@link LINES_PER_CHECK} lines. */
function* parseSteps(text: string): Generator<ParseProgress, Conversation> {
  const p = new Parser();
  const lines = text.split("\n");
  // Without a final line break the last line may still be being written.
  const open = !text.endsWith("\n");
  for (let i = 0; i < lines.length; i++) {
    p.line(lines[i], i + 1, open && i === lines.length - 1);
    if (i % LINES_PER_CHECK === LINES_PER_CHECK - 1) {
      yield {
        done: (i + 1) / lines.length,
        items: () => p.main.items.filter((item) => item.kind !== "sidechain"),
      };
    }
  }
  const items = p.finish();
  return {
    title: deriveTitle(p.titles, items),
    sessionId: p.sessionId,
    items,
    stats: statsOf(items, { lines: p.lines, start: p.start, end: p.end }),
    skipped: { malformed: p.malformed, unknown: p.unknown },
  };
}

/**
 * Parses a transcript. Never throws on bad input: unreadable lines are counted in `skipped`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTranscript } from "./parse.ts";
 * const c = parseTranscript('{"type":"user","message":{"role":"user","content":"Hi"}}\nnot json\n');
 * assert.equal(c.title, "Hi");
 * assert.equal(c.skipped.malformed, 1);
 * ```
 */
export function parseTranscript(text: string): Conversation {
  const steps = parseSteps(text);
  for (let step = steps.next();; step = steps.next()) if (step.done) return step.value;
}

/**
 * {@link parseTranscript} in slices of about `sliceMs` milliseconds with a macrotask between
 * them, so that a page stays responsive while a session of tens of megabytes is read.
 * `onProgress` gets the progress after each slice (see {@link ParseProgress}).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTranscriptAsync } from "./parse.ts";
 * const c = await parseTranscriptAsync('{"type":"user","message":{"content":"Hi"}}\n', {
 *   onProgress: ({ done, items }) => console.log(done, items().length),
 * });
 * assert.equal(c.title, "Hi");
 * ```
 */
export async function parseTranscriptAsync(
  text: string,
  { sliceMs = 40, onProgress }: {
    sliceMs?: number;
    onProgress?: (progress: ParseProgress) => void;
  } = {},
): Promise<Conversation> {
  const steps = parseSteps(text);
  let sliceStart = performance.now();
  for (let step = steps.next();; step = steps.next()) {
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    onProgress?.(step.value);
    await new Promise((resolve) => setTimeout(resolve, 0));
    sliceStart = performance.now();
  }
}
