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
 * const assets: AssetManifest = JSON.parse(await Deno.readTextFile("static/build/manifest.json"));
 * console.log(assets.islands.upload); // "/static/build/upload-<hash>.js"
 * ```
 */
export interface AssetManifest {
  /** Island name → URL of its bundle. */
  islands: Record<string, string>;
  /** Lazily loaded renderer name → URL of its bundle. */
  lazy: Record<string, string>;
  /** URL of the stylesheet. */
  css: string;
  /** Whether static/build/share.js was built (share.ts existed). */
  share: boolean;
}
