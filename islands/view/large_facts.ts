/**
 * What the viewer knows of large shares before it loads their code (the lazy bundle
 * islands/lazy/large.ts: saving to disk, streamed downloads, playing in place), which only a large
 * share needs: the page showing a text share stays small.
 * @module
 */
import type { Opening } from "./open.ts";

/** Shares above this many ciphertext bytes are large. */
export const STREAM_THRESHOLD = 16 * 1024 * 1024;

/** The name of the archive a large share of several files downloads as. */
export const ARCHIVE_NAME = "shared-files.zip";

/**
 * Whether an opened share is large enough to be offered saving to disk rather than opening in
 * the page: a share of files above {@link STREAM_THRESHOLD} ciphertext bytes.
 * @example
 * ```ts
 * import { isLargeShare } from "./large_facts.ts";
 * import { openShare } from "./open.ts";
 * if ("document" in globalThis) { // in the viewer page
 *   const opening = await openShare(location.href, { password: null, onProgress: () => {} });
 *   if (isLargeShare(opening)) console.log("offer to save it to disk");
 * }
 * ```
 */
export function isLargeShare(share: Opening): boolean {
  return share.manifest.kind === "files" && share.size > STREAM_THRESHOLD;
}
