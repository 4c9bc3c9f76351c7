/**
 * Bundle entry of the view pages' service worker (scope `/s/`, see islands/sw/protocol.ts). It
 * answers only its own URLs; every other request goes to the network untouched, so the pages
 * behave the same with or without it.
 * @module
 */
import { acceptOffer, downloadResponse } from "../sw/download.ts";
import { DOWNLOAD_PATH, type ToServiceWorker } from "../sw/protocol.ts";

/** The events of a service worker's global scope this module uses. */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
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
  clients: { claim(): Promise<void> };
  location: Location;
}

const scope = globalThis as unknown as WorkerScope;

// A new version takes over at once, and controls pages already open: a page that registered it
// can use it without a reload.
scope.addEventListener("install", (e) => e.waitUntil(scope.skipWaiting()));
scope.addEventListener("activate", (e) => e.waitUntil(scope.clients.claim()));

scope.addEventListener("message", ({ data }) => {
  if (data?.type === "download") acceptOffer(data);
  // "keepalive" needs no answer: receiving it is what keeps the worker running.
});

scope.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (url.origin !== scope.location.origin) return;
  if (url.pathname.startsWith(DOWNLOAD_PATH)) {
    e.respondWith(downloadResponse(url.pathname.slice(DOWNLOAD_PATH.length)));
  }
});
