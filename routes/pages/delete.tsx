/**
 * `/d/:id`: confirm and delete a share; the delete token is in the fragment.
 * @module
 */
import type { VNode } from "preact";
import { Layout } from "../../components/Layout.tsx";
import { NoScript } from "../../components/NoScript.tsx";
import { Island } from "../../lib/islands.ts";
import { Remove } from "../../islands/Remove.tsx";
import type { AssetManifest } from "../../lib/asset_manifest.ts";

/**
 * Renders the delete page.
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { DeletePage } from "./delete.tsx";
 * const assets = { islands: { remove: "/static/build/remove-1a2b.js" }, lazy: {}, workers: {}, css: "/a.css", share: true };
 * const html = render(<DeletePage assets={assets} origin="https://share.example" />);
 * assert(html.includes("/static/build/remove-1a2b.js"));
 * ```
 */
export function DeletePage({ assets, origin }: { assets: AssetManifest; origin: string }): VNode {
  return (
    <Layout title="Delete a share" css={assets.css}>
      <h1>Delete a share</h1>
      <NoScript origin={origin} action="read the delete token from the link" />
      <Island name="remove" src={assets.islands.remove} component={Remove} props={{}} />
    </Layout>
  );
}
