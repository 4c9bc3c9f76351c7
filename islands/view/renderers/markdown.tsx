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
 * markdownRenderer.matches({ ...facts, ext: "md" }); // true
 * ```
 */
export const markdownRenderer: FileRenderer = {
  name: "markdown",
  matches: ({ type, ext }) => type === "text/markdown" || ext === "md" || ext === "markdown",
  View: withText(({ file, text, lazy }) => (
    <>
      <FileHeader file={file} />
      <MarkdownView file={file} text={text} lazy={lazy} />
    </>
  )),
};
