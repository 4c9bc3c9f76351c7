/**
 * Renders timeline items: prompts, assistant turns (text, thinking, tool calls with their results
 * and sub-agents), Claude Code's notes (slash commands and their output, bash mode, task
 * notifications, IDE context, memory, reminders), and system lines (compaction, API errors).
 * Everything that is not part of the chat carries the class `cv-nochat`, which "Chat only" hides:
 * switching is a class change, so open folds stay open.
 * @module
 */
import type { VNode } from "preact";
import type {
  AssistantItem,
  Block,
  Item,
  NoteBlock,
  SystemItem,
  ToolUseBlock,
  UserItem,
} from "../../lib/conversation/parse.ts";
import { messageText } from "../../lib/conversation/parse.ts";
import { countMessages } from "../../lib/conversation/agents.ts";
import { CopyButton } from "../ui/CopyButton.tsx";
import { stripAnsi } from "./ansi.ts";
import { Fold, InlineImage, Markdown, Plain, Terminal } from "./parts.tsx";
import { formatDuration, formatTime, formatUsage, toolSummary, turnUsage } from "./present.ts";
import { DocumentNote, ResultBody, ToolDetail } from "./tools.tsx";

function Time({ iso }: { iso: string | null }): VNode | null {
  const text = formatTime(iso);
  return text && iso ? <time class="cv-time" dateTime={iso} title={iso}>{text}</time> : null;
}

/** What a call's status says for tools whose output is not the point (it changed a file). */
const DONE_LABEL: Record<string, string> = {
  Edit: "edited",
  MultiEdit: "edited",
  Write: "written",
  TodoWrite: "updated",
};

function resultLabel(call: ToolUseBlock): string {
  const { result } = call;
  const agent = call.agent ? `sub-agent, ${countMessages(call.agent)} messages · ` : "";
  if (!result) return `${agent}no result recorded`;
  if (result.rejection) return "refused by the user";
  if (result.isError) return `${agent}error`;
  if (DONE_LABEL[call.name]) return DONE_LABEL[call.name];
  const lines = result.text ? result.text.split("\n").length : 0;
  const parts = [lines ? `${lines} line${lines === 1 ? "" : "s"}` : ""];
  if (result.images.length) parts.push(`${result.images.length} image(s)`);
  if (result.sources.length) parts.push(`${result.sources.length} source(s)`);
  if (result.documents.length) parts.push(`${result.documents.length} document(s)`);
  if (result.toolNames.length) parts.push(`${result.toolNames.length} tool(s)`);
  return agent + (parts.filter(Boolean).join(", ") || "no output");
}

/**
 * A tool call, closed by default: its name and a one-line summary of its input are visible; the
 * tool's own view of input and result, and any sub-agent conversation, show when opened.
 */
function ToolCall({ call }: { call: ToolUseBlock }): VNode {
  const summary = toolSummary(call.name, call.input);
  const status = call.result?.isError ? " cv-error" : call.result ? "" : " cv-pending";
  const fold = (
    <Fold
      of={call}
      class={`cv-tool cv-nochat${status}`}
      summary={
        <>
          <span class="cv-tool-name">{call.name}</span>
          {summary && <code class="cv-tool-summary">{summary}</code>}
          <span class="cv-tool-status">{resultLabel(call)}</span>
        </>
      }
    >
      {() => <ToolDetail call={call} Items={ItemList} />}
    </Fold>
  );
  const reason = call.result?.rejection?.reason;
  // What the person said when refusing a call is part of the conversation: shown, not folded.
  return reason
    ? (
      <>
        {fold}
        <p class="cv-refusal">
          <span class="cv-label">The user refused {call.name}:</span> {reason}
        </p>
      </>
    )
    : fold;
}

const NOTE_LABEL: Record<NoteBlock["note"], string> = {
  "command": "Command",
  "command-output": "Command output",
  "bash-input": "Shell",
  "bash-output": "Shell output",
  "task": "Background task",
  "ide": "IDE",
  "memory": "Memory",
  "reminder": "System reminder",
  "interrupt": "Interrupted",
};

/** One of Claude Code's notes. */
function NoteView({ note }: { note: NoteBlock }): VNode {
  const error = note.error ? " cv-error" : "";
  switch (note.note) {
    case "command":
      return (
        <p class="cv-note cv-command">
          <span class="cv-label">Command</span> <code>{note.text}</code>
        </p>
      );
    case "command-output":
    case "bash-output":
      return <Terminal class={`cv-note-output${error}`} text={note.text} />;
    case "bash-input":
      return (
        <div class="cv-note cv-bash">
          <span class="cv-label">Shell (! mode)</span>
          <Terminal class="cv-command-line" text={`$ ${note.text}`} />
        </div>
      );
    case "reminder":
      return (
        <Fold class="cv-note cv-reminder" summary="System reminder" of={note}>
          {() => <Plain text={note.text} />}
        </Fold>
      );
    case "interrupt":
      return <p class="cv-note cv-interrupt">Interrupted by the user</p>;
    default:
      return (
        <p class={`cv-note cv-${note.note}${error}`}>
          <span class="cv-label">{NOTE_LABEL[note.note]}</span> {note.text}
        </p>
      );
  }
}

function BlockView({ block }: { block: Block }): VNode {
  switch (block.type) {
    case "text":
      return <Markdown text={block.text} />;
    case "thinking":
      return block.redacted
        ? (
          <p class="cv-thinking cv-nochat muted">
            Thinking (encrypted by the API, not readable)
          </p>
        )
        : (
          <Fold class="cv-thinking cv-nochat" summary="Thinking" of={block}>
            {() => <Plain text={block.text} />}
          </Fold>
        );
    case "tool_use":
      return <ToolCall call={block} />;
    case "tool_result":
      return (
        <Fold
          of={block}
          class="cv-tool cv-orphan cv-nochat"
          summary="Tool result (its call is not in the transcript)"
        >
          {() => <ResultBody result={block.result} />}
        </Fold>
      );
    case "image":
      return <InlineImage image={block} />;
    case "document":
      return <DocumentNote document={block} />;
    case "note":
      return (
        <div class={block.note === "command" ? "" : "cv-nochat"}>
          <NoteView note={block} />
        </div>
      );
  }
}

function AssistantTurn({ item }: { item: AssistantItem }): VNode {
  const { messages } = item;
  const own = messages.filter((m) => m.role === "assistant");
  const models = [
    ...new Set(own.flatMap((m) => (m.model && m.model !== "<synthetic>" ? [m.model] : []))),
  ];
  const usage = turnUsage(own);
  const text = own.map(messageText).filter(Boolean).join("\n\n");
  return (
    <article class={`cv-turn cv-assistant${text ? "" : " cv-nochat"}`}>
      <header class="cv-turn-head">
        <span class="cv-role">Assistant</span>
        {models.map((m) => <span key={m} class="cv-model">{m}</span>)}
        <Time iso={messages[0].timestamp} />
        {item.durationMs !== null && (
          <span class="cv-duration" title="time Claude worked on this turn">
            {formatDuration(item.durationMs)}
          </span>
        )}
        {usage && <span class="cv-usage" title="tokens">{formatUsage(usage)}</span>}
        {text && <CopyButton text={text} label="Copy" />}
      </header>
      {messages.map((m, i) => (
        <div key={i} class="cv-message">
          {m.blocks.map((b, j) => <BlockView key={j} block={b} />)}
        </div>
      ))}
    </article>
  );
}

function UserBlocks({ item }: { item: UserItem }): VNode {
  return (
    <>
      {item.message.blocks.map((b, i) =>
        b.type === "text"
          ? <Plain key={i} text={b.text.trim()} />
          : b.type === "note" && b.note === "command"
          ? (
            <p key={i} class="cv-command-prompt">
              <code>{b.text}</code>
            </p>
          )
          : <BlockView key={i} block={b} />
      )}
    </>
  );
}

function UserTurn({ item }: { item: UserItem }): VNode {
  const text = messageText(item.message);
  return (
    <article class="cv-turn cv-user">
      <header class="cv-turn-head">
        <span class="cv-role">User</span>
        {item.userKind === "queued" && (
          <span class="cv-tag" title="typed while Claude was working">queued</span>
        )}
        <Time iso={item.message.timestamp} />
        {text && <CopyButton text={text} label="Copy" />}
      </header>
      <UserBlocks item={item} />
    </article>
  );
}

function UserView({ item }: { item: UserItem }): VNode {
  if (item.prompt) return <UserTurn item={item} />;
  switch (item.userKind) {
    case "meta":
      return (
        <Fold
          class="cv-note cv-meta cv-nochat"
          summary="Note added by Claude Code for the model"
          of={item}
        >
          {() => <UserBlocks item={item} />}
        </Fold>
      );
    case "compact":
      return (
        <Fold
          of={item}
          class="cv-note cv-compact cv-nochat"
          summary="Summary of the earlier conversation (compacted)"
        >
          {() => <Markdown text={messageText(item.message)} />}
        </Fold>
      );
    default:
      return (
        <div class="cv-notes cv-nochat">
          {item.message.blocks.map((b, i) =>
            b.type === "note" ? <NoteView key={i} note={b} /> : <BlockView key={i} block={b} />
          )}
        </div>
      );
  }
}

const SYSTEM_LABEL: Record<string, string> = {
  compact_boundary: "Compacted",
  microcompact_boundary: "Compacted",
  api_error: "API error",
  away_summary: "Recap",
  informational: "Notice",
};

function SystemView({ item }: { item: SystemItem }): VNode {
  const level = item.level === "error"
    ? " cv-error"
    : item.level === "warning"
    ? " cv-warning"
    : "";
  const label = (item.subtype && SYSTEM_LABEL[item.subtype]) ?? "System";
  const line = (
    <>
      <span class="cv-label">{label}</span> {stripAnsi(item.text)} <Time iso={item.timestamp} />
    </>
  );
  if (item.agent) {
    const agent = item.agent;
    return (
      <Fold class={`cv-note cv-system cv-nochat${level}`} summary={line} of={item}>
        {() => <ItemList items={agent} />}
      </Fold>
    );
  }
  return <p class={`cv-note cv-system cv-nochat${level}`}>{line}</p>;
}

/**
 * One timeline item.
 * @example
 * ```tsx
 * import { parseTranscript } from "../../lib/conversation/parse.ts";
 * <ItemView item={parseTranscript('{"type":"user","message":{"content":"Hi"}}\n').items[0]} />;
 * ```
 */
export function ItemView({ item }: { item: Item }): VNode {
  switch (item.kind) {
    case "user":
      return <UserView item={item} />;
    case "assistant":
      return <AssistantTurn item={item} />;
    case "sidechain":
      return (
        <Fold
          of={item}
          class="cv-sidechain cv-nochat"
          summary={`${
            item.agentId?.startsWith("aside_question") ? "Side question (/btw)" : "Sub-agent"
          } · ${countMessages(item.items)} messages`}
        >
          {() => <ItemList items={item.items} />}
        </Fold>
      );
    case "system":
      return <SystemView item={item} />;
  }
}

/**
 * A list of items rendered at once (used inside folds; the top level renders in batches).
 * @example
 * ```tsx
 * import { parseTranscript } from "../../lib/conversation/parse.ts";
 * <ItemList items={parseTranscript('{"type":"user","message":{"content":"Hi"}}\n').items} />;
 * ```
 */
export function ItemList({ items }: { items: Item[] }): VNode {
  return <div class="cv-items">{items.map((item, i) => <ItemView key={i} item={item} />)}</div>;
}
