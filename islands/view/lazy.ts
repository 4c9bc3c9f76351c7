/**
 * Loads the heavy renderers (highlighter, markdown, zip) on demand from their own bundles, so the
 * JavaScript needed to show a plain text share stays small. URLs come from the asset manifest via
 * island props; each bundle is fetched at most once.
 * @module
 */
import type * as Highlight from "../lazy/highlight.ts";
import type * as Markdown from "../lazy/markdown.ts";
import type * as Zip from "../lazy/zip.ts";
import type * as Conversation from "../lazy/conversation.ts";

/** URLs of the lazily loaded bundles. */
export interface LazyUrls {
  highlight: string;
  markdown: string;
  zip: string;
  conversation: string;
}

const cache = new Map<string, Promise<unknown>>();

function load<T>(url: string): Promise<T> {
  let p = cache.get(url);
  if (!p) {
    p = import(url);
    cache.set(url, p);
  }
  return p as Promise<T>;
}

/**
 * The syntax highlighter bundle.
 * @example
 * ```ts
 * const { highlightLines } = await loadHighlight(urls);
 * ```
 */
export function loadHighlight(urls: LazyUrls): Promise<typeof Highlight> {
  return load(urls.highlight);
}

/**
 * The markdown renderer bundle.
 * @example
 * ```ts
 * const { renderMarkdown } = await loadMarkdown(urls);
 * ```
 */
export function loadMarkdown(urls: LazyUrls): Promise<typeof Markdown> {
  return load(urls.markdown);
}

/**
 * The zip writer bundle.
 * @example
 * ```ts
 * const { zipFiles } = await loadZip(urls);
 * ```
 */
export function loadZip(urls: LazyUrls): Promise<typeof Zip> {
  return load(urls.zip);
}

/**
 * The conversation renderer bundle.
 * @example
 * ```ts
 * const { mountConversation } = await loadConversation(urls);
 * ```
 */
export function loadConversation(urls: LazyUrls): Promise<typeof Conversation> {
  return load(urls.conversation);
}
