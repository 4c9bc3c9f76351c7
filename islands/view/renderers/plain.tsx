/**
 * Plain text (`text/plain` named `.txt` or with no extension: a pasted message, notes): shown as
 * prose, wrapped, without line numbers or highlighting. Code is sent with a code type
 * (lib/text_format.ts) or a code file name, and goes to the text renderer instead.
 * @module
 */
import { type FileRenderer, withText } from "../renderer.tsx";
import { TextView } from "../TextView.tsx";

/**
 * The plain-text renderer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plainRenderer } from "./plain.tsx";
 * import type { FileFacts } from "../renderer.tsx";
 * const facts: FileFacts = {
 *   share: "text",
 *   name: "paste.txt",
 *   ext: "txt",
 *   type: "text/plain",
 *   size: 5,
 *   head: new TextEncoder().encode("hello"),
 * };
 * assert(plainRenderer.matches(facts));
 * assert(!plainRenderer.matches({ ...facts, type: "text/x-code" }));
 * ```
 */
export const plainRenderer: FileRenderer = {
  name: "plain",
  matches: ({ type, ext }) => type === "text/plain" && (ext === "txt" || ext === ""),
  View: withText(({ file, text, lazy, header }) => (
    <TextView file={file} text={text} lazy={lazy} header={header} prose />
  )),
};
