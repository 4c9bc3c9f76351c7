/**
 * Markdown files (by type or extension): rendered, sanitised, with the source a toggle away.
 * @module
 */
import { FileHeader } from "../FileHeader.tsx";
import { MarkdownView } from "../MarkdownView.tsx";
import { type FileRenderer, withText } from "../renderer.tsx";

/**
 * The markdown renderer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markdownRenderer } from "./markdown.tsx";
 * import type { FileFacts } from "../renderer.tsx";
 * const facts: FileFacts = {
 *   share: "files",
 *   name: "data.bin",
 *   ext: "bin",
 *   type: "application/octet-stream",
 *   size: 3,
 *   head: new Uint8Array([0, 1, 2]),
 * };
 * assert(markdownRenderer.matches({ ...facts, ext: "md" }));
 * ```
 */
export const markdownRenderer: FileRenderer = {
  name: "markdown",
  matches: ({ type, ext }) => type === "text/markdown" || ext === "md" || ext === "markdown",
  View: withText(({ file, text, lazy, header }) => (
    <>
      {header && <FileHeader file={file} />}
      <MarkdownView file={file} text={text} lazy={lazy} header={header} />
    </>
  )),
};
