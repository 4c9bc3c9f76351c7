/**
 * Browser entry for the conversation view test page: fetches the transcript the test serves and
 * mounts the view with the real highlighter, the way the viewer does with its lazy bundles.
 * @module
 */
import { mountConversation } from "../../islands/conversation/mount.ts";
import { highlightLines } from "../../islands/lazy/highlight.ts";

const root = document.getElementById("root");
if (root) {
  const text = await (await fetch("transcript.jsonl")).text();
  mountConversation(root, {
    text,
    fileName: "session.jsonl",
    loadHighlighter: () => Promise.resolve(highlightLines),
  });
}
