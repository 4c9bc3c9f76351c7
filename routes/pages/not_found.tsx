/**
 * The page for an address the site does not have: the site's layout, a sentence, a way home.
 * @module
 */
import type { VNode } from "preact";
import { Layout } from "../../components/Layout.tsx";
import type { AssetManifest } from "../../lib/asset_manifest.ts";

/**
 * Renders the not-found page (no JavaScript needed).
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { NotFoundPage } from "./not_found.tsx";
 * const assets = { islands: {}, lazy: {}, workers: {}, css: "/static/build/app-1a2b.css", share: true };
 * const html = render(<NotFoundPage assets={assets} />);
 * assert(html.includes("Page not found") && html.includes('href="/"'));
 * ```
 */
export function NotFoundPage({ assets }: { assets: AssetManifest }): VNode {
  return (
    <Layout title="Page not found" css={assets.css}>
      <section class="panel problem" aria-labelledby="not-found-heading">
        <h1 id="not-found-heading">Page not found</h1>
        <p>
          This site has no page at this address. A share's link looks like{" "}
          <code>/s/ID#KEY</code>; if you were given one, check that you copied all of it.
        </p>
        <p>
          <a href="/">Make a new share</a> or read <a href="/security">how hushlink works</a>.
        </p>
      </section>
    </Layout>
  );
}
