/**
 * Text and code: copy and download, and either prose (plain text: wrapped, no line numbers) or
 * code (line numbers, a wrap toggle). Code is shown at once as plain lines; the highlighter bundle
 * loads afterwards and upgrades the lines when it recognises the language.
 * @module
 */
import type { ComponentChildren, VNode } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { formatBytes } from "../../lib/format.ts";
import { CopyButton } from "../ui/CopyButton.tsx";
import { saveBlob } from "../ui/save.ts";
import { type DecodedFile, languageFor, MAX_HIGHLIGHT_CHARS } from "./files.ts";
import { lazyBundle, type LazyUrls } from "./lazy.ts";
import type * as Highlight from "../lazy/highlight.ts";

/**
 * The syntax highlighter bundle (islands/lazy/highlight.ts).
 * @example
 * ```ts
 * import { HIGHLIGHT } from "./TextView.tsx";
 * const lazy = { highlight: "/static/build/highlight-1a2b.js" }; // the lazy bundles
 * // In the browser (it imports the bundle):
 * if ("document" in globalThis) {
 *   const { highlightLines } = await HIGHLIGHT.load(lazy);
 *   console.log(highlightLines("let x = 1;", "rust"));
 * }
 * ```
 */
export const HIGHLIGHT = lazyBundle<typeof Highlight>("highlight");

/** Props of {@link TextView}. */
export interface TextViewProps {
  file: DecodedFile;
  text: string;
  lazy: LazyUrls;
  /** Set false to never load the highlighter (e.g. raw transcripts). */
  highlight?: boolean;
  /** Show it as prose: wrapped, no line numbers, never highlighted (plain text). */
  prose?: boolean;
  /** Highlighting language; by default from the file name (see {@link languageFor}). */
  language?: string | null;
  /** Shown between the toolbar and the text (e.g. an SVG's picture). */
  children?: ComponentChildren;
  /** False where a list row shows the file's name and Download button: the toolbar leaves them out. */
  header?: boolean;
}

/** Beyond this many characters only the start is rendered: the page stays responsive. */
const MAX_RENDER_CHARS = 2_000_000;

function lines(text: string): string[] {
  const all = text.slice(0, MAX_RENDER_CHARS).split("\n");
  if (all.length > 1 && all[all.length - 1] === "") all.pop();
  return all;
}

/**
 * Renders a text file as code with line numbers, or as prose.
 * @example
 * ```tsx
 * import { TextView } from "./TextView.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const file: DecodedFile = { name: "main.rs", type: "text/plain", blob: new Blob(["fn main() {}"]) };
 * const urls = { highlight: "/static/build/highlight-1a2b.js" }; // the lazy bundles
 * const view = <TextView file={file} text={await file.blob.text()} lazy={urls} />;
 * ```
 */
export function TextView(
  {
    file,
    text,
    lazy,
    highlight = true,
    prose = false,
    language,
    children,
    header = true,
  }: TextViewProps,
): VNode {
  const [wrap, setWrap] = useState(true);
  const [html, setHtml] = useState<string[] | null>(null);
  const plain = useMemo(() => prose ? [] : lines(text), [text, prose]);
  useEffect(() => {
    if (prose || !highlight || text.length > MAX_HIGHLIGHT_CHARS) return;
    let live = true;
    HIGHLIGHT.load(lazy).then(({ highlightLines }) => {
      const result = highlightLines(text, language ?? languageFor(file.name));
      if (live && result) {
        setHtml(result.length > plain.length ? result.slice(0, plain.length) : result);
      }
    }, () => {/* highlighting is an extra: the plain text is already shown */});
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <section class="text-view" aria-label={file.name}>
      <div class="toolbar">
        {header && <span class="name">{file.name}</span>}
        {header && <span class="muted">{formatBytes(file.blob.size)}</span>}
        {!prose && (
          <button type="button" aria-pressed={wrap} onClick={() => setWrap(!wrap)}>
            Wrap lines
          </button>
        )}
        <CopyButton text={text} label="Copy text" />
        {header && (
          <button type="button" onClick={() => saveBlob(file.blob, file.name)}>Download</button>
        )}
      </div>
      {children}
      {text.length > MAX_RENDER_CHARS && (
        <p class="notice" role="status">
          This text is long: only its beginning is shown. Download it to see all of it.
        </p>
      )}
      {text === ""
        ? <p class="muted">{header ? "This file is empty." : "This text is empty."}</p>
        : prose
        ? <div class="prose-text">{text.slice(0, MAX_RENDER_CHARS)}</div>
        : (
          <pre class={wrap ? "code wrap" : "code"} tabIndex={0}>
            <code>
              {html
                ? html.map((h, i) => (
                  <span key={i} class="line" dangerouslySetInnerHTML={{ __html: h }} />
                ))
                : plain.map((l, i) => <span key={i} class="line">{l}</span>)}
            </code>
          </pre>
        )}
    </section>
  );
}
