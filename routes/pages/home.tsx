/**
 * `/`: the upload form (island) and the share-script command.
 * @module
 */
import type { VNode } from "preact";
import { Layout } from "../../components/Layout.tsx";
import { NoScript } from "../../components/NoScript.tsx";
import { ShareCommand } from "../../components/ShareCommand.tsx";
import { type Config, publicConfig } from "../../lib/config.ts";
import { Island } from "../../lib/islands.ts";
import { Upload, type UploadProps } from "../../islands/Upload.tsx";
import type { AssetManifest } from "../../lib/asset_manifest.ts";

/**
 * Renders the upload page.
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { HomePage } from "./home.tsx";
 * import { loadConfig } from "../../lib/config.ts";
 * const assets = {
 *   islands: { upload: "/static/build/upload-1a2b.js" },
 *   lazy: {},
 *   workers: { upload: "/static/build/worker-upload-3c4d.js" },
 *   css: "/a.css",
 *   share: true,
 * };
 * const config = loadConfig({});
 * const html = render(<HomePage assets={assets} origin="https://share.example" config={config} />);
 * assert(html.includes("/static/build/upload-1a2b.js"));
 * ```
 */
export function HomePage(
  { assets, origin, config }: { assets: AssetManifest; origin: string; config: Config },
): VNode {
  const props: UploadProps = { limits: publicConfig(config), worker: assets.workers.upload };
  return (
    <Layout title="Share text and files, end-to-end encrypted" css={assets.css}>
      <h1>Share text and files, end-to-end encrypted</h1>
      <NoScript origin={origin} action="encrypt what you share" />
      <Island name="upload" src={assets.islands.upload} component={Upload} props={props} />
      <section aria-labelledby="cli-heading">
        <h2 id="cli-heading">From a terminal</h2>
        <p>
          The share script encrypts on your machine too; it prints the link. It needs{" "}
          <a href="https://deno.com">Deno</a>.
        </p>
        <ShareCommand origin={origin} full />
      </section>
    </Layout>
  );
}
