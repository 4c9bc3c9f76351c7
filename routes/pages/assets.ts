/**
 * The built assets (see scripts/build.ts): the manifest read once at start-up, and the handlers
 * that serve static/build/* (immutable, content-hashed) and the share script's /share.js and
 * /share-mcp.js (revalidated by any cache that keeps them).
 * @module
 */
import type { Context } from "hono";
import type { AssetManifest, MCP_BUNDLE } from "../../lib/asset_manifest.ts";
import { SW_SCOPE } from "../../islands/sw/protocol.ts";

const BUILD_DIR = new URL("../../static/build/", import.meta.url);
const STATIC_DIR = new URL("../../static/", import.meta.url);
const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  json: "application/json",
};
const SAFE_NAME = /^[A-Za-z0-9_-]+\.(js|css|svg)$/;
/** The file name start of the service worker's bundle (islands/workers/sw.ts). */
const SERVICE_WORKER_PREFIX = "worker-sw-";

/**
 * Reads static/build/manifest.json, or returns null when it has not been built (the API still
 * works then; pages answer 503 saying what to run).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadAssets } from "./assets.ts";
 * const assets = loadAssets(); // null before `deno task build`
 * assert(assets === null || assets.islands.upload.startsWith("/static/build/"));
 * ```
 */
export function loadAssets(): AssetManifest | null {
  try {
    return JSON.parse(Deno.readTextFileSync(new URL("manifest.json", BUILD_DIR)));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

async function serveFile(
  c: Context,
  dir: URL,
  name: string,
  cacheControl: string,
): Promise<Response> {
  const match = SAFE_NAME.exec(name);
  if (!match) return c.notFound();
  let body: Uint8Array;
  try {
    body = await Deno.readFile(new URL(name, dir));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return c.notFound();
    throw e;
  }
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": TYPES[match[1]],
    "Cache-Control": cacheControl,
  });
}

/**
 * GET /static/build/<file> (the app's `/static/*` route) — content-hashed, so cached for a year
 * and never revalidated.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { serveBuilt } from "./assets.ts";
 * const app = new Hono();
 * app.get("/static/build/:file", (c) => serveBuilt(c, c.req.param("file")));
 * assert.equal((await app.request("/static/build/..%2Fsecret.js")).status, 404); // not a safe name
 * ```
 */
export async function serveBuilt(c: Context, name: string): Promise<Response> {
  const res = await serveFile(c, BUILD_DIR, name, "public, max-age=31536000, immutable");
  // The view pages' service worker is built here but controls /s/ (islands/sw/protocol.ts).
  if (name.startsWith(SERVICE_WORKER_PREFIX)) res.headers.set("Service-Worker-Allowed", SW_SCOPE);
  return res;
}

/**
 * GET /static/<file> (the app's `/static/*` route) — hand-written static files (icons), cached
 * for a day.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { serveStatic } from "./assets.ts";
 * const app = new Hono();
 * app.get("/static/:file", (c) => serveStatic(c, c.req.param("file")));
 * assert.equal((await app.request("/static/missing.css")).status, 404);
 * ```
 */
export function serveStatic(c: Context, name: string): Promise<Response> {
  return serveFile(c, STATIC_DIR, name, "public, max-age=86400");
}

/**
 * GET /share.js and /share-mcp.js — the bundled share script and the MCP server it loads for
 * `share.js mcp` (`name`, one of the two). Stable names, so `no-cache`: a proxy or browser that
 * keeps one asks again. (Deno's own module cache keeps a fetched script until
 * `deno run --reload`.)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { serveShareScript } from "./assets.ts";
 * const app = new Hono();
 * app.get("/share.js", (c) => serveShareScript(c, "share.js"));
 * const res = await app.request("/share.js"); // 404 until `deno task build` bundled share.ts
 * assert(res.status === 404 || res.headers.get("Cache-Control") === "no-cache");
 * await res.body?.cancel();
 * ```
 */
export function serveShareScript(
  c: Context,
  name: "share.js" | typeof MCP_BUNDLE,
): Promise<Response> {
  return serveFile(c, BUILD_DIR, name, "no-cache");
}
