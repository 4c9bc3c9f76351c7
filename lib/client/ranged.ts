/**
 * Opening a share for random access: the header and record 0 in one `Range` request, then only
 * the records a reader asks for (a media player seeking in a large video). The server answers
 * ranges only for shares without a view limit; it ignores `Range` for the others and counts a
 * view, so callers use this only for a share whose public metadata says it has no limit.
 * @module
 */
import {
  type FetchCiphertext,
  type FileLocation,
  type Header,
  type Manifest,
  openRanged,
  parseLink,
  RECORD_SIZE,
  type ShareKeys,
} from "../crypto/mod.ts";
import { RangesUnsupportedError, ServerError } from "./errors.ts";
import type { RequestOptions } from "./http.ts";
import { fetchContent, withShareKeys } from "./read.ts";

/** Ciphertext bytes of the longest header (44) and a full record 0: the first request's range. */
const HEAD_BYTES = 44 + RECORD_SIZE + 16;

/** Options of {@link openRangedShare}. */
export interface OpenRangedOptions extends RequestOptions {
  /**
   * The password: a string when known ahead, or a function asked only when the share turns out
   * to need one. Without it a password share fails with `PasswordRequiredError`.
   */
  password?: string | (() => Promise<string>);
}

/** A share opened by {@link openRangedShare}: everything needed to fetch and decrypt any range. */
export interface OpenedRangedShare {
  /** The server's origin. */
  origin: string;
  /** The share's id. */
  id: string;
  /** The share's keys (with the password mixed in, when it has one). */
  keys: ShareKeys;
  /** The read token the server asked for (also `keys.readToken`). */
  readToken: Uint8Array;
  /** The stream header. */
  header: Header;
  /** The decrypted manifest. */
  manifest: Manifest;
  /** Each file's place in the plaintext, in manifest order. */
  files: FileLocation[];
  /** Total ciphertext bytes, from the server's `Content-Range`. */
  ciphertextSize: number;
  /** Fetches ciphertext bytes [start, end) of this share (for lib/crypto's decryptFileRange). */
  fetch: FetchCiphertext;
}

/**
 * Opens the share behind a view link for random access, using no view: one `Range` request
 * (two or three with a password) yields the manifest and every file's location. Throws
 * {@link RangesUnsupportedError} when the server answered with the whole share (it has a view
 * limit, or a proxy dropped the `Range`): fall back to `openShare`. Otherwise the same errors as
 * `openShare`; decryption errors surface here for the manifest and later as ranges stream.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openRangedShare } from "./ranged.ts";
 * import { createShare } from "./create.ts";
 * import { decryptFileRange } from "../crypto/mod.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A server in this process on an in-memory KV; over the network, leave out `fetch`.
 * await using kv = await Deno.openKv(":memory:");
 * const app = createApp({ kv, config: loadConfig({}) });
 * const fetch = (async (input: URL | RequestInfo, init?: RequestInit) =>
 *   await app.fetch(new Request(input, init))) as typeof globalThis.fetch;
 * const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
 * const { link } = await createShare({
 *   v: 1,
 *   kind: "files",
 *   created: new Date().toISOString(),
 *   files: [{ name: "song.wav", type: "audio/wav", size: bytes.length }],
 * }, [new Blob([bytes]).stream()], { server: "http://localhost:8000", fetch });
 *
 * const share = await openRangedShare(link, { fetch });
 * const [song] = share.files;
 * assert(song.entry.name === "song.wav" && song.size === bytes.length);
 * const tail = decryptFileRange(share.keys, { ...share, header: share.header.bytes, file: song, start: 299_000 });
 * assert.deepEqual(new Uint8Array(await new Response(tail).arrayBuffer()), bytes.subarray(299_000));
 * ```
 */
export async function openRangedShare(
  link: string,
  options: OpenRangedOptions = {},
): Promise<OpenedRangedShare> {
  const { origin, id, secret } = parseLink(link);
  const { keys, result: head } = await withShareKeys(
    origin,
    id,
    secret,
    options,
    (keys, withPassword) => fetchRange(origin, id, keys, options, 0, HEAD_BYTES, withPassword),
  );
  const ciphertextSize = head.total;
  const network = ciphertextFetcher(origin, id, keys.readToken, ciphertextSize, options);
  // openRanged's first fetch is the header and record 0, which the first request already holds.
  const fetch: FetchCiphertext = (start, end) =>
    end <= head.bytes.length ? Promise.resolve(head.bytes.slice(start, end)) : network(start, end);
  const opened = await openRanged(keys, { ciphertextSize, fetch });
  return {
    origin,
    id,
    keys,
    readToken: keys.readToken,
    ...opened,
    ciphertextSize,
    fetch: network,
  };
}

/**
 * A {@link FetchCiphertext} over HTTP: `Range` requests of the share's content with its read
 * token, each answer checked to be exactly the range asked for, of a share of `ciphertextSize`
 * bytes. Network failures and 5xx are retried (three attempts).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ciphertextFetcher } from "./ranged.ts";
 * // Stands in for the server; over the network, leave out `fetch`.
 * const stored = new Uint8Array(100).map((_, i) => i);
 * const fetch = ((_: URL | RequestInfo, init?: RequestInit) => {
 *   const [a, b] = new Headers(init?.headers).get("range")!.slice(6).split("-").map(Number);
 *   return Promise.resolve(new Response(stored.slice(a, b + 1), {
 *     status: 206,
 *     headers: { "content-range": `bytes ${a}-${b}/100` },
 *   }));
 * }) as typeof globalThis.fetch;
 * const token = new Uint8Array(32);
 * const ciphertext = ciphertextFetcher("http://localhost:8000", "q3Xh0s5c9m1Jd0l5bY2Vtw", token, 100, { fetch });
 * assert.deepEqual(await ciphertext(10, 13), new Uint8Array([10, 11, 12]));
 * ```
 */
export function ciphertextFetcher(
  origin: string,
  id: string,
  readToken: Uint8Array,
  ciphertextSize: number,
  options: RequestOptions = {},
): FetchCiphertext {
  return async (start, end) => {
    const got = await fetchRange(origin, id, { readToken }, options, start, end, false);
    if (got.total !== ciphertextSize) {
      throw new ServerError(
        206,
        "unknown",
        `the share's size changed from ${ciphertextSize} to ${got.total} bytes`,
      );
    }
    return got.bytes;
  };
}

/**
 * Ciphertext bytes [start, end) (the end clamped to the share's size by the server) and the
 * share's total size, from one `Range` request.
 */
async function fetchRange(
  origin: string,
  id: string,
  keys: { readToken: Uint8Array },
  options: RequestOptions,
  start: number,
  end: number,
  withPassword: boolean,
): Promise<{ bytes: Uint8Array; total: number }> {
  const res = await fetchContent(
    origin,
    id,
    keys,
    options,
    withPassword,
    `bytes=${start}-${end - 1}`,
  );
  if (res.status !== 206) {
    await res.body?.cancel();
    throw new RangesUnsupportedError();
  }
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get("content-range") ?? "");
  const [first, last, total] = match ? match.slice(1).map(Number) : [NaN, NaN, NaN];
  if (first !== start || last !== Math.min(end, total) - 1) {
    await res.body?.cancel();
    throw new ServerError(206, "unknown", `the server did not answer bytes ${start}-${end - 1}`);
  }
  // The length is lib/crypto's to check: it names a short answer a truncation.
  return { bytes: new Uint8Array(await res.arrayBuffer()), total };
}
