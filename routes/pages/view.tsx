/**
 * `/s/:id`: the viewer island; it reads the key from the fragment and decrypts in the browser. The
 * server reads the share's public metadata (no view used) as it renders the page and hands it to
 * the island, so a share without a view limit opens with no extra request, and an unknown or
 * expired share is a plain 404 page that needs no JavaScript.
 * @module
 */
import type { VNode } from "preact";
import { Layout } from "../../components/Layout.tsx";
import { NoScript } from "../../components/NoScript.tsx";
import { Island } from "../../lib/islands.ts";
import { Viewer, type ViewerProps } from "../../islands/Viewer.tsx";
import type { ShareFacts } from "../../islands/view/OpenStep.tsx";
import { Problem } from "../../islands/view/Problem.tsx";
import type { AssetManifest } from "../../lib/asset_manifest.ts";
import { ID_PATTERN } from "../../lib/crypto/mod.ts";
import { ShareNotFoundError } from "../../lib/store/errors.ts";
import type { ShareAccess } from "../../lib/store/shares.ts";

/**
 * The public metadata of share `id` for the page, or why there is no share to open: `bad_link`
 * for a path that cannot hold an id, `gone` for a share that does not exist (any more).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shareFacts } from "./view.tsx";
 * import { ShareStore } from "../../lib/store/shares.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const store = new ShareStore(kv, { partSize: 4_194_304, uploadTtl: 3600 });
 * assert.equal(await shareFacts(store, "q3Xh0s5c9m1Jd0l5bY2Vtw"), "gone");
 * assert.equal(await shareFacts(store, "short"), "bad_link");
 * ```
 */
export async function shareFacts(
  store: Pick<ShareAccess, "info">,
  id: string,
): Promise<ShareFacts | "gone" | "bad_link"> {
  if (!ID_PATTERN.test(id)) return "bad_link";
  try {
    const info = await store.info(id);
    return {
      viewsLeft: info.viewsLeft,
      password: info.kdf !== null,
      expiresAt: new Date(info.expiresAt).toISOString(),
      size: info.size,
    };
  } catch (e) {
    if (e instanceof ShareNotFoundError) return "gone";
    throw e;
  }
}

/**
 * Renders the viewer page for a share that exists.
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { ViewPage } from "./view.tsx";
 * const assets = { islands: { viewer: "/static/build/viewer-1a2b.js" }, lazy: {}, workers: {}, css: "/a.css", share: true };
 * const share = { viewsLeft: 1, password: false, expiresAt: "2026-12-01T10:00:00.000Z", size: 900 };
 * const html = render(<ViewPage assets={assets} origin="https://share.example" share={share} />);
 * assert(html.includes("/static/build/viewer-1a2b.js"));
 * ```
 */
export function ViewPage(
  { assets, origin, share }: { assets: AssetManifest; origin: string; share: ShareFacts },
): VNode {
  // Every lazy bundle the build made: renderers find theirs by name (islands/view/lazy.ts).
  const props: ViewerProps = { lazy: assets.lazy, share, sw: assets.workers.sw };
  return (
    <Layout title="Encrypted share" css={assets.css}>
      <NoScript origin={origin} action="decrypt this share" />
      <Island name="viewer" src={assets.islands.viewer} component={Viewer} props={props} />
    </Layout>
  );
}

/**
 * Renders the page for a view link with no share behind it: what happened and what to do, with
 * no script.
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { NoSharePage } from "./view.tsx";
 * const html = render(<NoSharePage assets={{ islands: {}, lazy: {}, workers: {}, css: "/a.css", share: true }} problem="gone" />);
 * assert(html.includes('data-problem="gone"') && !html.includes("<script"));
 * ```
 */
export function NoSharePage(
  { assets, problem }: { assets: AssetManifest; problem: "gone" | "bad_link" },
): VNode {
  return (
    <Layout title="Encrypted share" css={assets.css}>
      <Problem code={problem} />
    </Layout>
  );
}
