/**
 * The service worker's half of media played in place (islands/sw/protocol.ts): it answers a media
 * element's requests for `MEDIA_PATH + token`, `Range` or not, by fetching the records that cover
 * the bytes asked for and decrypting them (lib/crypto decryptFileRange), as the element reads. A
 * record that fails authentication errors the response: no byte of it is ever served.
 *
 * What it serves is inert: the audio or video type the page checked the file's first bytes
 * against (islands/ui/object_url.ts), `nosniff`, and a sandboxing CSP should the URL be opened as
 * a document of its own.
 * @module
 */
import { ciphertextFetcher } from "../../lib/client/mod.ts";
import {
  decryptFileRange,
  TamperedError,
  TruncatedError,
  WrongKeyError,
} from "../../lib/crypto/mod.ts";
import { DOWNLOAD_CSP } from "../../lib/http/security_headers.ts";
import { inertType } from "../ui/object_url.ts";
import type { MediaFailure, MediaSession, MediaSessionQuery } from "./protocol.ts";

/** Milliseconds a page has to give back a session the worker lost. */
const PAGE_ANSWER_MS = 5_000;

/** Sessions by token: lost when the browser stops the worker (then asked of the page again). */
const sessions = new Map<string, MediaSession>();

/**
 * Keeps a page's media session.
 * @example
 * ```ts
 * import { acceptMedia } from "./media.ts";
 * declare const session: import("./protocol.ts").MediaSession; // posted by the view page
 * acceptMedia(session);
 * ```
 */
export function acceptMedia(session: MediaSession): void {
  sessions.set(session.token, session);
}

/** The page a media request came from, as the worker reaches it. */
export interface RequestingPage {
  /** Asks the page for a session the worker lost (null: it has none). */
  session(token: string): Promise<MediaSession | null>;
  /** Tells the page its media failed authentication. */
  failed(failure: MediaFailure): void;
}

/**
 * The answer to a request for a media URL: 200 with the whole file when there is no `Range`, 206
 * with the range asked for (`bytes=a-b`, `a-` or `-n`; a list of ranges is answered whole), 416
 * for a range outside the file, 404 for a token neither the worker nor the page knows. A body
 * that fails authentication errors, and the page hears of it.
 * @example
 * ```ts
 * import { mediaResponse } from "./media.ts";
 * declare const request: Request; // a fetch event's, for MEDIA_PATH + token
 * const page = { session: () => Promise.resolve(null), failed: () => {} }; // nobody knows it
 * const res = await mediaResponse("token", request.headers.get("range"), page);
 * console.log(res.status); // 404: nobody knows this token
 * ```
 */
export async function mediaResponse(
  token: string,
  range: string | null,
  page: RequestingPage,
): Promise<Response> {
  let session = sessions.get(token) ?? null;
  if (!session) {
    session = await page.session(token);
    if (session?.token !== token) return new Response(null, { status: 404 });
    acceptMedia(session);
  }
  const size = session.file.size;
  const wanted = range === null ? null : parseRange(range, size);
  const headers = new Headers({
    "Content-Type": inertType(session.contentType),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": DOWNLOAD_CSP,
    "Accept-Ranges": "bytes",
    "Cache-Control": "no-store",
  });
  if (wanted === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const [start, end] = wanted ?? [0, size];
  const fetch = ciphertextFetcher(
    session.origin,
    session.id,
    session.keys.readToken,
    session.ciphertextSize,
  );
  const decrypted = decryptFileRange(session.keys, {
    header: session.header,
    ciphertextSize: session.ciphertextSize,
    fetch,
    file: session.file,
    start,
    end,
  });
  const body = reportingFailure(
    decrypted,
    (code) => page.failed({ type: "media-failed", token, code }),
  );
  headers.set("Content-Length", String(end - start));
  if (wanted === null) return new Response(body, { status: 200, headers });
  headers.set("Content-Range", `bytes ${start}-${end - 1}/${size}`);
  return new Response(body, { status: 206, headers });
}

/**
 * `body`, telling `onFailure` the code of an authentication failure before erroring with it (a
 * network failure errors too, but the player's retry may well succeed).
 */
function reportingFailure(
  body: ReadableStream<Uint8Array>,
  onFailure: (code: string) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        const failed = e instanceof TamperedError || e instanceof TruncatedError ||
          e instanceof WrongKeyError;
        if (failed) onFailure(e.code);
        throw e;
      }
    },
    cancel: (reason) => reader.cancel(reason),
  }, { highWaterMark: 0 });
}

/**
 * Asks a page for the session of `token` over a fresh channel; null when it has none or does not
 * answer within a few seconds (a page that is closing, say).
 * @example
 * ```ts
 * import { sessionFromPage } from "./media.ts";
 * declare const client: { postMessage(message: unknown, transfer: Transferable[]): void };
 * const session = await sessionFromPage(client, "token"); // the page that asked for the media
 * ```
 */
export function sessionFromPage(
  client: { postMessage(message: MediaSessionQuery, transfer: Transferable[]): void },
  token: string,
): Promise<MediaSession | null> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    const done = (session: MediaSession | null) => {
      clearTimeout(timer);
      port1.close();
      resolve(session);
    };
    const timer = setTimeout(() => done(null), PAGE_ANSWER_MS);
    port1.onmessage = ({ data }: MessageEvent<MediaSession | null>) =>
      done(data?.type === "media" ? data : null);
    client.postMessage({ type: "media-session", token }, [port2]);
  });
}

/**
 * A single `bytes=` range of a `size`-byte file as [start, end), null for a header this does not
 * answer as a range (several ranges, another unit: RFC 9110 lets a server send the whole), or
 * "unsatisfiable".
 */
function parseRange(header: string, size: number): [number, number] | null | "unsatisfiable" {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0 || size === 0 ? "unsatisfiable" : [Math.max(0, size - suffix), size];
  }
  const start = Number(match[1]);
  if (match[2] !== "" && Number(match[2]) < start) return null; // invalid: ignored (RFC 9110)
  if (start >= size) return "unsatisfiable";
  const last = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return [start, last + 1];
}
