/**
 * The service worker's half of a streamed download (islands/sw/protocol.ts): it keeps each offer
 * until its URL is requested, then answers with a response whose body it pulls from the page.
 * At most {@link QUEUED_CHUNKS} chunks wait in the worker at any time, so memory stays flat
 * whatever the share's size.
 * @module
 */
import { DOWNLOAD_CSP } from "../../lib/http/security_headers.ts";
import type { DownloadOffer, ToPage, ToWorker } from "./protocol.ts";

/** Milliseconds the worker waits for the page to open the share and send the file's headers. */
const HEADERS_TIMEOUT_MS = 120_000;

/** Chunks (records of up to 64 KiB) the worker may hold: enough to keep the disk busy. */
export const QUEUED_CHUNKS = 16;

/** Offers posted by pages and not yet requested, by token. */
const offers = new Map<string, DownloadOffer>();

/**
 * Keeps an offer until its URL is requested and tells the page it can follow a link there.
 * @example
 * ```ts
 * import { acceptOffer } from "./download.ts";
 * const { port1, port2 } = new MessageChannel();
 * port1.onmessage = ({ data }) => console.log(data.type); // "ready"
 * acceptOffer({ type: "download", token: "abc", port: port2 });
 * port1.close();
 * port2.close();
 * ```
 */
export function acceptOffer(offer: DownloadOffer): void {
  offers.set(offer.token, offer);
  send(offer.port, { type: "ready" });
}

/**
 * The response to a download URL's request, once the page has started the share and sent the
 * file's headers: the bytes as they come, saved under its name. A token that is unknown or
 * already used (each URL streams once), or a share the page could not open, gets 204 No Content,
 * which leaves the page where it is: the request is a navigation of the view page itself.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acceptOffer, downloadResponse } from "./download.ts";
 * const { port1, port2 } = new MessageChannel();
 * port1.onmessage = ({ data }) => {
 *   if (data.type === "requested") port1.postMessage({ type: "headers", name: "a.txt", size: 2 });
 *   if (data.type !== "pull") return;
 *   port1.postMessage({ type: "chunk", bytes: new TextEncoder().encode("hi") });
 *   port1.postMessage({ type: "end" });
 * };
 * acceptOffer({ type: "download", token: "t1", port: port2 });
 * const res = await downloadResponse("t1");
 * assert.equal(await res.text(), "hi");
 * assert.match(res.headers.get("content-disposition")!, /^attachment; filename="a.txt"/);
 * assert.equal((await downloadResponse("t1")).status, 204); // used once
 * port1.close();
 * ```
 */
export async function downloadResponse(token: string): Promise<Response> {
  const offer = offers.get(token);
  if (!offer) return new Response(null, { status: 204 });
  offers.delete(token);
  const { port } = offer;
  const answer = new Promise<ToWorker | null>((resolve) => {
    port.onmessage = ({ data }) => resolve(data);
    // A page that went away never answers: the request must not wait for ever.
    setTimeout(() => resolve(null), HEADERS_TIMEOUT_MS);
  });
  send(port, { type: "requested" });
  const first = await answer;
  if (first?.type !== "headers") {
    port.close();
    return new Response(null, { status: 204 });
  }
  const headers = new Headers({
    // Whatever the file is, the browser saves it: it is never opened as a page of this origin.
    "Content-Type": "application/octet-stream",
    "Content-Disposition": contentDisposition(first.name),
    "Content-Security-Policy": DOWNLOAD_CSP,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
  });
  if (first.size !== null) headers.set("Content-Length", String(first.size));
  return new Response(pulledFrom(port), { headers });
}

/**
 * The bytes that arrive over `port`, asked for only as the browser reads: the page gets a `pull`
 * for each free place in the queue and sends a chunk per place.
 */
function pulledFrom(port: MessagePort): ReadableStream<Uint8Array> {
  let asked = 0; // chunks asked for that have not arrived
  return new ReadableStream<Uint8Array>({
    start(controller) {
      port.onmessage = ({ data }: MessageEvent<ToWorker>) => {
        if (data.type === "chunk") {
          asked--;
          controller.enqueue(data.bytes);
        } else if (data.type === "end") {
          controller.close();
          send(port, { type: "done" });
          port.close();
        } else if (data.type === "error") {
          controller.error(new Error(data.message));
          port.close();
        }
      };
    },
    pull(controller) {
      const more = (controller.desiredSize ?? 0) - asked;
      if (more > 0) {
        asked += more;
        send(port, { type: "pull", chunks: more });
      }
    },
    cancel() {
      send(port, { type: "cancel" });
      port.close();
    },
  }, new CountQueuingStrategy({ highWaterMark: QUEUED_CHUNKS }));
}

function send(port: MessagePort, message: ToPage): void {
  port.postMessage(message);
}

/**
 * `attachment` with the name twice (RFC 6266): an ASCII fallback, and the exact name as UTF-8
 * (RFC 8187), percent-encoding everything outside its `attr-char` set.
 */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
