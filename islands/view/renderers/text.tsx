/**
 * Text and code: by type, by an extension with a highlighting language, or, for an unknown type,
 * by bytes that read as UTF-8. Line numbers, with highlight.js loaded lazily (../TextView.tsx).
 * @module
 */
import { languageFor } from "../files.ts";
import { type FileFacts, type FileRenderer, withText } from "../renderer.tsx";
import { TextView } from "../TextView.tsx";

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-sh|x-yaml|toml|sql)\b)/;
/** Unknown-type files up to this size are sniffed for text; larger ones are download only. */
const MAX_SNIFF = 8 * 1024 * 1024;

/** True when the first bytes look like UTF-8 text (no NUL, decode cleanly). */
function looksLikeText({ size, head }: FileFacts): boolean {
  // No bytes to look at (not arrived yet, see entryFacts) is no sign of text.
  if (size > MAX_SNIFF || (head.length === 0 && size > 0) || head.includes(0)) return false;
  try {
    // A multi-byte character may be cut at the end of the sample: `stream` tolerates that.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The text renderer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textRenderer } from "./text.tsx";
 * import type { FileFacts } from "../renderer.tsx";
 * const facts: FileFacts = {
 *   share: "files",
 *   name: "data.bin",
 *   ext: "bin",
 *   type: "application/octet-stream",
 *   size: 3,
 *   head: new Uint8Array([0, 1, 2]),
 * };
 * assert(textRenderer.matches({ ...facts, name: "main.rs" }));
 * ```
 */
export const textRenderer: FileRenderer = {
  name: "text",
  matches: (facts) =>
    TEXT_TYPES.test(facts.type) || languageFor(facts.name) !== null || looksLikeText(facts),
  View: withText(({ file, text, lazy, header }) => (
    <TextView file={file} text={text} lazy={lazy} header={header} />
  )),
};
