/**
 * Saving a decrypted stream as a browser download through the service worker
 * (islands/sw/protocol.ts): the browser writes the file as the page decrypts, at the pace the
 * browser reads, so a share of any size downloads in any browser with a service worker without
 * being held in memory. Decryption stays in the page; the worker only relays the bytes.
 * @module
 */
import { toBase64url } from "../../lib/crypto/mod.ts";
import { DOWNLOAD_PATH, type ToPage, type ToWorker } from "../sw/protocol.ts";
import { keepWorkerAlive, postToWorker } from "./service_worker.ts";

/** Milliseconds the browser may take to start reading a download before the page gives up. */
const START_TIMEOUT_MS = 15_000;

/** The browser did not start the download (its service worker lost it, or refused it). */
export class DownloadNotStartedError extends Error {
  /** Stable code. */
  readonly code = "download_not_started";
  constructor() {
    super("The browser did not start the download. Reload the page and try again.");
    this.name = "DownloadNotStartedError";
  }
}

/** The person cancelled the download in the browser. */
export class DownloadCancelledError extends Error {
  /** Stable code. */
  readonly code = "download_cancelled";
  constructor() {
    super("The download was cancelled.");
    this.name = "DownloadCancelledError";
  }
}

/** What a download serves: the name to save under (already made safe), its size and bytes. */
export interface DownloadSource {
  name: string;
  /** Bytes that will stream, when known. */
  size: number | null;
  body: ReadableStream<Uint8Array>;
}

/**
 * Streams a download through `worker`. `start` starts the share's download and says what to save:
 * it is called only once the browser has asked for the download, since Firefox cancels a page's
 * requests in flight when the page follows a link (the download's URL). Resolves once the last
 * byte was handed to the browser; rejects with `start`'s or the stream's own error (a
 * `TamperedError`…), after failing the download so that no partial file is kept, or with
 * {@link DownloadCancelledError} or {@link DownloadNotStartedError}.
 * @example
 * ```ts
 * import { streamDownload } from "./stream_download.ts";
 * import { startServiceWorker } from "./service_worker.ts";
 * if ("document" in globalThis) { // in the view page
 *   const access = await startServiceWorker("/static/build/worker-sw-AbCd.js");
 *   // Decrypted bytes, in the page: here made up, in the viewer a share opened in `start`.
 *   const start = () => Promise.resolve({ name: "hello.txt", size: 5, body: new Blob(["hello"]).stream() });
 *   if (access.worker) await streamDownload(access.worker, start);
 * }
 * ```
 */
export function streamDownload(
  worker: ServiceWorker,
  start: () => Promise<DownloadSource>,
): Promise<void> {
  const token = toBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const { port1: port, port2 } = new MessageChannel();
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const send = (message: ToWorker, transfer: Transferable[] = []) =>
    port.postMessage(message, transfer);
  const stopKeepAlive = keepWorkerAlive(worker);

  const finished = new Promise<void>((resolve, reject) => {
    let ended = false;
    let sending = Promise.resolve();
    const stop = (error: Error) => {
      ended = true;
      clearTimeout(notStarted);
      // The worker answers a request still waiting for headers with 204, and fails a started one.
      send({ type: "error", message: error.message });
      reader?.cancel().catch(() => {});
      reject(error);
    };
    const fail = (e: unknown) => stop(e instanceof Error ? e : new Error(String(e)));
    // Armed with the offer: a worker gone meanwhile (a newer version took over) never answers.
    const notStarted = setTimeout(() => stop(new DownloadNotStartedError()), START_TIMEOUT_MS);
    const sendChunks = async (count: number) => {
      for (let i = 0; i < count && !ended; i++) {
        const { done, value } = await reader!.read();
        if (done) {
          ended = true;
          send({ type: "end" });
        } else {
          const bytes = ownBuffer(value);
          send({ type: "chunk", bytes }, [bytes.buffer]);
        }
      }
    };
    try {
      postToWorker(worker, { type: "download", token, port: port2 }, [port2]);
    } catch {
      stop(new DownloadNotStartedError()); // a worker replaced by a newer version
    }
    port.onmessage = ({ data }: MessageEvent<ToPage>) => {
      switch (data.type) {
        case "ready":
          followLink(DOWNLOAD_PATH + token);
          break;
        case "requested":
          clearTimeout(notStarted);
          sending = start().then(({ name, size, body }) => {
            reader = body.getReader();
            send({ type: "headers", name, size });
          }).catch(fail);
          break;
        case "pull":
          sending = sending.then(() => sendChunks(data.chunks)).catch(fail);
          break;
        case "cancel":
          stop(new DownloadCancelledError());
          break;
        case "done":
          resolve();
          break;
      }
    };
  });
  return finished.finally(() => {
    stopKeepAlive();
    port.close();
  });
}

/**
 * The chunk's bytes in a buffer of their own, which can be transferred rather than copied. A
 * chunk that is a window on a larger buffer (a record holding the end of one file and the start
 * of the next) is copied: transferring its buffer would take the rest away from its owner.
 */
function ownBuffer(chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength &&
    chunk.buffer instanceof ArrayBuffer;
  return whole ? chunk as Uint8Array<ArrayBuffer> : chunk.slice();
}

/**
 * Asks the browser for the download: a navigation of this page that the worker answers with an
 * attachment (or 204 No Content), so the page stays where it is. Not `<a download>`: Chromium
 * sends such a request past the service worker, to the server.
 */
function followLink(url: string): void {
  const a = document.createElement("a");
  a.href = url;
  document.body.append(a);
  a.click();
  a.remove();
}
