/**
 * The conversation view: a Claude Code transcript shown the way people read one. A header with
 * the derived title, size and dates; a "chat only" / "everything" switch; the download of the raw
 * transcript; then the turns, rendered in batches as the reader scrolls so that sessions of
 * thousands of lines open at once. Client-side only; styled by static/conversation.css (classes
 * only: the page's CSP forbids inline styles).
 * @module
 */
import { Component, type VNode } from "preact";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  type Conversation,
  type Item,
  parseTranscriptAsync,
} from "../../lib/conversation/parse.ts";
import { saveBlob } from "../ui/save.ts";
import { type ReadingPlace, readingPlace, restorePlace } from "./anchor.ts";
import { ItemView } from "./items.tsx";
import { type LoadHighlighter, ViewContext } from "./parts.tsx";
import { formatSpan, formatTokens } from "./present.ts";

/** Props of {@link ConversationView}. */
export interface ConversationViewProps {
  /** The transcript (JSON Lines), already decrypted and decompressed. */
  text: string;
  /** File name for "Download transcript" (default "conversation.jsonl"). */
  fileName?: string;
  /** Loads the syntax highlighter; without it code blocks stay plain. */
  loadHighlighter?: LoadHighlighter;
}

/** Items rendered at first: enough to fill a screen, few enough to show at once. */
const FIRST_BATCH = 12;
/** Items rendered above the one being read when switching views. */
const CONTEXT_ABOVE = 2;
/** Items rendered per later batch, one batch per task as the reader scrolls. */
const BATCH = 20;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** Where each rendered batch starts, from `start` to `end`, one every {@link BATCH} items. */
function batchStarts(start: number, end: number): number[] {
  const starts: number[] = [];
  for (let at = start; at < end; at += BATCH) starts.push(at);
  return starts;
}

/** Props of {@link Batch}. */
interface BatchProps {
  list: Item[];
  start: number;
  end: number;
  /** Each item's place in the whole timeline (written on it, to find it again after a switch). */
  position: Map<Item, number>;
}

/**
 * One batch of items. It re-renders only when its own range changes: adding a batch leaves the
 * hundreds of items already on the page alone.
 */
class Batch extends Component<BatchProps> {
  override shouldComponentUpdate(next: BatchProps): boolean {
    const { list, start, end } = this.props;
    return next.list !== list || next.start !== start || next.end !== end;
  }
  override render(): VNode {
    const { list, start, end, position } = this.props;
    return (
      <>
        {list.slice(start, end).map((item) => (
          <div key={position.get(item)} class="cv-item" data-i={position.get(item)}>
            <ItemView item={item} />
          </div>
        ))}
      </>
    );
  }
}

/** What "Chat only" keeps: prompts, and assistant turns with text. */
function isChat(item: Item): boolean {
  if (item.kind === "user") return item.prompt;
  return item.kind === "assistant" &&
    item.messages.some((m) => m.role === "assistant" && m.blocks.some((b) => b.type === "text"));
}

/** Calls `onVisible` whenever `el` comes within a screen and a half of the viewport. */
function useNear(
  ref: { current: HTMLElement | null },
  onVisible: () => void,
  deps: unknown[],
): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    // Re-created after each batch: it reports at once if the sentinel is still near the viewport,
    // so batches keep coming until the screen (plus a margin) is full.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onVisible();
    }, { rootMargin: "1500px 0px" });
    observer.observe(el);
    return () => observer.disconnect();
  }, deps);
}

/**
 * Renders a transcript.
 * @example
 * ```tsx
 * import { ConversationView } from "./ConversationView.tsx";
 * <ConversationView text={'{"type":"user","message":{"content":"Hi"}}\n'} fileName="5b0c7e1a.jsonl" />;
 * ```
 */
export function ConversationView(props: ConversationViewProps): VNode {
  const { text } = props;
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [read, setRead] = useState(0);
  useEffect(() => {
    // Read in slices: a session of tens of megabytes must not freeze the page while it parses.
    let live = true;
    setConversation(null);
    parseTranscriptAsync(text, { onProgress: (done) => live && setRead(done) })
      .then((c) => live && setConversation(c));
    return () => {
      live = false;
    };
  }, [text]);
  if (!conversation) {
    return (
      <p class="muted cv-reading" role="status">
        Reading the conversation… {Math.round(read * 100)}%
      </p>
    );
  }
  return <Transcript {...props} conversation={conversation} />;
}

/** The view of a parsed transcript. */
function Transcript(
  { text, fileName = "conversation.jsonl", loadHighlighter, conversation }:
    & ConversationViewProps
    & { conversation: Conversation },
): VNode {
  const items = conversation.items;
  const position = useMemo(() => new Map(items.map((item, i) => [item, i])), [items]);
  const chatItems = useMemo(() => items.filter(isChat), [items]);
  // The rendered window of the current list. "Chat only" renders its own list (and hides the
  // non-chat parts of turns with a class); switching renders the other list from the item the
  // reader was looking at, so that it costs one batch, not the whole session.
  const [chat, setChat] = useState(false);
  const list = chat ? chatItems : items;
  const [range, setRange] = useState({ start: 0, end: FIRST_BATCH });
  const place = useRef<ReadingPlace | null>(null);
  const itemsEl = useRef<HTMLDivElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  useNear(bottom, () => setRange((r) => ({ ...r, end: r.end + BATCH })), [list, range]);
  useNear(top, () => setRange((r) => ({ ...r, start: Math.max(0, r.start - BATCH) })), [
    list,
    range,
  ]);
  // Before the browser paints: the reader never sees the other list at the wrong place.
  useLayoutEffect(() => {
    if (place.current) restorePlace(itemsEl.current, place.current);
    place.current = null;
  }, [chat]);
  const show = (toChat: boolean) => {
    if (toChat === chat) return;
    const next = toChat ? chatItems : items;
    place.current = readingPlace(
      itemsEl.current,
      toolbar.current?.getBoundingClientRect().bottom ?? 0,
    );
    const anchor = place.current?.item ?? 0;
    // The first item of the other list at or after the one at the top of the screen.
    let i = next.findIndex((item) => (position.get(item) ?? 0) >= anchor);
    if (i < 0) i = next.length;
    // From a couple of items before it: what is partly visible above the text stays on screen.
    const start = Math.max(0, Math.min(i - CONTEXT_ABOVE, next.length - FIRST_BATCH));
    setChat(toChat);
    setRange({ start, end: start + FIRST_BATCH });
  };

  const { stats, skipped, title } = conversation;
  const context = useMemo(() => ({ loadHighlighter: loadHighlighter ?? null }), [loadHighlighter]);
  const totalTokens = stats.usage.input + stats.usage.output + stats.usage.cacheRead +
    stats.usage.cacheWrite;
  const end = Math.min(range.end, list.length);
  const left = list.length - end;

  return (
    <ViewContext.Provider value={context}>
      <section class={chat ? "cv cv-chat-only" : "cv"} aria-label="Conversation">
        <header class="cv-header">
          <h2 class="cv-title">{title}</h2>
          <p class="cv-meta">
            <span>{plural(stats.prompts, "prompt")}</span>
            <span>
              {plural(stats.replies, "reply", "replies")}
              {stats.agentReplies > 0 &&
                ` (${stats.agentReplies.toLocaleString("en")} by sub-agents)`}
            </span>
            <span>{plural(stats.toolCalls, "tool call")}</span>
            <span>{plural(stats.lines, "line")}</span>
            {stats.start && (
              <time dateTime={stats.start} title={`${stats.start} – ${stats.end}`}>
                {formatSpan(stats.start, stats.end)}
              </time>
            )}
          </p>
          {(stats.models.length > 0 || totalTokens > 0) && (
            <p class="cv-meta">
              {stats.models.map((m) => <span key={m} class="cv-model">{m}</span>)}
              {totalTokens > 0 && <span>{formatTokens(totalTokens)} tokens</span>}
            </p>
          )}
          {skipped.malformed > 0 && (
            <p class="cv-skipped" role="status">
              {plural(skipped.malformed, "line")} could not be read and{" "}
              {skipped.malformed === 1 ? "was" : "were"} skipped.
            </p>
          )}
          {skipped.unknown > 0 && (
            <p class="cv-unknown muted">
              {plural(skipped.unknown, "line")} of a kind this viewer does not know{" "}
              {skipped.unknown === 1 ? "is" : "are"} not shown.
            </p>
          )}
        </header>
        {/* Sticky: the switch stays at hand however far the reader has scrolled. */}
        <div class="toolbar cv-toolbar" ref={toolbar}>
          <span role="group" aria-label="Show" class="cv-modes">
            <button type="button" aria-pressed={chat} onClick={() => show(true)}>
              Chat only
            </button>
            <button type="button" aria-pressed={!chat} onClick={() => show(false)}>
              Everything
            </button>
          </span>
          <button
            type="button"
            onClick={() => saveBlob(new Blob([text], { type: "application/x-ndjson" }), fileName)}
          >
            Download transcript
          </button>
        </div>
        {items.length === 0 && <p class="muted">This transcript holds no messages.</p>}
        {range.start > 0 && (
          <div ref={top} class="cv-more">
            <button
              type="button"
              onClick={() => setRange((r) => ({ ...r, start: Math.max(0, r.start - BATCH) }))}
            >
              Show earlier ({plural(range.start, "item")})
            </button>
          </div>
        )}
        <div class="cv-items" ref={itemsEl}>
          {batchStarts(range.start, end).map((start) => (
            <Batch
              key={`${chat}:${start}`}
              list={list}
              start={start}
              end={Math.min(end, start + BATCH)}
              position={position}
            />
          ))}
        </div>
        {left > 0 && (
          <div ref={bottom} class="cv-more">
            <button type="button" onClick={() => setRange((r) => ({ ...r, end: r.end + BATCH }))}>
              Show more ({plural(left, "item")} left)
            </button>
          </div>
        )}
      </section>
    </ViewContext.Provider>
  );
}
