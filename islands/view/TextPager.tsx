/**
 * A large text read in place, a page at a time (islands/view/text_pages.ts): the page's text, and
 * buttons to go to the first, previous, next and last page.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { formatBytes } from "../../lib/format.ts";
import type { TextPages } from "./text_pages.ts";

/** Props of {@link TextPager}. */
export interface TextPagerProps {
  pages: TextPages;
  /** Opens the whole share to save it (the large-share save step). */
  onDownload: () => void;
  /** A page failed to load or to authenticate. */
  onError: (e: unknown) => void;
}

/**
 * The pager.
 * @example
 * ```tsx
 * import { TextPager } from "./TextPager.tsx";
 * import type { TextPages } from "./text_pages.ts";
 * declare const pages: TextPages; // from textPages
 * <TextPager pages={pages} onDownload={() => {}} onError={console.error} />;
 * ```
 */
export function TextPager({ pages, onDownload, onError }: TextPagerProps): VNode {
  const [index, setIndex] = useState(0);
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setText(null);
    // A page asked for before the person moved on (or away) no longer matters, nor its failure.
    pages.page(index).then((t) => current && setText(t), (e) => current && onError(e));
    return () => current = false;
  }, [index]);
  const last = pages.count - 1;
  const from = index * pages.pageSize;
  const to = Math.min(pages.size, from + pages.pageSize);
  const go = (to: number) => () => setIndex(Math.max(0, Math.min(last, to)));
  return (
    <section class="panel text-pages">
      <p class="muted">
        Read in place, a page at a time, as it is fetched and decrypted in your browser.
      </p>
      <nav class="actions" aria-label="Pages">
        <button type="button" onClick={go(0)} disabled={index === 0}>First</button>
        <button type="button" onClick={go(index - 1)} disabled={index === 0}>Previous</button>
        <span aria-live="polite" class="page-position">
          Page {index + 1} of {pages.count} ({formatBytes(from)}–{formatBytes(to)} of{" "}
          {formatBytes(pages.size)})
        </span>
        <button type="button" onClick={go(index + 1)} disabled={index === last}>Next</button>
        <button type="button" onClick={go(last)} disabled={index === last}>Last</button>
      </nav>
      {text === null
        ? <p aria-live="polite">Decrypting this page…</p>
        : <div class="prose-text" data-page={index}>{text}</div>}
      <div class="actions">
        <button type="button" onClick={onDownload}>Download…</button>
      </div>
    </section>
  );
}
