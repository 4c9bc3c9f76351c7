/**
 * The shape of static/build/manifest.json: written by `deno task build` (scripts/build.ts) and
 * read by the server at start-up (routes/pages/assets.ts). It lives here, below both, so that
 * the running server never imports the build script.
 * @module
 */

/**
 * File name of the MCP server's bundle in static/build/, served at `/share-mcp.js` next to
 * `/share.js`, which loads it only for its `mcp` command (lib/cli/mcp_command.ts).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MCP_BUNDLE } from "./asset_manifest.ts";
 * assert.equal(new URL(MCP_BUNDLE, "https://share.example/share.js").pathname, "/share-mcp.js");
 * ```
 */
export const MCP_BUNDLE = "share-mcp.js";

/**
 * What the server needs to know about the built assets. URLs are absolute paths.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { AssetManifest } from "./asset_manifest.ts";
 * // As read from static/build/manifest.json after `deno task build`:
 * const assets: AssetManifest = JSON.parse(
 *   '{"islands":{"upload":"/static/build/upload-1a2b.js"},"lazy":{},' +
 *     '"workers":{"upload":"/static/build/worker-upload-5e6f.js"},"css":"/static/build/app-3c4d.css","share":true}',
 * );
 * assert(assets.islands.upload.startsWith("/static/build/upload-"));
 * ```
 */
export interface AssetManifest {
  /** Island name → URL of its bundle. */
  islands: Record<string, string>;
  /** Lazily loaded renderer name → URL of its bundle. */
  lazy: Record<string, string>;
  /** Web worker name → URL of its bundle (a module worker, started from this origin). */
  workers: Record<string, string>;
  /** URL of the stylesheet. */
  css: string;
  /** Whether static/build/share.js and its MCP bundle were built (share.ts existed). */
  share: boolean;
}
