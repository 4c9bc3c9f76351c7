/**
 * Entry point of the conversation renderer as a lazily loaded bundle: the viewer imports it only
 * for shares of kind "conversation" and mounts the view into an element it owns. The bundle
 * carries its own copy of Preact, so the view is rendered here rather than returned as a vnode.
 * @module
 */
import { h, render } from "preact";
import { ConversationView, type ConversationViewProps } from "./ConversationView.tsx";

export type { ConversationViewProps } from "./ConversationView.tsx";
export type { Highlighter, LoadHighlighter } from "./parts.tsx";

/**
 * Renders the conversation view into `el` (calling it again updates the props); returns a
 * function that unmounts it.
 * @example
 * ```ts
 * import { mountConversation } from "./mount.ts";
 * if (typeof document !== "undefined") {
 *   const unmount = mountConversation(document.body, { text: '{"type":"user","message":{"content":"Hi"}}\n', fileName: "s.jsonl" });
 *   unmount();
 * }
 * ```
 */
export function mountConversation(el: Element, props: ConversationViewProps): () => void {
  render(h(ConversationView, props), el);
  return () => render(null, el);
}
