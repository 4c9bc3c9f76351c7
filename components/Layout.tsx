/**
 * The HTML document around every page: head (stylesheet, icon, no referrer), site header,
 * main landmark, footer. No inline script or style: the CSP allows neither.
 * @module
 */
import type { ComponentChildren, VNode } from "preact";

/** Props of {@link Layout}. */
export interface LayoutProps {
  /** Page title (the site name is appended). */
  title: string;
  /** URL of the content-hashed stylesheet. */
  css: string;
  /** Page content. */
  children: ComponentChildren;
}

/**
 * Renders the full document.
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { Layout } from "./Layout.tsx";
 * const html = render(
 *   <Layout title="Security" css="/static/build/app-x.css">
 *     <h1>Security</h1>
 *   </Layout>,
 * );
 * assert(html.includes("/static/build/app-x.css") && html.includes("<h1>Security</h1>"));
 * ```
 */
export function Layout({ title, css, children }: LayoutProps): VNode {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${title} · hushlink`}</title>
        <link rel="stylesheet" href={css} />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site">
          <a class="brand" href="/">hushlink</a>
          <nav aria-label="Site">
            <a href="/">New share</a>
            <a href="/security">Security</a>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>{children}</main>
        <footer class="site">
          End-to-end encrypted: the key is in the link after{" "}
          <code>#</code>, which browsers never send to the server.
        </footer>
      </body>
    </html>
  );
}
