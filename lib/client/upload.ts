/**
 * Uploads a ciphertext stream as a share: in ONE request when it fits one part, otherwise
 * create + parts in parallel (each retried with backoff; parts are idempotent) + complete.
 * Memory stays bounded: at most `parallel` parts in flight plus the one being filled. An upload
 * that fails or is aborted after its create is deleted, so it holds no storage until its deadline.
 * @module
 */
import { toBase64url } from "../crypto/mod.ts";
import { CompleteResponse, CreateRequest, CreateResponse, PART_SIZE } from "../api/mod.ts";
import { getConfig } from "./config.ts";
import { deleteShare } from "./delete.ts";
import { ApiError, ServerError } from "./errors.ts";
import { apiRequest, readAnswer, type RequestOptions, withRetry } from "./http.ts";
import { formatDeleteLink } from "./links.ts";
import { type Part, partsOf } from "./parts.ts";

/** Longest wait for an answer to a create or complete before the attempt counts as failed. */
const REQUEST_TIMEOUT = 60_000;
/** Longest time one part's upload may take (4 MiB at ≥ 35 KB/s) before it is retried. */
const PART_TIMEOUT = 120_000;

/**
 * Sends one part's request like `fetch(url, init)` and calls `onSent` with how many bytes of its
 * body have left so far (as `XMLHttpRequest`'s upload progress tells them), so that the
 * upload's progress moves within a part and not only when a whole part is stored.
 */
export type PartSender = (
  url: URL,
  init: RequestInit,
  onSent: (bytes: number) => void,
) => Promise<Response>;

/** Public KDF parameters of a password share, as the server stores them. */
export interface PublicKdf {
  /** PBKDF2 salt (16 bytes). */
  salt: Uint8Array;
  /** PBKDF2 iterations. */
  iterations: number;
}

/** Options of {@link uploadCiphertext}. */
export interface UploadOptions extends RequestOptions {
  /** The server's base URL, e.g. `https://share.example`. */
  server: string;
  /** The ciphertext, header first. */
  ciphertext: ReadableStream<Uint8Array>;
  /**
   * The ciphertext's chunks are the upload's alone, each with an ArrayBuffer of its own (as
   * encryptStream's output is): each is freed once copied into a part, instead of left for the
   * garbage collector.
   */
  freeCiphertext?: boolean;
  /** The ciphertext's size when known in advance (lets the server refuse too large at once). */
  size: number | null;
  /** SHA-256 of the read token. */
  readTokenHash: Uint8Array;
  /** KDF parameters for a password share, else null. */
  kdf: PublicKdf | null;
  /** Lifetime in seconds; the server's default when absent. */
  expiresIn?: number;
  /** View limit; unlimited when absent or null. */
  views?: number | null;
  /** The server's upload token, for servers that require one. */
  uploadToken?: string;
  /**
   * Ciphertext bytes per part; the contract's `PART_SIZE` by default (a server with another size
   * is asked and obeyed).
   */
  partSize?: number;
  /** Parts uploading at once (default 4). */
  parallel?: number;
  /** Milliseconds one part's upload may take before it is abandoned and retried (120 s). */
  partTimeout?: number;
  /**
   * Send each part as a stream of 64 KiB slices rather than a Blob. In Deno this keeps the
   * process's memory flat; browsers refuse streaming request bodies over HTTP/1.1, so they leave
   * it off and send Blobs (Chromium copies an ArrayBuffer body on the calling thread for
   * hundreds of milliseconds per 4 MiB part; a Blob it hands to its network process as is).
   */
  streamParts?: boolean;
  /**
   * Sends the part requests instead of `fetch`, reporting the bytes that left (the browser's
   * upload worker passes one built on `XMLHttpRequest`); without it progress moves per part.
   */
  sendPart?: PartSender;
  /**
   * Called with the ciphertext bytes sent so far and the total when known: as the bytes leave
   * when `sendPart` reports them, else as parts are stored. Never decreases (a retried part
   * counts once).
   */
  onProgress?: (sent: number, total: number | null) => void;
}

/** What the server answered for a stored share. */
export interface UploadResult {
  /** The share id. */
  id: string;
  /** The token that deletes the share. */
  deleteToken: string;
  /** When the share expires (ISO 8601). */
  expiresAt: string;
  /** Ciphertext bytes stored. */
  size: number;
}

/**
 * Stores `ciphertext` as a new share and resolves once it is complete and readable.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { uploadCiphertext } from "./upload.ts";
 * import { deriveKeys, encryptStream, generateSecret } from "../crypto/mod.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A server in this process on an in-memory KV; over the network, leave out `fetch`.
 * await using kv = await Deno.openKv(":memory:");
 * const app = createApp({ kv, config: loadConfig({}) });
 * const fetch = (async (input: URL | RequestInfo, init?: RequestInit) =>
 *   await app.fetch(new Request(input, init))) as typeof globalThis.fetch;
 *
 * const keys = await deriveKeys(generateSecret());
 * const ciphertext = new Blob(["a package"]).stream().pipeThrough(encryptStream(keys));
 * const { id, deleteToken } = await uploadCiphertext({
 *   server: "http://localhost:8000",
 *   ciphertext,
 *   size: null,
 *   readTokenHash: keys.readTokenHash,
 *   kdf: null,
 *   fetch,
 * });
 * assert(id.length === 22 && deleteToken.length === 43);
 * ```
 */
export async function uploadCiphertext(options: UploadOptions): Promise<UploadResult> {
  const partSize = options.partSize ?? PART_SIZE;
  const free: Uint8Array<ArrayBuffer>[] = [];
  const parts = partsOf(options.ciphertext, partSize, {
    free,
    freeChunks: options.freeCiphertext,
  });
  try {
    const first = await parts.next();
    if (first.done) throw new Error("unreachable: partsOf always yields a part");
    if (!first.value.last) {
      return await uploadInParts(options, withFirst(first.value, parts), partSize, free);
    }
    const bytes = first.value.bytes;
    try {
      const created = await createRequest(options, {
        size: bytes.length,
        data: toBase64url(bytes),
      });
      await discardIfAborted(options, created);
      options.onProgress?.(bytes.length, bytes.length);
      return {
        id: created.id,
        deleteToken: created.deleteToken,
        expiresAt: created.expiresAt,
        size: bytes.length,
      };
    } catch (e) {
      // A server with smaller parts than guessed refuses the single request: ask it, use parts.
      if (!(e instanceof ApiError && e.status === 413) || options.partSize !== undefined) throw e;
      const config = await getConfig(options.server, options);
      if (bytes.length <= config.partSize) throw e;
      const reparts = partsOf(streamOf([bytes]), config.partSize);
      return await uploadInParts(options, reparts, config.partSize, []);
    }
  } finally {
    await parts.return(undefined);
  }
}

/** Create, parts cut to `partSize` (their buffers recycled through `free`), complete. */
async function uploadInParts(
  options: UploadOptions,
  parts: AsyncIterable<Part>,
  partSize: number,
  free: Uint8Array<ArrayBuffer>[],
): Promise<UploadResult> {
  const created = await createRequest(options, { size: options.size, data: null });
  if (created.complete) {
    await discard(options, created);
    throw new ServerError(201, "unknown", "the server completed a share that has no data yet");
  }
  await discardIfAborted(options, created);
  try {
    // The server's part size rules; when it differs from the guess, cut the stream again (with
    // buffers of its own size).
    const recut: Uint8Array<ArrayBuffer>[] = [];
    const size = created.partSize === partSize
      ? await uploadParts(options, created, parts, free)
      : await uploadParts(
        options,
        created,
        partsOf(streamOf(bytesOf(parts)), created.partSize, { free: recut }),
        recut,
      );
    const completed = await withRetry(
      () =>
        apiRequest(
          options.server,
          `/api/shares/${created.id}/complete`,
          {
            method: "POST",
            headers: {
              authorization: `Bearer ${created.writeToken}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({ size }),
          },
          options,
          REQUEST_TIMEOUT,
        ),
      { signal: options.signal },
    );
    const done = await readAnswer(completed, CompleteResponse);
    if (done.size !== size) {
      throw new ServerError(200, "unknown", `the server stored ${done.size} bytes, not ${size}`);
    }
    return { id: created.id, deleteToken: created.deleteToken, expiresAt: done.expiresAt, size };
  } catch (e) {
    // Nobody will complete it (and if the complete's answer was lost, nobody has its link).
    await discard(options, created);
    throw e;
  }
}

/**
 * Deletes what a create made, when the upload will not finish: it would otherwise hold the
 * server's storage (quota) until its deadline. Best effort: the server sweeps it then anyway.
 */
async function discard(options: UploadOptions, created: CreateResponse): Promise<void> {
  const link = formatDeleteLink(new URL(options.server).origin, created.id, created.deleteToken);
  await deleteShare(link, {
    fetch: options.fetch,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT),
  }).catch(() => {});
}

/** When the upload was aborted while its create was answered: deletes it, throws the reason. */
async function discardIfAborted(options: UploadOptions, created: CreateResponse): Promise<void> {
  if (!options.signal?.aborted) return;
  await discard(options, created);
  options.signal.throwIfAborted();
}

/**
 * `POST /api/shares`; retried only on no answer or 5xx before the server created anything. An
 * abort stops the retries but not a request on its way: its answer names what was created, so
 * that the caller can delete it rather than leave it behind.
 */
async function createRequest(
  options: UploadOptions,
  content: Pick<CreateRequest, "size" | "data">,
): Promise<CreateResponse> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.uploadToken) headers.authorization = `Bearer ${options.uploadToken}`;
  const request: CreateRequest = {
    ...content,
    expiresIn: options.expiresIn ?? null,
    views: options.views ?? null,
    readTokenHash: toBase64url(options.readTokenHash),
    kdf: options.kdf && { salt: toBase64url(options.kdf.salt), iterations: options.kdf.iterations },
  };
  // Null fields are left out: the server reads an absent field as null, and the body is smaller.
  const body = JSON.stringify(request, (_key, value) => value ?? undefined);
  // A retried create may leave an orphan upload behind; the server's short upload TTL removes it.
  options.signal?.throwIfAborted();
  const res = await withRetry(
    () =>
      apiRequest(
        options.server,
        "/api/shares",
        { method: "POST", headers, body },
        { fetch: options.fetch },
        REQUEST_TIMEOUT,
      ),
    { signal: options.signal, attempts: 3 },
  );
  return await readAnswer(res, CreateResponse);
}

/** A fresh stream over `bytes` in 64 KiB views (no copies); one per attempt. */
function slices(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(bytes.subarray(offset, offset + 65_536));
      offset += 65_536;
      if (offset >= bytes.length) controller.close();
    },
  }, { highWaterMark: 0 });
}

/** `first`, then the rest of the parts. */
async function* withFirst(first: Part, rest: AsyncIterable<Part>): AsyncGenerator<Part> {
  yield first;
  yield* rest;
}

/** A stream over an (async) iterable; `ReadableStream.from` is missing in Chromium. */
function streamOf(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): ReadableStream<Uint8Array> {
  const it = Symbol.asyncIterator in chunks
    ? chunks[Symbol.asyncIterator]()
    : chunks[Symbol.iterator]();
  return new ReadableStream({
    async pull(controller) {
      const r = await it.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    async cancel() {
      await it.return?.();
    },
  }, { highWaterMark: 0 });
}

/** The parts' bytes as a plain sequence of chunks. */
async function* bytesOf(parts: AsyncIterable<Part>): AsyncGenerator<Uint8Array> {
  for await (const part of parts) yield part.bytes;
}

/**
 * Uploads the parts with at most `parallel` requests in flight; resolves
 * with the total size. The first failure (after its retries) aborts the others.
 */
async function uploadParts(
  options: UploadOptions,
  created: Extract<CreateResponse, { complete: false }>,
  parts: AsyncIterable<Part>,
  free: Uint8Array<ArrayBuffer>[],
): Promise<number> {
  const parallel = Math.max(1, options.parallel ?? 4);
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(options.signal!.reason);
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  let stored = 0;
  let total = 0;
  // Bytes seen leaving for each part in flight (the most of any attempt: progress never goes back).
  const leaving = new Map<number, number>();
  const report = () => {
    let sent = stored;
    for (const n of leaving.values()) sent += n;
    options.onProgress?.(sent, options.size);
  };
  const transport = (index: number): typeof fetch | undefined => {
    const sendPart = options.sendPart;
    if (!sendPart) return options.fetch;
    const onSent = (bytes: number) => {
      if (bytes <= (leaving.get(index) ?? 0)) return;
      leaving.set(index, bytes);
      report();
    };
    return ((input: URL | RequestInfo, init?: RequestInit) =>
      sendPart(new URL(String(input)), init ?? {}, onSent)) as typeof fetch;
  };

  const send = (index: number, bytes: Uint8Array<ArrayBuffer>) => {
    total += bytes.length;
    // A Blob holds a copy of the bytes: the buffer can take a later part at once.
    const body = options.streamParts ? null : new Blob([bytes]);
    if (body && bytes.length === created.partSize) free.push(bytes);
    const p = withRetry(
      () =>
        apiRequest(
          options.server,
          `/api/shares/${created.id}/parts/${index}`,
          {
            method: "PUT",
            headers: {
              authorization: `Bearer ${created.writeToken}`,
              "content-type": "application/octet-stream",
            },
            body: body ?? slices(bytes),
          },
          { fetch: transport(index), signal: abort.signal },
          options.partTimeout ?? PART_TIMEOUT,
        ),
      { signal: abort.signal },
    ).then(async (res) => {
      await res.body?.cancel();
      // The request is done with the bytes: the buffer can hold a later part.
      if (!body && bytes.length === created.partSize) free.push(bytes);
      leaving.delete(index);
      stored += bytes.length;
      report();
    }, (error) => {
      if (!failure) failure = { error };
      abort.abort(error);
    }).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  try {
    for await (const part of parts) {
      while (inFlight.size >= parallel && !failure) await Promise.race(inFlight);
      if (failure) break;
      send(part.index, part.bytes);
    }
    await Promise.all(inFlight);
    if (failure) throw (failure as { error: unknown }).error;
    return total;
  } finally {
    abort.abort();
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
}
