/**
 * What the view page and its service worker (islands/workers/sw.ts) say to each other, and the
 * URLs the worker answers. The worker exists so that the browser itself can save, and play, a
 * share's decrypted bytes as they come: a response the worker builds streams to disk (or to a
 * media element) with nothing large held in memory.
 *
 * A streamed download: the page posts a {@link DownloadOffer} with one end of a `MessageChannel`
 * to the worker, which answers `ready` on it; the page then navigates to
 * `DOWNLOAD_PATH + token`, and the worker answers that request with a response whose body it
 * pulls from the page over the channel ({@link ToPage} `pull`, {@link ToWorker} `chunk`): the
 * browser's own pace (the disk) sets how fast the page decrypts.
 * @module
 */

/** The scope the service worker is registered for: the view pages and the URLs below. */
export const SW_SCOPE = "/s/";

/** Path prefix of a streamed download, `/s/download/<token>`: answered only by the worker. */
export const DOWNLOAD_PATH = "/s/download/";

/**
 * Page → worker (`ServiceWorker.postMessage`, with `port` transferred): a download is about to be
 * requested.
 */
export interface DownloadOffer {
  type: "download";
  /** Random, unguessable; names the download's URL and is used once. */
  token: string;
  /** The file name to save under (already made safe by lib/names.ts). */
  name: string;
  /** Bytes that will stream, when known: the browser then shows real progress. */
  size: number | null;
  /** The channel the bytes come over. */
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
export type ToServiceWorker = DownloadOffer | KeepAlive;

/** Worker → page, over a download's channel. */
export type ToPage =
  /** The download URL is live: navigate to it. */
  | { type: "ready" }
  /** Send this many more chunks (or `end`/`error` when there are none). */
  | { type: "pull"; chunks: number }
  /** The browser stopped reading: the person cancelled the download. */
  | { type: "cancel" }
  /** Every byte was handed to the browser. */
  | { type: "done" };

/** Page → worker, over a download's channel. */
export type ToWorker =
  | { type: "chunk"; bytes: Uint8Array<ArrayBuffer> }
  | { type: "end" }
  /** Decryption failed: the download must fail, not end as a short file. */
  | { type: "error"; message: string };
