/**
 * Building blocks of the conversation view: markdown and source code with lazy highlighting,
 * terminal output, diffs, inline images from blob: URLs, and folds (`<details>`) whose content is only rendered once opened, which keeps
 * long sessions light. Decrypted text reaches the DOM only as text nodes, or as HTML that the
 * markdown renderer or the highlighter sanitised.
 * @module
 */
import { type ComponentChildren, createContext, type VNode } from "preact";
import { useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ImageBlock } from "../../lib/conversation/parse.ts";
import { renderMarkdown } from "../lazy/markdown.ts";
import { isInertImage, objectUrl } from "../ui/object_url.ts";
import { ansiSpans } from "./ansi.ts";
import type { DiffLine } from "./diff.ts";

/** Highlights code; one sanitised HTML string per line, or null to leave it plain. */
export type Highlighter = (code: string, language: string | null) => string[] | null;

/** Loads the highlighter (the viewer's lazily loaded highlight.js bundle). */
export type LoadHighlighter = () => Promise<Highlighter>;

/** What every part of the view may need. */
export const ViewContext = createContext<{ loadHighlighter: LoadHighlighter | null }>({
  loadHighlighter: null,
});

/** Code blocks longer than this stay plain: highlighting them would stall the page. */
const MAX_HIGHLIGHT = 100_000;

/**
 * Assistant text rendered as markdown (sanitised, nothing remote loaded); code blocks are
 * highlighted once the highlighter has loaded.
 * @example
 * ```tsx
 * import { Markdown } from "./parts.tsx";
 * <Markdown text={"Run `deno test`:\n\n    deno test --allow-all"} />
 * ```
 */
export function Markdown({ text }: { text: string }): VNode {
  const { loadHighlighter } = useContext(ViewContext);
  const html = useMemo(() => renderMarkdown(text), [text]);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const codes = ref.current?.querySelectorAll<HTMLElement>("pre > code");
    if (!loadHighlighter || !codes?.length) return;
    let live = true;
    loadHighlighter().then((highlight) => {
      if (!live) return;
      for (const code of codes) {
        const source = code.textContent ?? "";
        if (source.length > MAX_HIGHLIGHT) continue;
        const lang = [...code.classList].find((c) => c.startsWith("language-"))?.slice(9) ?? null;
        const lines = highlight(source, lang);
        if (!lines) continue;
        // The highlighter's output is sanitised down to <span class> (islands/lazy/highlight.ts).
        code.innerHTML = lines.join("\n");
        code.classList.add("hljs");
      }
    }, () => {/* highlighting is an extra: the code is already shown as plain text */});
    return () => {
      live = false;
    };
  }, [html, loadHighlighter]);
  return <div ref={ref} class="markdown cv-md" dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * An image carried in the transcript, shown from a blob: URL made here (never fetched from
 * anywhere).
 * @example
 * ```tsx
 * import { InlineImage } from "./parts.tsx";
 * <InlineImage image={{ type: "image", mediaType: "image/png", data: "iVBORw0…" }} />
 * ```
 */
export function InlineImage({ image }: { image: ImageBlock }): VNode {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  // Raster images only: anything else (SVG included) is only named.
  const supported = isInertImage(image.mediaType);
  useEffect(() => {
    if (!supported) return;
    let created: string | null = null;
    try {
      const bytes = Uint8Array.fromBase64(image.data);
      created = objectUrl(bytes, image.mediaType);
      setUrl(created);
    } catch {
      setFailed(true);
    }
    return () => {
      if (created) URL.revokeObjectURL(created);
    };
  }, [image.data, image.mediaType]);
  if (!supported || failed) {
    return <p class="cv-image-missing muted">[{image.mediaType} image not shown]</p>;
  }
  return url
    ? <img class="cv-image" src={url} alt="Image from the conversation" />
    : <span class="cv-image-loading muted">[image]</span>;
}

/** Props of {@link Fold}. */
export interface FoldProps {
  /** CSS classes of the `<details>` element. */
  class: string;
  /** The always-visible line. */
  summary: ComponentChildren;
  /** What the fold shows (a block, an item): it stays open when rendered again for it. */
  of: object;
  /** Content, rendered only once the fold is opened. */
  children: () => ComponentChildren;
}

/**
 * Folds the reader has open, by what they show. The view unmounts items when the reader switches
 * between "Chat only" and "Everything"; a fold rendered again for the same object opens again.
 */
const openFolds = new WeakSet<object>();

/**
 * A `<details>` closed by default that renders its content on first open (and keeps it).
 * @example
 * ```tsx
 * import { Fold } from "./parts.tsx";
 * <Fold class="cv-thinking" summary="Thinking" of={{}}>{() => <p>Shown once opened</p>}</Fold>;
 * ```
 */
export function Fold({ class: cls, summary, of, children }: FoldProps): VNode {
  const [opened, setOpened] = useState(() => openFolds.has(of));
  return (
    <details
      class={cls}
      open={openFolds.has(of)}
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) {
          openFolds.add(of);
          setOpened(true);
        } else openFolds.delete(of);
      }}
    >
      <summary>{summary}</summary>
      {opened && <div class="cv-fold-body">{children()}</div>}
    </details>
  );
}

/**
 * Text shown as typed: line breaks kept, nothing interpreted.
 * @example
 * ```tsx
 * import { Plain } from "./parts.tsx";
 * <Plain text={"line one\nline two"} />
 * ```
 */
export function Plain({ text }: { text: string }): VNode {
  return <div class="cv-plain">{text}</div>;
}

/**
 * Source code, highlighted once the highlighter has loaded (plain until then, and when long).
 * @example
 * ```tsx
 * import { Code } from "./parts.tsx";
 * <Code code={"const a = 1;"} language="typescript" />
 * ```
 */
export function Code({ code, language }: { code: string; language: string | null }): VNode {
  const { loadHighlighter } = useContext(ViewContext);
  const [lines, setLines] = useState<string[] | null>(null);
  useEffect(() => {
    if (!loadHighlighter || code.length > MAX_HIGHLIGHT) return;
    let live = true;
    loadHighlighter().then((highlight) => {
      if (live) setLines(highlight(code, language));
    }, () => {/* highlighting is an extra: the code is already shown as plain text */});
    return () => {
      live = false;
    };
  }, [code, language, loadHighlighter]);
  // The highlighter's output is sanitised down to <span class> (islands/lazy/highlight.ts).
  const body = lines
    ? <code class="hljs" dangerouslySetInnerHTML={{ __html: lines.join("\n") }} />
    : <code>{code}</code>;
  return <pre class="cv-pre cv-code">{body}</pre>;
}

/**
 * Terminal output with its ANSI colours as classes (escape codes never shown).
 * @example
 * ```tsx
 * import { Terminal } from "./parts.tsx";
 * <Terminal text={"\x1b[32m✓\x1b[0m 12 passed"} />
 * ```
 */
export function Terminal({ text, class: cls = "" }: { text: string; class?: string }): VNode {
  const spans = useMemo(() => ansiSpans(text), [text]);
  return (
    <pre class={`cv-pre cv-terminal ${cls}`.trim()}>
      {spans.map((s, i) => s.cls ? <span key={i} class={s.cls}>{s.text}</span> : s.text)}
    </pre>
  );
}

/**
 * A line diff, removed lines red and added lines green.
 * @example
 * ```tsx
 * import { diffLines } from "./diff.ts";
 * <Diff lines={diffLines("a\nb", "a\nc")} />;
 * ```
 */
export function Diff({ lines }: { lines: DiffLine[] }): VNode {
  return (
    <pre class="cv-pre cv-diff">
      {lines.map((l, i) => (
        <span key={i} class={DIFF_CLASS[l.op]}>{l.op === "@" ? l.text : `${l.op}${l.text}`}</span>
      ))}
    </pre>
  );
}

const DIFF_CLASS: Record<DiffLine["op"], string> = {
  " ": "cv-diff-same",
  "-": "cv-diff-del",
  "+": "cv-diff-add",
  "@": "cv-diff-hunk",
};
