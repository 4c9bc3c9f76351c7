/**
 * Playing a large audio or video share in place: the page opens it for random access (large.ts's
 * openManifestFirst: the header and record 0, no view used) and hands the service worker a media
 * session (islands/sw/protocol.ts); the player's `Range` requests then fetch and decrypt only the
 * records they cover, so seeking in a long video downloads nothing before the point sought.
 *
 * Only a share without a view limit (the server answers ranges for no other), above the large
 * share threshold, of one audio or video file in a container the page knows (checked on its first
 * bytes, as for blob URLs: islands/ui/object_url.ts), stored as is (not gzip-encoded) and of known
 * size, and only in a page the worker controls. Anything else is offered as any large share.
 * @module
 */
import type { OpenedRangedShare } from "../../lib/client/mod.ts";
import { decryptFileRange, type FileLocation, type Manifest } from "../../lib/crypto/mod.ts";
import { toBase64url } from "../../lib/crypto/mod.ts";
import { MEDIA_HEAD_BYTES, mediaTypeOfHead, OPAQUE_TYPE } from "../ui/object_url.ts";
import {
  MEDIA_PATH,
  type MediaFailure,
  type MediaSession,
  type MediaSessionQuery,
} from "../sw/protocol.ts";
import type { ServiceWorkerAccess } from "./service_worker.ts";
import { postToWorker } from "./service_worker.ts";

/** Milliseconds the page waits for the worker to control it before opening the share whole. */
const CONTROL_TIMEOUT_MS = 3_000;

/** A share being played in place. */
export interface InPlaceMedia {
  /** The decrypted manifest (one file). */
  manifest: Manifest;
  /** What the player is: by the file's checked type. */
  kind: "audio" | "video";
  /** The worker's URL of the decrypted file. */
  url: string;
  /** The worker that serves it (keep-alive messages go there while it plays). */
  worker: ServiceWorker;
  /** Calls `listener` (once) should the media fail authentication in the worker. */
  onFailure(listener: () => void): void;
  /** Forgets the session: call when the player goes away. */
  close(): void;
}

/** Sessions this page handed to the worker, by token: answers for a worker that lost them. */
const sessions = new Map<string, MediaSession>();

/** What to do, by token, when the worker reports a media's failed authentication. */
const failureListeners = new Map<string, () => void>();

/**
 * Plays `share` (opened for its manifest by large.ts's openManifestFirst) in place, or resolves
 * null when this share or this page cannot (see the module's conditions): the caller then offers
 * it as any large share.
 * @example
 * ```ts
 * import { openManifestFirst } from "./large.ts";
 * import { playInPlace } from "./play_in_place.ts";
 * import { startServiceWorker } from "./service_worker.ts";
 * if ("document" in globalThis) { // in the view page
 *   const facts = { viewsLeft: null, password: false, expiresAt: "2026-12-01T10:00:00.000Z", size: 5e8 };
 *   const share = await openManifestFirst(location.href, null, facts);
 *   const worker = startServiceWorker("/static/build/worker-sw-3c4d.js");
 *   const media = share && await playInPlace(share, worker);
 *   if (media) document.querySelector("video")!.src = media.url;
 * }
 * ```
 */
export async function playInPlace(
  share: OpenedRangedShare,
  access: Promise<ServiceWorkerAccess>,
): Promise<InPlaceMedia | null> {
  const file = playableFile(share);
  if (!file || (await access).worker === null) return null;
  const worker = await controller();
  if (!worker) return null;
  const contentType = await checkedType(share, file);
  if (contentType === OPAQUE_TYPE) return null;
  const session: MediaSession = {
    type: "media",
    token: toBase64url(crypto.getRandomValues(new Uint8Array(16))),
    origin: share.origin,
    id: share.id,
    keys: share.keys,
    header: share.header.bytes,
    ciphertextSize: share.ciphertextSize,
    file: { offset: file.offset, size: file.size },
    contentType,
  };
  answerWorkerQueries();
  sessions.set(session.token, session);
  postToWorker(worker, session);
  return {
    manifest: share.manifest,
    kind: contentType.startsWith("video/") ? "video" : "audio",
    url: MEDIA_PATH + session.token,
    worker,
    onFailure: (listener) => failureListeners.set(session.token, listener),
    close: () => {
      sessions.delete(session.token);
      failureListeners.delete(session.token);
    },
  };
}

/** The share's one file when it is audio or video stored as is with a known size. */
function playableFile(share: OpenedRangedShare): FileLocation | null {
  if (share.manifest.kind !== "files" || share.files.length !== 1) return null;
  const [file] = share.files;
  const { entry } = file;
  if (entry.encoding !== undefined || entry.size === null) return null;
  return /^(audio|video)\//i.test(entry.type.trim()) ? file : null;
}

/** The inert type the file's first bytes bear out, or {@link OPAQUE_TYPE}. */
async function checkedType(share: OpenedRangedShare, file: FileLocation): Promise<string> {
  const head = decryptFileRange(share.keys, {
    header: share.header.bytes,
    ciphertextSize: share.ciphertextSize,
    fetch: share.fetch,
    file,
    end: Math.min(MEDIA_HEAD_BYTES, file.size),
  });
  return mediaTypeOfHead(new Uint8Array(await new Response(head).arrayBuffer()), file.entry.type);
}

/**
 * The worker controlling this page, waiting a little for it to claim a page that registered it
 * just now; null for a page it does not control (a hard reload bypasses the worker): a media
 * element's requests would not reach it.
 */
function controller(): Promise<ServiceWorker | null> {
  const container = navigator.serviceWorker;
  if (container.controller) return Promise.resolve(container.controller);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      container.removeEventListener("controllerchange", done);
      resolve(container.controller);
    };
    const timer = setTimeout(done, CONTROL_TIMEOUT_MS);
    container.addEventListener("controllerchange", done);
  });
}

let answering = false;

/**
 * Answers the worker's {@link MediaSessionQuery}s from {@link sessions}: the browser stops an idle
 * worker and its memory goes with it, while the page keeps its sessions for as long as it lives.
 * Also hears of a {@link MediaFailure}.
 */
function answerWorkerQueries(): void {
  if (answering) return;
  answering = true;
  const container = navigator.serviceWorker;
  container.addEventListener("message", (e: MessageEvent<MediaSessionQuery | MediaFailure>) => {
    if (e.data?.type === "media-failed") failureListeners.get(e.data.token)?.();
    if (e.data?.type !== "media-session" || !e.ports[0]) return;
    e.ports[0].postMessage(sessions.get(e.data.token) ?? null);
  });
  // Messages from the worker wait in a queue until this (or an `onmessage` handler) starts it.
  container.startMessages();
}
