/**
 * Saving a decrypted stream as a browser download through the service worker
 * (islands/sw/protocol.ts): the browser writes the file as the page decrypts, at the pace the
 * browser reads, so a share of any size downloads in any browser with a service worker without
 * being held in memory. Decryption stays in the page; the worker only relays the bytes.
 * @module
 */
import { toBase64url } from "../../lib/crypto/mod.ts";
import { DOWNLOAD_PATH, type ToPage, type ToWorker } from "../sw/protocol.ts";
import { postToWorker } from "./service_worker.ts";

/** Milliseconds between keep-alive messages to the worker while a download runs. */
const KEEPALIVE_MS = 10_000;

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

/**
 * Streams `body` into a download named `name` (already made safe), through `worker`. Resolves
 * once the last byte was handed to the browser; rejects with the stream's own error (a
 * `TamperedError`…), after failing the download so that no partial file is kept, or with
 * {@link DownloadCancelledError}.
 * @example
 * ```ts
 * import { streamDownload } from "./stream_download.ts";
 * import { startServiceWorker } from "./service_worker.ts";
 * if ("document" in globalThis) { // in the view page
 *   const access = await startServiceWorker("/static/build/worker-sw-AbCd.js");
 *   const body = new Blob(["hello"]).stream(); // decrypted bytes, in the page
 *   if (access.worker) await streamDownload(access.worker, "hello.txt", 5, body);
 * }
 * ```
 */
export function streamDownload(
  worker: ServiceWorker,
  name: string,
  size: number | null,
  body: ReadableStream<Uint8Array>,
): Promise<void> {
  const token = toBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const { port1: port, port2 } = new MessageChannel();
  const reader = body.getReader();
  const send = (message: ToWorker, transfer: Transferable[] = []) =>
    port.postMessage(message, transfer);
  const keepAlive = setInterval(() => postToWorker(worker, { type: "keepalive" }), KEEPALIVE_MS);

  const finished = new Promise<void>((resolve, reject) => {
    let ended = false;
    let sending = Promise.resolve();
    let notStarted: ReturnType<typeof setTimeout> | undefined;
    const stop = (error: Error) => {
      ended = true;
      clearTimeout(notStarted);
      reject(error);
    };
    const sendChunks = async (count: number) => {
      for (let i = 0; i < count && !ended; i++) {
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          send({ type: "end" });
        } else {
          const bytes = ownBuffer(value);
          send({ type: "chunk", bytes }, [bytes.buffer]);
        }
      }
    };
    port.onmessage = ({ data }: MessageEvent<ToPage>) => {
      switch (data.type) {
        case "ready":
          notStarted = setTimeout(() => {
            reader.cancel().catch(() => {});
            stop(new DownloadNotStartedError());
          }, START_TIMEOUT_MS);
          navigate(DOWNLOAD_PATH + token);
          break;
        case "pull":
          clearTimeout(notStarted);
          sending = sending.then(() => sendChunks(data.chunks)).catch((e) => {
            send({ type: "error", message: e instanceof Error ? e.message : String(e) });
            stop(e);
          });
          break;
        case "cancel":
          reader.cancel().catch(() => {});
          stop(new DownloadCancelledError());
          break;
        case "done":
          resolve();
          break;
      }
    };
  });
  postToWorker(worker, { type: "download", token, name, size, port: port2 }, [port2]);
  return finished.finally(() => {
    clearInterval(keepAlive);
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
 * Starts the download: a navigation of this page that the worker answers with an attachment (or,
 * for a token it lost, 204 No Content), so the page stays where it is.
 */
function navigate(url: string): void {
  const a = document.createElement("a");
  a.href = url;
  document.body.append(a);
  a.click();
  a.remove();
}
