/**
 * The conversation view: a Claude Code transcript shown the way people read one. A header with
 * the derived title, size and dates; a "chat only" / "everything" switch; the download of the raw
 * transcript; jumps to either end of a long session; then the turns, rendered in batches as the
 * reader scrolls so that sessions of thousands of lines open at once. Client-side only; styled by
 * static/conversation.css (classes only: the page's CSP forbids inline styles).
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
import { itemPlace, type ReadingPlace, readingPlace, restorePlace } from "./anchor.ts";
import { ItemView } from "./items.tsx";
import { type LoadHighlighter, ViewContext } from "./parts.tsx";
import { Header } from "./Header.tsx";
import { plural } from "./present.ts";
import {
  batchEnd,
  batchStarts,
  dropFarAbove,
  dropFarBelow,
  FIRST_BATCH,
  type ItemRange,
  withNext,
  withPrevious,
} from "./window.ts";

/** Props of {@link ConversationView}. */
export interface ConversationViewProps {
  /** The transcript (JSON Lines), already decrypted and decompressed. */
  text: string;
  /** File name for "Download transcript" (default "conversation.jsonl"). */
  fileName?: string;
  /** Loads the syntax highlighter; without it code blocks stay plain. */
  loadHighlighter?: LoadHighlighter;
}

/** Items rendered above the one being read when switching views. */
const CONTEXT_ABOVE = 2;

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
          <div key={keyOf(item)} class="cv-item" data-i={position.get(item)}>
            <ItemView item={item} />
          </div>
        ))}
      </>
    );
  }
}

const keys = new WeakMap<Item, number>();
let lastKey = 0;

/**
 * A key that stays with an item wherever it is in the list (a sub-agent that could not be placed
 * under a call joins the list only once all is read, moving the items after it).
 */
function keyOf(item: Item): number {
  let key = keys.get(item);
  if (key === undefined) keys.set(item, key = ++lastKey);
  return key;
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
  const [reading, setReading] = useState<Reading>(NOTHING_READ);
  useEffect(() => {
    // Read in slices: a session of tens of megabytes must not freeze the page while it parses,
    // and its first turns show as soon as they are read.
    let live = true;
    setReading(NOTHING_READ);
    // Each update is rendered in a task of its own: rendering turns at the end of the slice of
    // reading that found them would make one long task of both.
    const inOwnTask = (update: (r: Reading) => Reading) =>
      setTimeout(() => live && setReading(update), 0);
    parseTranscriptAsync(text, {
      // Items read so far until they fill the first batch; then that list stays until the end
      // (each new list would render the batch again).
      onProgress: ({ done, items }) =>
        inOwnTask((r) =>
          r.conversation ? r : {
            done,
            items: r.items.length < FIRST_BATCH ? items() : r.items,
            conversation: null,
          }
        ),
    }).then((c) => inOwnTask(() => ({ done: 1, items: c.items, conversation: c })));
    return () => {
      live = false;
    };
  }, [text]);
  if (!reading.conversation && reading.items.length === 0) {
    return (
      <p class="muted cv-reading" role="status">
        Reading the conversation… {Math.round(reading.done * 100)}%
      </p>
    );
  }
  return <Transcript {...props} reading={reading} />;
}

/** How far the transcript has been read. */
interface Reading {
  /** The share of its lines read, from 0 to 1. */
  done: number;
  /** The timeline: the first items read while reading, then the conversation's. */
  items: Item[];
  /** The whole conversation, once read. */
  conversation: Conversation | null;
}

const NOTHING_READ: Reading = { done: 0, items: [], conversation: null };

/**
 * The view of a transcript: of its first items while the rest is being read (the header then
 * says how far reading is, and the switch and further batches wait), then of all of it. The
 * items are the same objects in both, so the first batch stays on the page as it was.
 */
function Transcript(
  { text, fileName = "conversation.jsonl", loadHighlighter, reading }:
    & ConversationViewProps
    & { reading: Reading },
): VNode {
  const { items, conversation } = reading;
  const position = useMemo(() => new Map(items.map((item, i) => [item, i])), [items]);
  const chatItems = useMemo(() => items.filter(isChat), [items]);
  // The rendered window of the current list. "Chat only" renders its own list (and hides the
  // non-chat parts of turns with a class); switching renders the other list from the item the
  // reader was looking at, so that it costs one batch, not the whole session.
  const [chat, setChat] = useState(false);
  const list = chat ? chatItems : items;
  const [range, setRange] = useState<ItemRange>({ start: 0, end: FIRST_BATCH });
  const place = useRef<ReadingPlace | null>(null);
  /** Where to scroll once the window rendered after a jump is on the page. */
  const jumped = useRef<"start" | "end" | null>(null);
  const itemsEl = useRef<HTMLDivElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const bottom = useRef<HTMLDivElement>(null);
  /** Below the sticky toolbar: where the screen's content starts. */
  const edge = () => toolbar.current?.getBoundingClientRect().bottom ?? 0;
  /** Notes the first item on screen, to put it back once what is above it has changed. */
  const keepItem = () => place.current = itemPlace(itemsEl.current, edge());
  // A batch more below as the reader nears the end of what is rendered, and the batches far above
  // the screen dropped; the other way round when nearing the start.
  const later = () => {
    const rendered = itemsEl.current?.children;
    const kept = rendered ? dropFarAbove(rendered, range) : range;
    if (kept.start !== range.start) keepItem();
    setRange(withNext(kept));
  };
  const earlier = () => {
    const rendered = itemsEl.current?.children;
    keepItem();
    setRange(withPrevious(rendered ? dropFarBelow(rendered, range) : range));
  };
  useNear(bottom, later, [list, range]);
  useNear(top, earlier, [list, range]);
  // Once read, the header above the turns grows: a reader who has scrolled keeps the turn on
  // screen in place (noted now, before the page changes; at the very top the page grows
  // downwards, as browsers have it).
  const wasRead = useRef(conversation !== null);
  if (conversation && !wasRead.current && scrollY > 0) keepItem();
  wasRead.current = conversation !== null;
  // Before the browser paints: the reader never sees the other list, or the window after items
  // above were added or dropped, at the wrong place (browsers' own scroll anchoring does this for
  // the latter, but not every browser has it).
  useLayoutEffect(() => {
    if (jumped.current === "end") scrollTo(0, document.documentElement.scrollHeight);
    else if (jumped.current === "start") scrollTo(0, 0);
    else if (place.current) restorePlace(itemsEl.current, place.current);
    jumped.current = null;
    place.current = null;
  }, [chat, range, conversation]);
  // Straight to either end of a long session: scrolling there would render every batch between.
  const jump = (to: "start" | "end") => {
    jumped.current = to;
    setRange(
      to === "start"
        ? { start: 0, end: FIRST_BATCH }
        : { start: Math.max(0, list.length - FIRST_BATCH), end: list.length },
    );
  };
  const show = (toChat: boolean) => {
    if (toChat === chat) return;
    const next = toChat ? chatItems : items;
    place.current = readingPlace(itemsEl.current, edge());
    const anchor = place.current?.item ?? 0;
    // The first item of the other list at or after the one at the top of the screen.
    let i = next.findIndex((item) => (position.get(item) ?? 0) >= anchor);
    if (i < 0) i = next.length;
    // From a couple of items before it: what is partly visible above the text stays on screen.
    const start = Math.max(0, Math.min(i - CONTEXT_ABOVE, next.length - FIRST_BATCH));
    setChat(toChat);
    setRange({ start, end: start + FIRST_BATCH });
  };

  const context = useMemo(() => ({ loadHighlighter: loadHighlighter ?? null }), [loadHighlighter]);
  const end = Math.min(range.end, list.length);
  // Unknown until the whole transcript is read.
  const left = conversation ? list.length - end : 0;

  return (
    <ViewContext.Provider value={context}>
      <section class={chat ? "cv cv-chat-only" : "cv"} aria-label="Conversation">
        <Header conversation={conversation} done={reading.done} />
        {/* Sticky: the switch stays at hand however far the reader has scrolled. */}
        <div class="toolbar cv-toolbar" ref={toolbar}>
          <span role="group" aria-label="Show" class="cv-modes">
            <button
              type="button"
              aria-pressed={chat}
              disabled={!conversation}
              onClick={() => show(true)}
            >
              Chat only
            </button>
            <button
              type="button"
              aria-pressed={!chat}
              disabled={!conversation}
              onClick={() => show(false)}
            >
              Everything
            </button>
          </span>
          {/* The words in .cv-wide give way on a phone, where the toolbar must stay one row. */}
          <button
            type="button"
            onClick={() => saveBlob(new Blob([text], { type: "application/x-ndjson" }), fileName)}
          >
            Download <span class="cv-wide">transcript</span>
          </button>
          {range.start > 0 && (
            <button
              type="button"
              aria-label="Jump to the start"
              title="Jump to the start"
              onClick={() => jump("start")}
            >
              ↑ <span class="cv-wide">Start</span>
            </button>
          )}
          {left > 0 && (
            <button
              type="button"
              aria-label="Jump to the end"
              title="Jump to the end"
              onClick={() => jump("end")}
            >
              ↓ <span class="cv-wide">End</span>
            </button>
          )}
        </div>
        {conversation && items.length === 0 && (
          <p class="muted">This transcript holds no messages.</p>
        )}
        {range.start > 0 && (
          <div ref={top} class="cv-more">
            <button type="button" onClick={earlier}>
              Show earlier ({plural(range.start, "item")})
            </button>
          </div>
        )}
        <div class="cv-items" ref={itemsEl}>
          {batchStarts({ start: range.start, end }).map((start) => (
            <Batch
              key={`${chat}:${batchEnd(start)}`}
              list={list}
              start={start}
              end={Math.min(end, batchEnd(start))}
              position={position}
            />
          ))}
        </div>
        {/* The header says it too, but a reader who scrolled to here would think this the end. */}
        {!conversation && (
          <p class="muted cv-reading">
            Reading the rest of the conversation… {Math.round(reading.done * 100)}%
          </p>
        )}
        {left > 0 && (
          <div ref={bottom} class="cv-more">
            <button type="button" onClick={later}>
              Show more ({plural(left, "item")} left)
            </button>
          </div>
        )}
      </section>
    </ViewContext.Provider>
  );
}
