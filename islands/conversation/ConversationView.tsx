/**
 * The conversation view: a Claude Code transcript shown the way people read one. A header with
 * the derived title, size and dates; a "chat only" / "everything" switch; the download of the raw
 * transcript; then the turns, rendered in batches as the reader scrolls so that sessions of
 * thousands of lines open at once. Client-side only; styled by static/conversation.css (classes
 * only: the page's CSP forbids inline styles).
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { parseTranscript } from "../../lib/conversation/parse.ts";
import { saveBlob } from "../view/files.ts";
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

/** Items rendered per batch: enough to fill a screen several times over. */
const BATCH = 40;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/**
 * Renders a transcript.
 * @example
 * ```tsx
 * <ConversationView text={jsonl} fileName="5b0c7e1a.jsonl"
 *   loadHighlighter={() => loadHighlight(urls).then((m) => m.highlightLines)} />
 * ```
 */
export function ConversationView(
  { text, fileName = "conversation.jsonl", loadHighlighter }: ConversationViewProps,
): VNode {
  const conversation = useMemo(() => parseTranscript(text), [text]);
  // "Chat only" hides what is not chat with a class: the items stay mounted, folds stay open.
  const [chat, setChat] = useState(false);
  const items = conversation.items;
  const [limit, setLimit] = useState(BATCH);
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || limit >= items.length || typeof IntersectionObserver === "undefined") return;
    // Re-created after each batch: it reports at once if the sentinel is still near the viewport,
    // so batches keep coming until the screen (plus a margin) is full.
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setLimit((l) => l + BATCH);
    }, { rootMargin: "1500px 0px" });
    observer.observe(el);
    return () => observer.disconnect();
  }, [items, limit]);

  const { stats, skipped, title } = conversation;
  const context = useMemo(() => ({ loadHighlighter: loadHighlighter ?? null }), [loadHighlighter]);
  const totalTokens = stats.usage.input + stats.usage.output + stats.usage.cacheRead +
    stats.usage.cacheWrite;
  const left = items.length - limit;

  return (
    <ViewContext.Provider value={context}>
      <section class={chat ? "cv cv-chat-only" : "cv"} aria-label="Conversation">
        <header class="cv-header">
          <h2 class="cv-title">{title}</h2>
          <p class="cv-meta">
            <span>{plural(stats.prompts, "prompt")}</span>
            <span>{plural(stats.replies, "reply", "replies")}</span>
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
          <div class="toolbar cv-toolbar">
            <span role="group" aria-label="Show" class="cv-modes">
              <button type="button" aria-pressed={chat} onClick={() => setChat(true)}>
                Chat only
              </button>
              <button type="button" aria-pressed={!chat} onClick={() => setChat(false)}>
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
        </header>
        {items.length === 0 && <p class="muted">This transcript holds no messages.</p>}
        <div class="cv-items">
          {items.slice(0, limit).map((item, i) => <ItemView key={i} item={item} />)}
        </div>
        {left > 0 && (
          <div ref={sentinel} class="cv-more">
            <button type="button" onClick={() => setLimit((l) => l + BATCH)}>
              Show more ({plural(left, "item")} left)
            </button>
          </div>
        )}
      </section>
    </ViewContext.Provider>
  );
}
