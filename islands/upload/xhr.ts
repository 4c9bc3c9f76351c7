/**
 * A part request sent with `XMLHttpRequest`, which — unlike `fetch` — reports how much of a
 * request body has left: lib/client's upload counts those bytes, so the progress bar moves
 * within a 4 MiB part. Runs in the upload worker (and would on a page).
 * @module
 */
import type { PartSender } from "../../lib/client/mod.ts";

/** Statuses whose response must have no body (the `Response` constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Sends `init` to `url` as `fetch` would and resolves with the answer as a `Response`; calls
 * `onSent` as the body leaves. Like `fetch`, it rejects with a `TypeError` when no answer comes
 * and with the signal's reason on an abort.
 * @example
 * ```ts
 * import { sendWithProgress } from "./xhr.ts";
 * const res = await sendWithProgress(
 *   new URL("/api/shares/q3Xh0s5c9m1Jd0l5bY2Vtw/parts/0", location.origin),
 *   { method: "PUT", body: new Blob([new Uint8Array(1024)]) },
 *   (bytes) => console.log(`${bytes} bytes sent`),
 * );
 * ```
 */
export const sendWithProgress: PartSender = (url, init, onSent) =>
  new Promise((resolve, reject) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(init.method ?? "GET", url);
    new Headers(init.headers).forEach((value, name) => xhr.setRequestHeader(name, value));
    xhr.responseType = "blob";
    const onAbort = () => xhr.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const settle = () => signal?.removeEventListener("abort", onAbort);
    xhr.upload.onprogress = (e) => onSent(e.loaded);
    xhr.onload = () => {
      settle();
      resolve(
        new Response(NULL_BODY.has(xhr.status) ? null : xhr.response as Blob, {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: responseHeaders(xhr.getAllResponseHeaders()),
        }),
      );
    };
    xhr.onerror = xhr.ontimeout = () => {
      settle();
      reject(new TypeError(`no answer from ${url.origin}`));
    };
    xhr.onabort = () => {
      settle();
      reject(signal?.reason ?? new DOMException("The request was aborted", "AbortError"));
    };
    xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
  });

/** `getAllResponseHeaders()`'s CRLF-separated `name: value` lines as `Headers`. */
function responseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}
