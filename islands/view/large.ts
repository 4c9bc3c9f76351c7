/**
 * Large shares: above {@link STREAM_THRESHOLD} ciphertext bytes the viewer asks before it downloads
 * (save to disk as it decrypts, play in place, or open in the page). For a share without a view
 * limit it reads only the manifest first (one `Range` request, no view used), so nothing large is
 * fetched before the person chooses: Firefox keeps reading a response nobody reads from, into
 * memory, so a download started before the choice would sit there whole.
 * @module
 */
import {
  type OpenedRangedShare,
  openRangedShare,
  RangesUnsupportedError,
} from "../../lib/client/mod.ts";
import type { ShareFacts } from "./OpenStep.tsx";
import type { Opening } from "./open.ts";

/** Shares above this many ciphertext bytes are large. */
export const STREAM_THRESHOLD = 16 * 1024 * 1024;

/**
 * Whether an opened share is large enough to be offered saving to disk rather than opening in
 * the page: a share of files above {@link STREAM_THRESHOLD} ciphertext bytes.
 * @example
 * ```ts
 * import { isLargeShare } from "./large.ts";
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

/**
 * For a large share without a view limit (by the page's public metadata), its manifest and the
 * means to read any range of it, fetched with no view used and nothing large downloaded; null for
 * any other share, or when the server would not answer a range (the caller opens it whole).
 * Rejects with the client's errors, as openShare would (a password prompt, a gone share).
 * @example
 * ```ts
 * import { openManifestFirst } from "./large.ts";
 * if ("document" in globalThis) { // in the view page
 *   const facts = { viewsLeft: null, password: false, expiresAt: "2026-12-01T10:00:00.000Z", size: 5e8 };
 *   const share = await openManifestFirst(location.href, null, facts);
 *   if (share) console.log(share.manifest.files.map((f) => f.name));
 * }
 * ```
 */
export async function openManifestFirst(
  link: string,
  password: string | null,
  facts: ShareFacts,
): Promise<OpenedRangedShare | null> {
  if (facts.viewsLeft !== null || facts.size <= STREAM_THRESHOLD) return null;
  try {
    return await openRangedShare(link, password === null ? {} : { password });
  } catch (e) {
    if (e instanceof RangesUnsupportedError) return null;
    throw e;
  }
}
