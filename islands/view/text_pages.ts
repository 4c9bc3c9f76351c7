/**
 * Paging through a large text share in place: a share without a view limit whose one file is
 * text, stored as is and of known size, is read a page at a time by `Range` requests (lib/crypto's
 * decryptFileRange authenticates every record it reads), so a 500 MB log opens at once and shows
 * any part of it without downloading the rest.
 * @module
 */
import type { OpenedRangedShare } from "../../lib/client/mod.ts";
import { decryptFileRange, type Manifest } from "../../lib/crypto/mod.ts";
import { bareType } from "../ui/object_url.ts";

/** Bytes of text a page shows: a screenful or two hundred of a log's lines, read in one request. */
export const PAGE_BYTES = 256 * 1024;

/** A large text to read page by page. */
export interface TextPages {
  manifest: Manifest;
  /** The file's bytes. */
  size: number;
  /** Bytes a page shows ({@link PAGE_BYTES}). */
  pageSize: number;
  /** Pages: `size` in `pageSize`. */
  count: number;
  /** Decrypts page `index` (from 0) and decodes it as UTF-8. */
  page(index: number): Promise<string>;
}

/**
 * The share's text, to read page by page, or null when it is not one text file stored as is with
 * a known size.
 * @example
 * ```ts
 * import { openManifestFirst } from "./large.ts";
 * import { textPages } from "./text_pages.ts";
 * if ("document" in globalThis) { // in the view page
 *   const facts = { viewsLeft: null, password: false, expiresAt: "2026-12-01T10:00:00.000Z", size: 5e8 };
 *   const share = await openManifestFirst(location.href, null, facts);
 *   const pages = share && textPages(share);
 *   if (pages) console.log(await pages.page(pages.count - 1)); // the end of the log
 * }
 * ```
 */
export function textPages(share: OpenedRangedShare): TextPages | null {
  if (share.files.length !== 1) return null;
  const [file] = share.files;
  const { entry } = file;
  const text = share.manifest.kind === "text" || bareType(entry.type).startsWith("text/");
  if (!text || entry.encoding !== undefined || entry.size === null) return null;
  const size = file.size;
  const read = async (start: number, end: number) =>
    new Uint8Array(
      await new Response(decryptFileRange(share.keys, {
        header: share.header.bytes,
        ciphertextSize: share.ciphertextSize,
        fetch: share.fetch,
        file,
        start,
        end,
      })).arrayBuffer(),
    );
  return {
    manifest: share.manifest,
    size,
    pageSize: PAGE_BYTES,
    count: Math.max(1, Math.ceil(size / PAGE_BYTES)),
    async page(index) {
      const start = index * PAGE_BYTES;
      // Three bytes more: a character cut by the page's end is shown whole, on this page.
      const bytes = await read(start, Math.min(size, start + PAGE_BYTES + 3));
      return new TextDecoder().decode(pageBytes(bytes, start === 0, PAGE_BYTES));
    },
  };
}

/**
 * The bytes of one page of UTF-8, read with up to three bytes more: a character that began on the
 * page before is left to it (its continuation bytes dropped at the start), and one that begins on
 * this page ends here.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pageBytes } from "./text_pages.ts";
 * const bytes = new TextEncoder().encode("é!ü"); // c3 a9 21 c3 bc
 * assert.deepEqual(pageBytes(bytes.subarray(1), false, 3), new TextEncoder().encode("!ü"));
 * ```
 */
export function pageBytes(bytes: Uint8Array, first: boolean, pageSize: number): Uint8Array {
  const continuation = (i: number) => i < bytes.length && (bytes[i] & 0xc0) === 0x80;
  let start = 0;
  if (!first) { while (start < 3 && continuation(start)) start++; }
  let end = Math.min(bytes.length, pageSize);
  while (end < bytes.length && continuation(end)) end++;
  return bytes.subarray(start, end);
}
