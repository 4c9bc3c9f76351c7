/**
 * Parses a Claude Code session transcript (JSON Lines, one event per line) into a model people
 * can read: prompts, replies (an assistant turn with its tool calls, their results and thinking),
 * sub-agent conversations, summaries and system notes. Runs in Deno and in the browser (no Deno
 * APIs). Lines that are not JSON objects, or lack the fields a known event needs, are skipped and
 * counted, never fatal: a transcript is shown as far as it can be read.
 * The format is described in docs/CONVERSATIONS.md.
 * @module
 */

/** Token counts of one assistant message (or a sum of them). */
export interface Usage {
  /** Uncached input tokens. */
  input: number;
  /** Output tokens. */
  output: number;
  /** Input tokens read from the prompt cache. */
  cacheRead: number;
  /** Input tokens written to the prompt cache. */
  cacheWrite: number;
}

/** An image carried inline in the transcript as base64. */
export interface ImageBlock {
  type: "image";
  /** MIME type as the transcript states it (e.g. "image/png"). */
  mediaType: string;
  /** Base64 (standard alphabet) image bytes. */
  data: string;
}

/** What a tool call returned. */
export interface ToolResult {
  /** Id of the call it answers. */
  toolUseId: string;
  /** The tool reported failure. */
  isError: boolean;
  /** Text output (text parts joined with newlines). */
  text: string;
  /** Images the tool returned (e.g. a screenshot or a file read). */
  images: ImageBlock[];
  /** When the result was recorded. */
  timestamp: string | null;
  /** Sub-agent id, when the call started a sub-agent (Task tool). */
  agentId: string | null;
}

/** A tool call made by the assistant, with its result once seen. */
export interface ToolUseBlock {
  type: "tool_use";
  /** Call id (`toolu_…`). */
  id: string;
  /** Tool name (Bash, Read, Edit, Task…). */
  name: string;
  /** Arguments as the model sent them. */
  input: unknown;
  /** The result, or null when the transcript has none (interrupted session). */
  result: ToolResult | null;
  /** The sub-agent conversation this call started, when the transcript holds it. */
  agent: Item[] | null;
}

/** One piece of a message. */
export type Block =
  | { type: "text"; text: string }
  | { type: "thinking"; text: string }
  | ToolUseBlock
  | { type: "tool_result"; result: ToolResult }
  | ImageBlock;

/** One message: a transcript line, or several lines of one streamed assistant message. */
export interface Message {
  /** The line's `uuid`. */
  uuid: string | null;
  /** Who wrote it. */
  role: "user" | "assistant";
  /** ISO time of the (first) line. */
  timestamp: string | null;
  /** Model that wrote it (assistant only). */
  model: string | null;
  /** Token usage (assistant only, when recorded). */
  usage: Usage | null;
  /** Content in order. */
  blocks: Block[];
  /** 1-based line number in the transcript. */
  line: number;
}

/**
 * What kind of user line a user item is: a prompt the person typed (`null`), a slash command or
 * its output, a line Claude Code added for the model (`meta`), the summary that replaced the
 * history after compaction, or the note that the person interrupted the reply.
 */
export type UserKind = null | "command" | "meta" | "compact" | "interrupt";

/** One entry of the timeline. */
export type Item =
  | { kind: "user"; message: Message; userKind: UserKind }
  | { kind: "assistant"; messages: Message[] }
  | { kind: "sidechain"; agentId: string | null; items: Item[] }
  | { kind: "summary"; text: string }
  | { kind: "system"; text: string; timestamp: string | null; level: string | null };

/** Numbers for the header. */
export interface Stats {
  /** Non-blank lines in the transcript. */
  lines: number;
  /** Prompts the person typed (main conversation). */
  prompts: number;
  /** Assistant messages (all, sub-agents included). */
  replies: number;
  /** Tool calls (all). */
  toolCalls: number;
  /** Earliest and latest timestamp seen. */
  start: string | null;
  /** Latest timestamp seen. */
  end: string | null;
  /** Models that answered, in order of first use. */
  models: string[];
  /** Sum of the usage of every assistant message. */
  usage: Usage;
}

/** The parsed transcript. */
export interface Conversation {
  /** Derived title: the first prompt, trimmed; else the first summary. */
  title: string;
  /** `sessionId` of the first line that has one. */
  sessionId: string | null;
  /** Timeline. */
  items: Item[];
  /** Counts for the header. */
  stats: Stats;
  /** Lines that could not be used: not a JSON object / missing fields, or an unknown type. */
  skipped: { malformed: number; unknown: number };
}

/** Line types Claude Code writes that carry nothing to show (editor state, queue bookkeeping). */
const QUIET_TYPES = new Set(["file-history-snapshot", "queue-operation"]);

const TITLE_MAX = 80;

/** Tools that start a sub-agent. */
const SUBAGENT_TOOLS = new Set(["Task", "Agent"]);

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function readUsage(v: unknown): Usage | null {
  if (!isObject(v)) return null;
  return {
    input: num(v.input_tokens),
    output: num(v.output_tokens),
    cacheRead: num(v.cache_read_input_tokens),
    cacheWrite: num(v.cache_creation_input_tokens),
  };
}

function readImage(v: Json): ImageBlock | null {
  const source = v.source;
  if (!isObject(source) || source.type !== "base64") return null;
  const mediaType = str(source.media_type);
  const data = str(source.data);
  return mediaType && data ? { type: "image", mediaType, data } : null;
}

/** A tool result's `content`: a string, or text and image parts. */
function readResultContent(v: unknown): { text: string; images: ImageBlock[] } {
  if (typeof v === "string") return { text: v, images: [] };
  const texts: string[] = [];
  const images: ImageBlock[] = [];
  if (Array.isArray(v)) {
    for (const part of v) {
      if (!isObject(part)) continue;
      if (part.type === "text" && typeof part.text === "string") texts.push(part.text);
      else if (part.type === "image") {
        const image = readImage(part);
        if (image) images.push(image);
      }
    }
  }
  return { text: texts.join("\n"), images };
}

/** Classifies a user line's text; Claude Code wraps slash commands and their output in tags. */
function userKind(entry: Json, text: string): UserKind {
  if (entry.isCompactSummary === true) return "compact";
  if (entry.isMeta === true) return "meta";
  if (text.startsWith("[Request interrupted by user")) return "interrupt";
  if (/^\s*<(command-name|command-message|local-command-stdout|local-command-stderr)>/.test(text)) {
    return "command";
  }
  return null;
}

function textOf(blocks: Block[]): string {
  return blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n\n");
}

/** Accumulates the timeline of one stream (the main conversation or one sub-agent). */
class Timeline {
  readonly items: Item[] = [];
  /** The open assistant turn; closed by the next prompt. */
  private reply: { kind: "assistant"; messages: Message[] } | null = null;

  constructor(private readonly parser: Parser) {}

  add(item: Item): void {
    this.items.push(item);
    this.reply = null;
  }

  assistant(entry: Json, message: Json, line: number): void {
    const blocks = this.parser.blocks(message.content);
    const id = str(message.id);
    const usage = readUsage(message.usage);
    const model = str(message.model);
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
      model,
      usage,
      blocks,
      line,
    };
    if (id) this.parser.messageIds.set(msg, id);
    this.openReply().push(msg);
  }

  /** The messages of the open assistant turn, opening one if needed. */
  private openReply(): Message[] {
    if (!this.reply) {
      this.reply = { kind: "assistant", messages: [] };
      this.items.push(this.reply);
    }
    return this.reply.messages;
  }

  user(entry: Json, message: Json, line: number): void {
    const base = { uuid: str(entry.uuid), timestamp: str(entry.timestamp), line };
    const content = message.content;
    if (typeof content === "string") {
      const msg: Message = {
        ...base,
        role: "user",
        model: null,
        usage: null,
        blocks: [{ type: "text", text: content }],
      };
      this.add({ kind: "user", message: msg, userKind: userKind(entry, content) });
      return;
    }
    const rest: unknown[] = [];
    for (const part of content as unknown[]) {
      if (isObject(part) && part.type === "tool_result") this.toolResult(entry, part, line);
      else rest.push(part);
    }
    const blocks = this.parser.blocks(rest);
    if (blocks.length === 0) return;
    const msg: Message = { ...base, role: "user", model: null, usage: null, blocks };
    this.add({ kind: "user", message: msg, userKind: userKind(entry, textOf(blocks)) });
  }

  private toolResult(entry: Json, part: Json, line: number): void {
    const toolUseId = str(part.tool_use_id) ?? "";
    const extra = isObject(entry.toolUseResult) ? entry.toolUseResult : {};
    const result: ToolResult = {
      toolUseId,
      isError: part.is_error === true,
      ...readResultContent(part.content),
      timestamp: str(entry.timestamp),
      agentId: str(extra.agentId),
    };
    const call = this.parser.calls.get(toolUseId);
    if (call) {
      call.result = result;
      return;
    }
    // A result whose call is not in the transcript (e.g. cut by compaction): keep it visible.
    const orphan: Message = {
      uuid: str(entry.uuid),
      role: "user",
      timestamp: result.timestamp,
      model: null,
      usage: null,
      blocks: [{ type: "tool_result", result }],
      line,
    };
    this.openReply().push(orphan);
  }
}

class Parser {
  readonly calls = new Map<string, ToolUseBlock>();
  readonly messageIds = new WeakMap<Message, string>();
  readonly main = new Timeline(this);
  /** Sub-agent streams by agent id (or by run, for transcripts without agent ids). */
  private readonly agents = new Map<string, { item: Item & { kind: "sidechain" }; tl: Timeline }>();
  private run = 0;
  private lastWasSidechain = false;
  sessionId: string | null = null;
  malformed = 0;
  unknown = 0;
  lines = 0;
  start: string | null = null;
  end: string | null = null;

  blocks(content: unknown): Block[] {
    if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
    if (!Array.isArray(content)) return [];
    const out: Block[] = [];
    for (const b of content) {
      if (!isObject(b)) continue;
      if (b.type === "text" && typeof b.text === "string") out.push({ type: "text", text: b.text });
      else if (b.type === "thinking" && typeof b.thinking === "string") {
        out.push({ type: "thinking", text: b.thinking });
      } else if (b.type === "redacted_thinking") {
        out.push({ type: "thinking", text: "(thinking encrypted by the API, not readable)" });
      } else if (b.type === "tool_use" && typeof b.name === "string") {
        const call: ToolUseBlock = {
          type: "tool_use",
          id: str(b.id) ?? "",
          name: b.name,
          input: b.input ?? null,
          result: null,
          agent: null,
        };
        if (call.id) this.calls.set(call.id, call);
        out.push(call);
      } else if (b.type === "image") {
        const image = readImage(b);
        out.push(image ?? { type: "text", text: "[image not embedded in the transcript]" });
      } else if (typeof b.type === "string") {
        out.push({ type: "text", text: `[${b.type} block not shown]` });
      }
    }
    return out;
  }

  /** The timeline a line belongs to; sub-agent lines are grouped per agent (or per run). */
  private timelineFor(entry: Json): Timeline {
    if (entry.isSidechain !== true) {
      this.lastWasSidechain = false;
      return this.main;
    }
    const agentId = str(entry.agentId);
    if (!agentId && !this.lastWasSidechain) this.run++;
    this.lastWasSidechain = true;
    const key = agentId ? `agent:${agentId}` : `run:${this.run}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const item = { kind: "sidechain" as const, agentId, items: [] as Item[] };
      const tl = new Timeline(this);
      item.items = tl.items;
      agent = { item, tl };
      this.agents.set(key, agent);
      // Without an agent id, the sub-agent is the one the latest unanswered Task call started
      // (older transcripts write its lines between the call and its result).
      const task = agentId ? undefined : this.pendingTask();
      if (task) task.agent = tl.items;
      // Pushed without closing the open reply: a sub-agent runs inside the assistant's turn.
      else this.main.items.push(item);
    }
    return agent.tl;
  }

  private pendingTask(): ToolUseBlock | undefined {
    return [...this.calls.values()].findLast((c) =>
      SUBAGENT_TOOLS.has(c.name) && c.result === null && c.agent === null
    );
  }

  private seeTime(ts: string | null): void {
    if (!ts || Number.isNaN(Date.parse(ts))) return;
    if (!this.start || Date.parse(ts) < Date.parse(this.start)) this.start = ts;
    if (!this.end || Date.parse(ts) > Date.parse(this.end)) this.end = ts;
  }

  line(raw: string, line: number): void {
    if (!raw.trim()) return;
    this.lines++;
    let entry: unknown;
    try {
      entry = JSON.parse(raw);
    } catch {
      this.malformed++;
      return;
    }
    if (!isObject(entry) || typeof entry.type !== "string") {
      this.malformed++;
      return;
    }
    const type = entry.type;
    if (type === "summary") {
      if (typeof entry.summary !== "string") this.malformed++;
      else this.main.add({ kind: "summary", text: entry.summary });
      return;
    }
    if (type === "system") {
      const text = str(entry.content);
      if (text === null) this.malformed++;
      else {
        const timestamp = str(entry.timestamp);
        this.seeTime(timestamp);
        this.timelineFor(entry).add({ kind: "system", text, timestamp, level: str(entry.level) });
      }
      return;
    }
    if (type !== "user" && type !== "assistant") {
      if (!QUIET_TYPES.has(type)) this.unknown++;
      return;
    }
    const message = entry.message;
    if (
      !isObject(message) || (typeof message.content !== "string" && !Array.isArray(message.content))
    ) {
      this.malformed++;
      return;
    }
    this.sessionId ??= str(entry.sessionId);
    this.seeTime(str(entry.timestamp));
    const tl = this.timelineFor(entry);
    if (type === "assistant") tl.assistant(entry, message, line);
    else tl.user(entry, message, line);
  }

  /** Moves each sub-agent group whose Task call is known into that call. */
  attachAgents(): Item[] {
    const byAgent = new Map<string, ToolUseBlock>();
    for (const call of this.calls.values()) {
      if (call.result?.agentId) byAgent.set(call.result.agentId, call);
    }
    const attached = new Set<Item>();
    for (const { item } of this.agents.values()) {
      const call = item.agentId ? byAgent.get(item.agentId) : undefined;
      if (call) {
        call.agent = item.items;
        attached.add(item);
      }
    }
    return this.main.items.filter((i) => !attached.has(i));
  }
}

function walk(items: Item[], visit: (item: Item) => void): void {
  for (const item of items) {
    visit(item);
    if (item.kind === "sidechain") walk(item.items, visit);
    if (item.kind === "assistant") {
      for (const m of item.messages) {
        for (const b of m.blocks) if (b.type === "tool_use" && b.agent) walk(b.agent, visit);
      }
    }
  }
}

function deriveTitle(items: Item[]): string {
  let title = "";
  for (const item of items) {
    if (item.kind === "user" && item.userKind === null) {
      title = textOf(item.message.blocks);
      if (title.trim()) break;
    }
  }
  if (!title) {
    const summary = items.find((i) => i.kind === "summary");
    title = summary?.kind === "summary" ? summary.text : "";
  }
  title = title.replace(/\s+/g, " ").trim();
  if (!title) return "Untitled conversation";
  const chars = Array.from(title);
  return chars.length > TITLE_MAX ? chars.slice(0, TITLE_MAX - 1).join("").trimEnd() + "…" : title;
}

/**
 * Parses a transcript. Never throws on bad input: unreadable lines are counted in `skipped`.
 * @example
 * ```ts
 * const c = parseTranscript('{"type":"user","message":{"role":"user","content":"Hi"}}\nnot json');
 * c.title; // "Hi"
 * c.skipped.malformed; // 1
 * ```
 */
export function parseTranscript(text: string): Conversation {
  const p = new Parser();
  let line = 0;
  for (const raw of text.split("\n")) p.line(raw, ++line);
  const items = p.attachAgents();
  const stats: Stats = {
    lines: p.lines,
    prompts: items.filter((i) => i.kind === "user" && i.userKind === null).length,
    replies: 0,
    toolCalls: 0,
    start: p.start,
    end: p.end,
    models: [],
    usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  };
  walk(items, (item) => {
    if (item.kind !== "assistant") return;
    for (const m of item.messages) {
      if (m.role !== "assistant") continue;
      stats.replies++;
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
  return {
    title: deriveTitle(items),
    sessionId: p.sessionId,
    items,
    stats,
    skipped: { malformed: p.malformed, unknown: p.unknown },
  };
}

/**
 * The text blocks of a message joined: what "copy message" copies.
 * @example
 * ```ts
 * messageText({ uuid: null, role: "user", timestamp: null, model: null, usage: null, line: 1,
 *   blocks: [{ type: "text", text: "Hi" }] }); // "Hi"
 * ```
 */
export function messageText(message: Message): string {
  return textOf(message.blocks);
}
