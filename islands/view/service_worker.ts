/**
 * The view page's service worker (islands/workers/sw.ts): registered as the page starts, for
 * `/s/` only, so it is ready by the time a large share needs it. Service workers exist only in
 * secure contexts (HTTPS, or localhost), and not in every browser mode (Firefox's private
 * windows): without one the page keeps its in-memory paths and says so.
 * @module
 */
import { SW_SCOPE, type ToServiceWorker } from "../sw/protocol.ts";

/** Why the page has no service worker: not a secure context, no support, or it did not start. */
export type NoWorkerReason = "insecure" | "unsupported" | "failed";

/** The registered worker, or why there is none (for the page to explain). */
export type ServiceWorkerAccess =
  | { worker: ServiceWorker }
  | { worker: null; reason: NoWorkerReason };

/** How long the page waits for a worker to become active before doing without. */
const ACTIVATION_TIMEOUT_MS = 10_000;

/**
 * Registers the worker from `url` (the asset manifest's `workers.sw`) and resolves once it is
 * active. Never rejects.
 * @example
 * ```ts
 * import { startServiceWorker } from "./service_worker.ts";
 * if ("document" in globalThis) { // in the view page
 *   const access = await startServiceWorker("/static/build/worker-sw-AbCd.js");
 *   if (access.worker === null) console.log(`streamed downloads unavailable: ${access.reason}`);
 * }
 * ```
 */
export async function startServiceWorker(url: string): Promise<ServiceWorkerAccess> {
  if (!globalThis.isSecureContext) return { worker: null, reason: "insecure" };
  const container = navigator.serviceWorker;
  if (!container) return { worker: null, reason: "unsupported" };
  try {
    // A classic worker: the bundle has no import or export, and module service workers are
    // newer than the browsers this page serves.
    const registration = await container.register(url, { scope: SW_SCOPE });
    const worker = await activeWorker(registration);
    return worker ? { worker } : { worker: null, reason: "failed" };
  } catch {
    return { worker: null, reason: "failed" };
  }
}

/** The registration's worker once it is active, or null when it does not get there in time. */
function activeWorker(registration: ServiceWorkerRegistration): Promise<ServiceWorker | null> {
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker) return Promise.resolve(null);
  if (worker.state === "activated") return Promise.resolve(worker);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ACTIVATION_TIMEOUT_MS);
    worker.addEventListener("statechange", () => {
      if (worker.state !== "activated" && worker.state !== "redundant") return;
      clearTimeout(timer);
      resolve(worker.state === "activated" ? worker : null);
    });
  });
}

/**
 * Posts a message to the worker, transferring `transfer`.
 * @example
 * ```ts
 * import { postToWorker } from "./service_worker.ts";
 * declare const worker: ServiceWorker; // from startServiceWorker
 * postToWorker(worker, { type: "keepalive" });
 * ```
 */
export function postToWorker(
  worker: ServiceWorker,
  message: ToServiceWorker,
  transfer: Transferable[] = [],
): void {
  worker.postMessage(message, transfer);
}

/** Milliseconds between keep-alive messages: well inside the ~30 s after which browsers stop an idle worker. */
const KEEPALIVE_MS = 10_000;

/**
 * Keeps the worker running while something streams through it (a download, a playing video):
 * browsers stop an idle service worker after ~30 s, and a message event counts as activity where
 * a stream does not. Returns the function that stops the messages.
 * @example
 * ```ts
 * import { keepWorkerAlive } from "./service_worker.ts";
 * declare const worker: ServiceWorker; // from startServiceWorker
 * const stop = keepWorkerAlive(worker);
 * // …the download ends:
 * stop();
 * ```
 */
export function keepWorkerAlive(worker: ServiceWorker): () => void {
  const timer = setInterval(() => {
    try {
      postToWorker(worker, { type: "keepalive" });
    } catch {
      // a worker replaced meanwhile: the stream's own messages say whether it goes on
    }
  }, KEEPALIVE_MS);
  return () => clearInterval(timer);
}
