/**
 * `/s/:id`: the viewer island; it reads the key from the fragment and decrypts in the browser.
 * @module
 */
import type { VNode } from "preact";
import { Layout } from "../../components/Layout.tsx";
import { NoScript } from "../../components/NoScript.tsx";
import { Island } from "../../lib/islands.ts";
import { Viewer, type ViewerProps } from "../../islands/Viewer.tsx";
import type { AssetManifest } from "../../lib/asset_manifest.ts";

/**
 * Renders the viewer page.
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { ViewPage } from "./view.tsx";
 * const assets = { islands: { viewer: "/static/build/viewer-1a2b.js" }, lazy: {}, workers: {}, css: "/a.css", share: true };
 * const html = render(<ViewPage assets={assets} origin="https://share.example" />);
 * assert(html.includes("/static/build/viewer-1a2b.js"));
 * ```
 */
export function ViewPage({ assets, origin }: { assets: AssetManifest; origin: string }): VNode {
  // Every lazy bundle the build made: renderers find theirs by name (islands/view/lazy.ts).
  const props: ViewerProps = { lazy: assets.lazy };
  return (
    <Layout title="Encrypted share" css={assets.css}>
      <NoScript origin={origin} action="decrypt this share" />
      <Island name="viewer" src={assets.islands.viewer} component={Viewer} props={props} />
    </Layout>
  );
}
