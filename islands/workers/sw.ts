/**
 * Bundle entry of the view pages' service worker (scope `/s/`, see islands/sw/protocol.ts). It
 * answers only its own URLs; every other request goes to the network untouched, so the pages
 * behave the same with or without it.
 * @module
 */
import { acceptOffer, downloadResponse } from "../sw/download.ts";
import { acceptMedia, mediaResponse, type RequestingPage, sessionFromPage } from "../sw/media.ts";
import {
  DOWNLOAD_PATH,
  MEDIA_PATH,
  type MediaFailure,
  type MediaSessionQuery,
  type ToServiceWorker,
} from "../sw/protocol.ts";

/** The events of a service worker's global scope this module uses. */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  /** The page that made the request ("" for a navigation). */
  clientId: string;
  respondWith(response: Response | Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: "install" | "activate", listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (e: FetchEvent) => void): void;
  addEventListener(
    type: "message",
    listener: (e: ExtendableEvent & MessageEvent<ToServiceWorker>) => void,
  ): void;
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    get(id: string): Promise<PageClient | undefined>;
  };
  location: Location;
}

/** A page, as the worker posts to it. */
interface PageClient {
  postMessage(message: MediaSessionQuery | MediaFailure, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

// A new version takes over at once, and controls pages already open: a page that registered it
// can use it without a reload.
scope.addEventListener("install", (e) => e.waitUntil(scope.skipWaiting()));
scope.addEventListener("activate", (e) => e.waitUntil(scope.clients.claim()));

scope.addEventListener("message", ({ data }) => {
  if (data?.type === "download") acceptOffer(data);
  else if (data?.type === "media") acceptMedia(data);
  // "keepalive" needs no answer: receiving it is what keeps the worker running.
});

scope.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (url.origin !== scope.location.origin) return;
  if (url.pathname.startsWith(DOWNLOAD_PATH)) {
    e.respondWith(downloadResponse(url.pathname.slice(DOWNLOAD_PATH.length)));
  } else if (url.pathname.startsWith(MEDIA_PATH)) {
    const client = e.clientId ? scope.clients.get(e.clientId) : Promise.resolve(undefined);
    const page: RequestingPage = {
      session: async (token) => {
        const found = await client;
        return found ? await sessionFromPage(found, token) : null;
      },
      failed: (failure) => client.then((found) => found?.postMessage(failure, [])),
    };
    const token = url.pathname.slice(MEDIA_PATH.length);
    e.respondWith(mediaResponse(token, e.request.headers.get("range"), page));
  }
});
