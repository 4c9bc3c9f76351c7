/**
 * Page routes, mounted at "/": the upload page, the viewer, the delete page, the security page,
 * the built assets, the bundled share script and its MCP bundle, and a page of the site (404) for any other address. The security headers (CSP and friends) come from
 * the app-wide middleware; nothing here needs an inline script or style.
 * @module
 */
import { type Context, Hono } from "hono";
import type { VNode } from "preact";
import { render } from "preact-render-to-string";
import { type AssetManifest, MCP_BUNDLE } from "../lib/asset_manifest.ts";
import type { Config } from "../lib/config.ts";
import { VIEW_CSP } from "../lib/http/security_headers.ts";
import { loadAssets, serveBuilt, serveShareScript, serveStatic } from "./pages/assets.ts";
import { publicOrigin } from "../lib/http/public_origin.ts";
import { DeletePage } from "./pages/delete.tsx";
import { HomePage } from "./pages/home.tsx";
import { NotFoundPage } from "./pages/not_found.tsx";
import { SecurityPage } from "./pages/security.tsx";
import { NoSharePage, shareFacts, ViewPage } from "./pages/view.tsx";
import type { ShareAccess } from "../lib/store/shares.ts";

/** A page as HTML, with `status` or else the one the handler set on `c` (200 by default). */
function page(c: Context, vnode: VNode, status?: 404): Response {
  return c.html("<!doctype html>" + render(vnode), status);
}

/** What the page routes need (lib/app.ts passes its own dependencies, a superset). */
export interface PageDeps {
  config: Config;
  /** The share store: the view page carries the share's public metadata. */
  store: Pick<ShareAccess, "info">;
}

/**
 * Builds the page routes. The asset manifest is read once here; without a build the pages answer
 * 503 saying to run `deno task build` (the API keeps working).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { pageRoutes } from "./pages.tsx";
 * import { createStore } from "../lib/app.ts";
 * import { loadConfig } from "../lib/config.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const config = loadConfig({});
 * const app = new Hono();
 * app.route("/", pageRoutes({ config, store: createStore(kv, config) }));
 * const res = await app.request("/security");
 * assert(res.status === 200 || res.status === 503); // 503 until `deno task build` made the assets
 * await res.body?.cancel();
 * ```
 */
export function pageRoutes(deps: PageDeps): Hono {
  const app = new Hono();
  const assets = loadAssets();
  const withAssets =
    (show: (c: Context, assets: AssetManifest, origin: string) => VNode | Promise<VNode>) =>
    async (c: Context) => {
      if (!assets) {
        return c.text("The web pages are not built: run `deno task build`, then restart.", 503);
      }
      return page(c, await show(c, assets, publicOrigin(c, deps.config.publicUrl, "no-cache")));
    };

  app.get(
    "/",
    withAssets((_c, a, origin) => <HomePage assets={a} origin={origin} config={deps.config} />),
  );
  app.get(
    "/s/:id",
    withAssets(async (c, a, origin) => {
      // The page carries the share's views left and expiry as they are now: never kept anywhere.
      c.header("Cache-Control", "no-store");
      const share = await shareFacts(deps.store, c.req.param("id") ?? "");
      if (typeof share === "string") {
        c.status(404);
        return <NoSharePage assets={a} problem={share} />;
      }
      // PDFs preview in a frame of a blob: URL the page made; every other page frames nothing.
      c.header("Content-Security-Policy", VIEW_CSP);
      return <ViewPage assets={a} origin={origin} share={share} />;
    }),
  );
  app.get("/d/:id", withAssets((_c, a, origin) => <DeletePage assets={a} origin={origin} />));
  app.get("/security", withAssets((_c, a, origin) => <SecurityPage assets={a} origin={origin} />));
  // One route for both folders: the app's RegExpRouter (lib/app.ts) refuses a `/static/:file`
  // beside `/static/build/:file`.
  app.get("/static/*", (c) => {
    const name = c.req.path.slice("/static/".length);
    return name.startsWith("build/")
      ? serveBuilt(c, name.slice("build/".length))
      : serveStatic(c, name);
  });
  app.get("/share.js", (c) => serveShareScript(c, "share.js"));
  app.get("/share-mcp.js", (c) => serveShareScript(c, MCP_BUNDLE));
  // Last: an address none of the routes above (nor the API, metrics and llms.txt before them) has.
  app.get("*", (c) => assets ? page(c, <NotFoundPage assets={assets} />, 404) : c.notFound());
  return app;
}
