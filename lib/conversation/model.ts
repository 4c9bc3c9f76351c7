/**
 * What a parsed Claude Code transcript is made of: the timeline of prompts, assistant turns, notes
 * and sub-agents that the viewer renders, and the header's numbers. Types only; the parser
 * (./parse.ts) builds them, and docs/CONVERSATIONS.md maps every transcript line and block to
 * them.
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

/** A document (a PDF or a text file) handed to the model; only its description is shown. */
export interface DocumentBlock {
  type: "document";
  /** Title or file name, when recorded. */
  title: string | null;
  /** MIME type ("application/pdf", "text/plain"), when recorded. */
  mediaType: string | null;
  /** The text, for plain-text documents; null for binary ones. */
  text: string | null;
  /** Size in bytes of the embedded data (decoded base64, or the text's UTF-16 length). */
  size: number;
}

/** A web page a search returned. */
export interface Source {
  /** Page title. */
  title: string;
  /** Page address (shown as text, never loaded). */
  url: string;
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
  /** Documents the tool returned (a PDF read, a fetched page). */
  documents: DocumentBlock[];
  /** Tools the result made available (`tool_reference` parts, from a tool search). */
  toolNames: string[];
  /** Pages a server-side web search found. */
  sources: Source[];
  /** When the result was recorded. */
  timestamp: string | null;
  /** Sub-agent id, when the call started a sub-agent (Task tool). */
  agentId: string | null;
  /** Claude Code's own record of the result (`toolUseResult`), e.g. an edit's `structuredPatch`. */
  details: Record<string, unknown> | null;
  /** The person refused the call; what they said about it, when they said something. */
  rejection: { reason: string | null } | null;
  /** System reminders Claude Code appended to the output for the model (taken out of `text`). */
  reminders: string[];
}

/** A tool call made by the assistant, with its result once seen. */
export interface ToolUseBlock {
  type: "tool_use";
  /** Call id (`toolu_…`, `srvtoolu_…`). */
  id: string;
  /** Tool name (Bash, Read, Edit, Task, web_search…). */
  name: string;
  /** Arguments as the model sent them. */
  input: unknown;
  /** Run by the API itself (`server_tool_use`: web search and fetch), not by Claude Code. */
  server: boolean;
  /** The result, or null when the transcript has none (interrupted session). */
  result: ToolResult | null;
  /** The sub-agent conversation this call started, when the transcript holds it. */
  agent: Item[] | null;
}

/**
 * Text Claude Code wrapped in its own tags, shown as what it is rather than as a prompt:
 * - `command`: a slash command (`/model opus`); `command-output`: what a local command printed;
 * - `bash-input` / `bash-output`: the `!` bash mode's command and output;
 * - `task`: a background task's notification; `ide`: the file or selection open in the IDE;
 * - `memory`: a note the person added to memory (`#`); `reminder`: a system reminder for the
 *   model; `interrupt`: the person stopped the reply.
 */
export type NoteKind =
  | "command"
  | "command-output"
  | "bash-input"
  | "bash-output"
  | "task"
  | "ide"
  | "memory"
  | "reminder"
  | "interrupt";

/** One piece of Claude Code's tagged text. */
export interface NoteBlock {
  type: "note";
  /** What it is. */
  note: NoteKind;
  /** Its text without the tags (terminal output may hold ANSI escape codes). */
  text: string;
  /** Error output (stderr, a failed task). */
  error: boolean;
}

/** One piece of a message. */
export type Block =
  | { type: "text"; text: string }
  | { type: "thinking"; text: string; redacted: boolean }
  | ToolUseBlock
  | { type: "tool_result"; result: ToolResult }
  | ImageBlock
  | DocumentBlock
  | NoteBlock;

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
 * What a user item is:
 * - `prompt`: text the person typed (it may carry notes, e.g. the file open in the IDE);
 * - `command`: a slash command, with its arguments when given;
 * - `queued`: a prompt typed while Claude was working, delivered when it reached a pause;
 * - `notes`: only Claude Code's notes (command output, bash mode, task notifications, …);
 * - `meta`: text Claude Code added for the model (a command's expanded prompt, a caveat);
 * - `compact`: the summary that replaced the history after compaction.
 */
export type UserKind = "prompt" | "command" | "queued" | "notes" | "meta" | "compact";

/** A user line as the timeline shows it. */
export interface UserItem {
  kind: "user";
  message: Message;
  userKind: UserKind;
  /** Something the person asked: counted in "prompts", shown in "Chat only", may be the title. */
  prompt: boolean;
}

/** An assistant turn: consecutive assistant messages with the tool results between them. */
export interface AssistantItem {
  kind: "assistant";
  messages: Message[];
  /** How long the turn took, when Claude Code recorded it (`turn_duration`). */
  durationMs: number | null;
}

/** A sub-agent conversation that could not be placed inside the call that started it. */
export interface SidechainItem {
  kind: "sidechain";
  /** The agent's id, when recorded. */
  agentId: string | null;
  items: Item[];
}

/** A line Claude Code wrote about the session itself: compaction, an API error, a notice. */
export interface SystemItem {
  kind: "system";
  /** Claude Code's `subtype` (`compact_boundary`, `api_error`, …), or null. */
  subtype: string | null;
  /** What to show. */
  text: string;
  timestamp: string | null;
  /** "error", "warning", "info", … when recorded. */
  level: string | null;
  /** At a compaction: the sub-agent that wrote the summary, when the transcript holds it. */
  agent: Item[] | null;
}

/** One entry of the timeline. */
export type Item = UserItem | AssistantItem | SidechainItem | SystemItem;

/** Numbers for the header. */
export interface Stats {
  /** Non-blank lines in the transcript. */
  lines: number;
  /** Prompts the person gave in the main conversation (typed, queued, slash commands with arguments). */
  prompts: number;
  /** Assistant messages (all, sub-agents included). */
  replies: number;
  /** Of those, the ones written by sub-agents. */
  agentReplies: number;
  /** Tool calls (all). */
  toolCalls: number;
  /** Earliest timestamp seen. */
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
  /** The title: the session's custom title, else its AI title, else its summary, else the first prompt. */
  title: string;
  /** `sessionId` of the first line that has one. */
  sessionId: string | null;
  /** Timeline. */
  items: Item[];
  /** Counts for the header. */
  stats: Stats;
  /**
   * Lines that could not be used: `malformed` (not JSON, or missing what their type needs; a
   * half-written last line is not counted) and `unknown` (a line type this parser does not know).
   */
  skipped: { malformed: number; unknown: number };
}
