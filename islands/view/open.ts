/**
 * Opening a share for the viewer: the shared client does the request, the decryption and counts
 * the download; this module paces that progress for the page, collects each file into a Blob
 * (gunzipping when the manifest says so), and maps failures to the viewer's outcomes.
 * @module
 */
import { type OpenedShare as Opening, openShare as openClientShare } from "../../lib/client/mod.ts";
import {
  contentSize,
  decodeBody,
  formatLink,
  type Manifest,
  parseLink,
} from "../../lib/crypto/mod.ts";
import { contentProgress } from "../../lib/format.ts";
import { shownName } from "../../lib/names.ts";
import type { DecodedFile } from "./files.ts";
import type { ProblemCode } from "./Problem.tsx";

/** A decrypted share, ready to render. */
export interface OpenedShare {
  manifest: Manifest;
  files: DecodedFile[];
  /** Views left after this one, or null when unlimited. */
  viewsLeft: number | null;
  /** Expiry (ISO 8601). */
  expiresAt: string;
}

/**
 * Progress callback: bytes received and the total. Until the manifest is decrypted these are
 * ciphertext bytes (Content-Length); after, the files' own bytes (contentProgress in lib/format.ts).
 */
export type OnProgress = (done: number, total: number | null) => void;

/** Options of {@link openShare}. */
export interface OpenOptions {
  /** The password the reader typed, or null to try without one. */
  password: string | null;
  /** Told about the download as it arrives, about every 256 KiB and at the end. */
  onProgress: OnProgress;
}

export type { Opening };

/**
 * Checks the page's own link before anything is fetched and returns it clean: text pasted after
 * the key (`LINK).`, `LINK%20`) is dropped by the parser, and the address bar gets the clean link
 * too, so that a reload, a bookmark or a copy carries it. `history.replaceState` fires no
 * `hashchange`, so the viewer does not start over. Throws lib/crypto's `LinkError` for a link
 * that cannot open; see {@link problemFor}.
 * @example
 * ```ts
 * import { cleanPageLink } from "./open.ts";
 * const link = cleanPageLink(); // location.href, without what followed the key
 * ```
 */
export function cleanPageLink(): string {
  const { origin, id, secret } = parseLink(location.href);
  const clean = formatLink(origin, id, secret);
  if (clean !== location.href) history.replaceState(history.state, "", clean);
  return clean;
}

/**
 * Opens the share behind `link` (the page's own URL): uses a view, decrypts the manifest, and
 * leaves the files streaming (see {@link collectShare}, or islands/view/disk.ts). Rejects with
 * the client's or lib/crypto's typed errors; see {@link problemFor}.
 * @example
 * ```ts
 * import { openShare } from "./open.ts";
 * const opening = await openShare(location.href, { password: null, onProgress: () => {} });
 * ```
 */
export async function openShare(
  link: string,
  { password, onProgress }: OpenOptions,
): Promise<Opening> {
  let shown = 0;
  // The files' size once the manifest is in: from then on progress reads in it (contentProgress).
  let size: number | null = null;
  const opening = await openClientShare(link, {
    ...(password === null ? {} : { password }),
    onProgress: (done, total) => {
      // Re-rendering on every chunk would cost more than the decryption; ~every 256 KiB is smooth.
      if (done - shown < 262_144 && done !== total) return;
      shown = done;
      const shownProgress = contentProgress(done, total, size);
      onProgress(shownProgress.done, shownProgress.total);
    },
  });
  size = contentSize(opening.manifest);
  return opening;
}

/**
 * Downloads and decrypts every file of an opened share into memory (Blobs, which the browser may
 * keep on disk); resolves only once the whole stream authenticated.
 * @example
 * ```ts
 * import { collectShare, openShare } from "./open.ts";
 * const share = await collectShare(
 *   await openShare(location.href, { password: null, onProgress: () => {} }),
 * );
 * ```
 */
export async function collectShare(share: Opening): Promise<OpenedShare> {
  const files: DecodedFile[] = [];
  for await (const { entry, body } of share.files) {
    files.push({
      // Shown in the page as is: its bidi and control characters are made visible here, once.
      name: shownName(entry.name),
      type: entry.type,
      blob: await collect(decodeBody(entry, body)),
    });
  }
  return {
    manifest: share.manifest,
    files,
    viewsLeft: share.viewsLeft,
    expiresAt: share.expiresAt,
  };
}

/**
 * Reads a stream into a Blob. Not `new Response(stream).blob()`: Chromium replaces the stream's
 * own error (TamperedError…) with a generic "Failed to fetch", and the viewer needs the real one.
 */
async function collect(stream: ReadableStream<Uint8Array>): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for await (const chunk of stream) parts.push(chunk as Uint8Array<ArrayBuffer>);
  return new Blob(parts);
}

const PROBLEMS: Record<string, ProblemCode> = {
  missing_key: "missing_key",
  bad_key_length: "bad_key",
  bad_key_chars: "bad_key",
  bad_id: "bad_link",
  bad_link: "bad_link",
  not_found: "gone",
  key_rejected: "key_rejected",
  wrong_key: "tampered",
  tampered: "tampered",
  truncated: "tampered",
  unsupported_format: "unsupported",
  network: "network",
};

/**
 * Maps an error from {@link openShare} to what the viewer shows: a password prompt, or a problem
 * page (with the message as detail when the cause is unexpected).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { problemFor } from "./open.ts";
 * import { NotFoundError } from "../../lib/client/mod.ts";
 * assert.deepEqual(problemFor(new NotFoundError()), { code: "gone" });
 * ```
 */
export function problemFor(
  e: unknown,
): "password_required" | "wrong_password" | { code: ProblemCode; detail?: string } {
  const code = (e as { code?: unknown })?.code;
  if (code === "password_required" || code === "wrong_password") return code;
  if ((e as { status?: unknown })?.status === 429) return { code: "rate_limited" };
  if (typeof code === "string" && code in PROBLEMS) return { code: PROBLEMS[code] };
  return { code: "failed", detail: e instanceof Error ? e.message : String(e) };
}
