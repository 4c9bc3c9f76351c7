/**
 * Markdown: rendered (sanitised, nothing remote loaded) or as source, with a toggle.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { TextView } from "./TextView.tsx";
import type { DecodedFile } from "./files.ts";
import { lazyBundle, type LazyUrls } from "./lazy.ts";
import type * as Markdown from "../lazy/markdown.ts";

const MARKDOWN = lazyBundle<typeof Markdown>("markdown");

/** Props of {@link MarkdownView}. */
export interface MarkdownViewProps {
  file: DecodedFile;
  text: string;
  lazy: LazyUrls;
  /** False where a list row shows the file's name and Download button (for the source view). */
  header?: boolean;
}

/**
 * Renders a markdown file; the source view is the line-numbered text view.
 * @example
 * ```tsx
 * import { MarkdownView } from "./MarkdownView.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const text = "# Notes\n\n- one";
 * const file: DecodedFile = { name: "notes.md", type: "text/markdown", blob: new Blob([text]) };
 * const urls = { markdown: "/static/build/markdown-1a2b.js" }; // the lazy bundles
 * const view = <MarkdownView file={file} text={text} lazy={urls} />;
 * ```
 */
export function MarkdownView({ file, text, lazy, header = true }: MarkdownViewProps): VNode {
  const [source, setSource] = useState(false);
  const [html, setHtml] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    MARKDOWN.load(lazy).then(
      ({ renderMarkdown }) => live && setHtml(renderMarkdown(text)),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [text]);
  const toggle = (
    <div class="toolbar">
      <button type="button" aria-pressed={!source} onClick={() => setSource(false)}>
        Rendered
      </button>
      <button type="button" aria-pressed={source} onClick={() => setSource(true)}>Source</button>
    </div>
  );
  if (source || failed) {
    return (
      <>
        {toggle}
        {failed && <p class="muted">The markdown renderer could not load; showing the source.</p>}
        <TextView file={file} text={text} lazy={lazy} header={header} />
      </>
    );
  }
  return (
    <>
      {toggle}
      {html === null
        ? <p class="muted">Rendering…</p>
        : <article class="markdown panel" dangerouslySetInnerHTML={{ __html: html }} />}
    </>
  );
}
