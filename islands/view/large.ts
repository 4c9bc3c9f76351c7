/**
 * Large shares: above STREAM_THRESHOLD (large_facts.ts) ciphertext bytes the viewer asks before it downloads
 * (save to disk as it decrypts, play in place, or open in the page). For a share without a view
 * limit it reads only the manifest first (one `Range` request, no view used), so nothing large is
 * fetched before the person chooses, and then reads the files by ranges too: Firefox reads a
 * response into memory as fast as the network brings it, whether or not the page reads it, so one
 * request for a whole large share would sit in memory whole. Bounded requests bound that.
 * @module
 */
import {
  type OpenedRangedShare,
  openRangedShare,
  RangesUnsupportedError,
} from "../../lib/client/mod.ts";
import {
  checkFinalRecord,
  contentSize,
  decryptFileRange,
  type FetchCiphertext,
  type FileEntry,
} from "../../lib/crypto/mod.ts";
import { contentProgress } from "../../lib/format.ts";
import type { ShareFacts } from "./OpenStep.tsx";
import type { OnProgress, Opening } from "./open.ts";
import { STREAM_THRESHOLD } from "./large_facts.ts";

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

/** Records fetched per request when a large share is read by ranges: 4 MiB at a time. */
const RECORDS_PER_REQUEST = 64;

/**
 * A large share without a view limit, opened by {@link openManifestFirst}, as the viewer's other
 * paths take an opened share: its files stream by `Range` requests of 4 MiB, one at a time as
 * they are read, and the iteration ends only once the stream's final record authenticated.
 * `onProgress` hears of the content's bytes as they arrive. The next request starts as one is
 * handed over, so requests overlap the work in between.
 * @example
 * ```ts
 * import { openManifestFirst, rangedOpening } from "./large.ts";
 * import { collectShare } from "./open.ts";
 * if ("document" in globalThis) { // in the view page
 *   const facts = { viewsLeft: null, password: false, expiresAt: "2026-12-01T10:00:00.000Z", size: 5e8 };
 *   const share = await openManifestFirst(location.href, null, facts);
 *   if (share) await collectShare(rangedOpening(share, facts.expiresAt, console.log));
 * }
 * ```
 */
export function rangedOpening(
  share: OpenedRangedShare,
  expiresAt: string,
  onProgress: OnProgress,
): Opening {
  const total = share.ciphertextSize;
  const size = contentSize(share.manifest);
  let done = 0;
  const fetch: FetchCiphertext = async (start, end) => {
    const bytes = await readAhead(start, end);
    const shown = contentProgress(done += bytes.length, total, size);
    onProgress(shown.done, shown.total);
    return bytes;
  };
  // One request ahead: the next range is asked for while this one is decrypted and saved, so the
  // wait for each request overlaps the work on the one before (two at most in memory).
  let ahead: { start: number; end: number; bytes: Promise<Uint8Array> } | null = null;
  const readAhead = (start: number, end: number): Promise<Uint8Array> => {
    const bytes = ahead?.start === start && ahead.end === end
      ? ahead.bytes
      : share.fetch(start, end);
    const next = Math.min(total, end + (end - start));
    ahead = end < total ? { start: end, end: next, bytes: share.fetch(end, next) } : null;
    ahead?.bytes.catch(() => {}); // a guess: its failure matters only if it is asked for
    return bytes;
  };
  const read = { header: share.header.bytes, ciphertextSize: total, fetch };
  async function* files(): AsyncGenerator<{ entry: FileEntry; body: ReadableStream<Uint8Array> }> {
    for (const file of share.files) {
      const body = decryptFileRange(share.keys, {
        ...read,
        file,
        concurrency: RECORDS_PER_REQUEST,
      });
      yield { entry: file.entry, body };
    }
    await checkFinalRecord(share.keys, read);
  }
  return { manifest: share.manifest, files: files(), viewsLeft: null, expiresAt, size: total };
}
