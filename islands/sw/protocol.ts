/**
 * What the view page and its service worker (islands/workers/sw.ts) say to each other, and the
 * URLs the worker answers. The worker exists so that the browser itself can save, and play, a
 * share's decrypted bytes as they come: a response the worker builds streams to disk (or to a
 * media element) with nothing large held in memory.
 *
 * A streamed download: the page posts a {@link DownloadOffer} with one end of a `MessageChannel`
 * to the worker, which answers `ready` on it; the page then follows a link to
 * `DOWNLOAD_PATH + token`. When that request reaches the worker it says `requested`, and only
 * then does the page start the share's download: Firefox cancels a page's requests in flight
 * when the page follows a link, even one that turns out to be a download, but not those started
 * after. The page answers with the file's `headers` (its name is in the share's manifest), and the
 * worker answers the request with a response whose body it pulls from the page over the channel
 * ({@link ToPage} `pull`, {@link ToWorker} `chunk`): the browser's own pace (the disk) sets how
 * fast the page decrypts.
 *
 * Media played in place (islands/sw/media.ts): the page posts a {@link MediaSession} and gives a
 * media element `MEDIA_PATH + token`; the worker answers the element's `Range` requests by
 * fetching and decrypting only the records they cover. A worker the browser stopped while the
 * player was idle has lost its sessions: it asks the requesting page again
 * ({@link MediaSessionQuery}), and the page, which keeps them, answers.
 * @module
 */
import type { ShareKeys } from "../../lib/crypto/mod.ts";

/** The scope the service worker is registered for: the view pages and the URLs below. */
export const SW_SCOPE = "/s/";

/** Path prefix of a streamed download, `/s/download/<token>`: answered only by the worker. */
export const DOWNLOAD_PATH = "/s/download/";

/** Path prefix of media played in place, `/s/media/<token>`: answered only by the worker. */
export const MEDIA_PATH = "/s/media/";

/**
 * Page → worker: one file of a share without a view limit, to be served decrypted at
 * `MEDIA_PATH + token` for as long as the page lives. Structured-cloneable (bytes, no keys of
 * WebCrypto's): it is also the answer to a {@link MediaSessionQuery}.
 */
export interface MediaSession {
  type: "media";
  /** Random, unguessable (128 bits, base64url); names the media's URL. */
  token: string;
  /** The server's origin and the share's id, for the ciphertext's `Range` requests. */
  origin: string;
  id: string;
  /** The share's keys (its read token authorizes the requests). */
  keys: ShareKeys;
  /** The stream header's bytes. */
  header: Uint8Array;
  /** Total ciphertext bytes: fixes which record is the last. */
  ciphertextSize: number;
  /** Where the file lies in the plaintext. */
  file: { offset: number; size: number };
  /** The inert audio or video type the page checked the file's first bytes against. */
  contentType: string;
}

/**
 * Worker → page (`Client.postMessage`, with a port transferred): the worker does not know this
 * media token (the browser stopped it since); the page answers on the port with its
 * {@link MediaSession}, or null when it has none.
 */
export interface MediaSessionQuery {
  type: "media-session";
  token: string;
}

/**
 * Worker → page (`Client.postMessage`): a media response failed authentication (`code` is
 * lib/crypto's: `tampered`, `truncated`, `wrong_key`). The player would only retry the same
 * records for ever, so the page stops it and says why.
 */
export interface MediaFailure {
  type: "media-failed";
  token: string;
  code: string;
}

/**
 * Page → worker (`ServiceWorker.postMessage`, with `port` transferred): a download is about to be
 * requested.
 */
export interface DownloadOffer {
  type: "download";
  /** Random, unguessable; names the download's URL and is used once. */
  token: string;
  /** The channel the download's headers and bytes come over. */
  port: MessagePort;
}

/**
 * Page → worker: keeps the worker alive while a download runs. Browsers stop an idle service
 * worker after ~30 s, and a message event counts as activity where a stream does not.
 */
export interface KeepAlive {
  type: "keepalive";
}

/** Everything the page posts to the worker itself. */
export type ToServiceWorker = DownloadOffer | MediaSession | KeepAlive;

/** Worker → page, over a download's channel. */
export type ToPage =
  /** The download URL is live: follow a link to it. */
  | { type: "ready" }
  /** The browser asked for the download: start it and send its `headers`. */
  | { type: "requested" }
  /** Send this many more chunks (or `end`/`error` when there are none). */
  | { type: "pull"; chunks: number }
  /** The browser stopped reading: the person cancelled the download. */
  | { type: "cancel" }
  /** Every byte was handed to the browser. */
  | { type: "done" };

/** Page → worker, over a download's channel. */
export type ToWorker =
  /**
   * What the response says: the file name to save under (already made safe by lib/names.ts) and
   * the bytes that will stream, when known (the browser then shows real progress).
   */
  | { type: "headers"; name: string; size: number | null }
  | { type: "chunk"; bytes: Uint8Array<ArrayBuffer> }
  | { type: "end" }
  /**
   * The share could not be read or decrypted: before the headers, there is no download; after,
   * the download fails rather than end as a short file.
   */
  | { type: "error"; message: string };
