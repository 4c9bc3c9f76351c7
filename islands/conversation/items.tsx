/**
 * Renders timeline items: prompts, assistant turns (text, thinking, tool calls with their results
 * and sub-agents), notes (commands, compaction, interruptions, system lines) and summaries.
 * @module
 */
import type { VNode } from "preact";
import type {
  Block,
  Item,
  Message,
  ToolResult,
  ToolUseBlock,
} from "../../lib/conversation/parse.ts";
import { messageText } from "../../lib/conversation/parse.ts";
import { CopyButton } from "../ui/CopyButton.tsx";
import { Fold, InlineImage, Markdown, Plain } from "./parts.tsx";
import { commandText, formatTime, formatUsage, toolSummary, turnUsage } from "./present.ts";

function Time({ iso }: { iso: string | null }): VNode | null {
  const text = formatTime(iso);
  return text && iso ? <time class="cv-time" dateTime={iso} title={iso}>{text}</time> : null;
}

function countItems(items: Item[]): number {
  return items.reduce(
    (n, i) => n + (i.kind === "assistant" ? i.messages.length : i.kind === "user" ? 1 : 0),
    0,
  );
}

function ResultBody({ result }: { result: ToolResult }): VNode {
  return (
    <>
      {result.text && <pre class="cv-pre cv-result-text">{result.text}</pre>}
      {result.images.map((image, i) => <InlineImage key={i} image={image} />)}
      {!result.text && !result.images.length && <p class="muted">(no output)</p>}
    </>
  );
}

function resultLabel(call: ToolUseBlock): string {
  const { result } = call;
  const agent = call.agent ? `sub-agent, ${countItems(call.agent)} messages · ` : "";
  if (!result) return `${agent}no result recorded`;
  if (result.isError) return `${agent}error`;
  const lines = result.text ? result.text.split("\n").length : 0;
  const parts = [lines ? `${lines} line${lines === 1 ? "" : "s"}` : ""];
  if (result.images.length) parts.push(`${result.images.length} image(s)`);
  return agent + (parts.filter(Boolean).join(", ") || "no output");
}

/**
 * A tool call, closed by default: its name and a one-line summary of its input are visible; the
 * full input, the result and any sub-agent conversation show when opened.
 */
function ToolCall({ call }: { call: ToolUseBlock }): VNode {
  const summary = toolSummary(call.input);
  const status = call.result?.isError ? " cv-error" : call.result ? "" : " cv-pending";
  return (
    <Fold
      class={`cv-tool${status}`}
      summary={
        <>
          <span class="cv-tool-name">{call.name}</span>
          {summary && <code class="cv-tool-summary">{summary}</code>}
          <span class="cv-tool-status">{resultLabel(call)}</span>
        </>
      }
    >
      {() => (
        <>
          <p class="cv-label">Input</p>
          <pre class="cv-pre cv-tool-input">{JSON.stringify(call.input, null, 2)}</pre>
          {call.agent && (
            <Fold
              class="cv-sidechain"
              summary={`Sub-agent conversation · ${countItems(call.agent)} messages`}
            >
              {() => <ItemList items={call.agent ?? []} />}
            </Fold>
          )}
          {call.result && (
            <>
              <p class="cv-label">{call.result.isError ? "Error" : "Result"}</p>
              <ResultBody result={call.result} />
            </>
          )}
        </>
      )}
    </Fold>
  );
}

function BlockView({ block }: { block: Block }): VNode {
  switch (block.type) {
    case "text":
      return <Markdown text={block.text} />;
    case "thinking":
      return <Fold class="cv-thinking" summary="Thinking">{() => <Plain text={block.text} />}
      </Fold>;
    case "tool_use":
      return <ToolCall call={block} />;
    case "tool_result":
      return (
        <Fold class="cv-tool cv-orphan" summary="Tool result (its call is not in the transcript)">
          {() => <ResultBody result={block.result} />}
        </Fold>
      );
    case "image":
      return <InlineImage image={block} />;
  }
}

function AssistantTurn({ messages }: { messages: Message[] }): VNode {
  const own = messages.filter((m) => m.role === "assistant");
  const models = [
    ...new Set(own.flatMap((m) => (m.model && m.model !== "<synthetic>" ? [m.model] : []))),
  ];
  const usage = turnUsage(own);
  const text = own.map(messageText).filter(Boolean).join("\n\n");
  return (
    <article class="cv-turn cv-assistant">
      <header class="cv-turn-head">
        <span class="cv-role">Assistant</span>
        {models.map((m) => <span key={m} class="cv-model">{m}</span>)}
        <Time iso={messages[0].timestamp} />
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

function UserItem({ item }: { item: Item & { kind: "user" } }): VNode {
  const { message, userKind } = item;
  const text = messageText(message);
  switch (userKind) {
    case "command":
      return (
        <div class="cv-note cv-command">
          <span class="cv-label">Command</span>
          <pre class="cv-pre">{commandText(text)}</pre>
        </div>
      );
    case "meta":
      return (
        <Fold class="cv-note cv-meta" summary="Note added by Claude Code">
          {() => <Plain text={text} />}
        </Fold>
      );
    case "compact":
      return (
        <Fold class="cv-note cv-compact" summary="Summary of the earlier conversation (compacted)">
          {() => <Markdown text={text} />}
        </Fold>
      );
    case "interrupt":
      return <p class="cv-note cv-interrupt">Interrupted by the user</p>;
    default:
      return (
        <article class="cv-turn cv-user">
          <header class="cv-turn-head">
            <span class="cv-role">User</span>
            <Time iso={message.timestamp} />
            {text && <CopyButton text={text} label="Copy" />}
          </header>
          {message.blocks.map((b, i) =>
            b.type === "image"
              ? <InlineImage key={i} image={b} />
              : b.type === "text"
              ? <Plain key={i} text={b.text.trim()} />
              : <BlockView key={i} block={b} />
          )}
        </article>
      );
  }
}

/**
 * One timeline item.
 * @example
 * ```tsx
 * <ItemView item={conversation.items[0]} />
 * ```
 */
export function ItemView({ item }: { item: Item }): VNode {
  switch (item.kind) {
    case "user":
      return <UserItem item={item} />;
    case "assistant":
      return <AssistantTurn messages={item.messages} />;
    case "sidechain":
      return (
        <Fold class="cv-sidechain" summary={`Sub-agent · ${countItems(item.items)} messages`}>
          {() => <ItemList items={item.items} />}
        </Fold>
      );
    case "summary":
      return (
        <p class="cv-note cv-summary">
          <span class="cv-label">Summary</span> {item.text}
        </p>
      );
    case "system":
      return (
        <p class={`cv-note cv-system${item.level === "error" ? " cv-error" : ""}`}>
          <span class="cv-label">System</span> {item.text} <Time iso={item.timestamp} />
        </p>
      );
  }
}

/**
 * A list of items rendered at once (used inside folds; the top level renders in batches).
 * @example
 * ```tsx
 * <ItemList items={call.agent} />
 * ```
 */
export function ItemList({ items }: { items: Item[] }): VNode {
  return <div class="cv-items">{items.map((item, i) => <ItemView key={i} item={item} />)}</div>;
}
