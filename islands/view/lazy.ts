/**
 * Heavy renderer code (highlighter, markdown, zip, conversations) loads on demand from bundles of
 * its own, so the JavaScript needed to show a plain text share stays small. Every
 * `islands/lazy/<name>.ts` is built into a bundle, and the build's asset manifest maps each name
 * to its URL; the page hands that whole map to the viewer. The module that needs a bundle
 * declares it with {@link lazyBundle}; each bundle is fetched at most once.
 * @module
 */

/**
 * Lazy bundle name → URL, as the asset manifest lists them (`AssetManifest.lazy`).
 * @example
 * ```ts
 * import type { LazyUrls } from "./lazy.ts";
 * const urls: LazyUrls = { highlight: "/static/build/highlight-AbCdEfGhIjk.js" };
 * ```
 */
export type LazyUrls = Readonly<Record<string, string>>;

/** A bundle built from `islands/lazy/<name>.ts`, whose module has type `T`. */
export interface LazyBundle<T> {
  /** Its name: the file name under islands/lazy/ without `.ts`. */
  readonly name: string;
  /** Imports it (once per URL); rejects when the build made no such bundle. */
  load(urls: LazyUrls): Promise<T>;
}

const cache = new Map<string, Promise<unknown>>();

/**
 * Declares the lazy bundle `name`; `T` is its module's type (import it with `import type`, so the
 * code stays out of the importing bundle).
 * @example
 * ```ts
 * import type * as Markdown from "../lazy/markdown.ts";
 * import { lazyBundle } from "./lazy.ts";
 * const MARKDOWN = lazyBundle<typeof Markdown>("markdown");
 * const urls = { markdown: "/static/build/markdown-1a2b.js" }; // from the asset manifest
 * // In the browser (it imports the bundle):
 * if ("document" in globalThis) {
 *   const { renderMarkdown } = await MARKDOWN.load(urls);
 *   console.log(renderMarkdown("# Hi"));
 * }
 * ```
 */
export function lazyBundle<T>(name: string): LazyBundle<T> {
  return {
    name,
    load(urls) {
      const url = Object.hasOwn(urls, name) ? urls[name] : undefined;
      if (url === undefined) return Promise.reject(new Error(`no lazy bundle "${name}" was built`));
      let p = cache.get(url);
      if (!p) {
        p = import(url);
        cache.set(url, p);
      }
      return p as Promise<T>;
    },
  };
}
