/**
 * Conversation shares (one transcript file): drawn by their own lazily loaded bundle
 * (islands/conversation/), mounted into an element this owns; the raw transcript when that bundle
 * cannot load.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type * as Conversation from "../../lazy/conversation.ts";
import { lazyBundle } from "../lazy.ts";
import { type FileRenderer, type TextRendererProps, withText } from "../renderer.tsx";
import { HIGHLIGHT, TextView } from "../TextView.tsx";

const CONVERSATION = lazyBundle<typeof Conversation>("conversation");

function ConversationView({ file, text, lazy, header }: TextRendererProps): VNode {
  const [failed, setFailed] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The conversation bench measures from here (bench/conversation.ts).
    performance.mark("hushlink:conversation-data");
    if (!host.current) return;
    const el = host.current;
    let unmount: (() => void) | null = null;
    let live = true;
    CONVERSATION.load(lazy).then(({ mountConversation }) => {
      if (!live) return;
      unmount = mountConversation(el, {
        text,
        fileName: file.name,
        loadHighlighter: () => HIGHLIGHT.load(lazy).then((m) => m.highlightLines),
      });
    }, () => live && setFailed(true));
    return () => {
      live = false;
      unmount?.();
    };
  }, [text]);
  // The transcript renderer failed to load: the raw transcript is still readable, and the reader
  // is told why it looks so.
  if (failed) {
    return (
      <TextView file={file} text={text} lazy={lazy} header={header} highlight={false}>
        <p class="notice" role="status">
          The conversation view could not be loaded, so this is the raw transcript. Reloading the
          page may bring the view back.
        </p>
      </TextView>
    );
  }
  return <div class="conversation-host" ref={host} />;
}

/**
 * The conversation renderer: it shows the file of a conversation share, whatever its type.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { conversationRenderer } from "./conversation.tsx";
 * import type { FileFacts } from "../renderer.tsx";
 * const facts: FileFacts = {
 *   share: "files",
 *   name: "data.bin",
 *   ext: "bin",
 *   type: "application/octet-stream",
 *   size: 3,
 *   head: new Uint8Array([0, 1, 2]),
 * };
 * assert(conversationRenderer.matches({ ...facts, share: "conversation" }));
 * ```
 */
export const conversationRenderer: FileRenderer = {
  name: "conversation",
  matches: ({ share }) => share === "conversation",
  View: withText(ConversationView),
};
