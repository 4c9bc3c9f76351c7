/**
 * The shape of static/build/manifest.json: written by `deno task build` (scripts/build.ts) and
 * read by the server at start-up (routes/pages/assets.ts). It lives here, below both, so that
 * the running server never imports the build script.
 * @module
 */

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
  /** Whether static/build/share.js was built (share.ts existed). */
  share: boolean;
}
