/**
 * Opening a share from its view link: the read token proves the key (and password) to the
 * server, the ciphertext streams through decryption and unpacking. A share without a password
 * takes one request.
 * @module
 */
import { EXPIRES_AT_HEADER, ShareInfo, VIEWS_LEFT_HEADER } from "../api/mod.ts";
import {
  decryptStream,
  deriveKeys,
  type FileEntry,
  fromBase64url,
  type Manifest,
  parseLink,
  type ShareKeys,
  toBase64url,
  unpack,
} from "../crypto/mod.ts";
import { ApiError, KeyRejectedError, PasswordRequiredError, WrongPasswordError } from "./errors.ts";
import { apiRequest, readAnswer, type RequestOptions, withRetry } from "./http.ts";

/**
 * Fetches a share's public metadata (no view is used). Throws
 * {@link import("./errors.ts").NotFoundError} when it is gone.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getShareInfo } from "./read.ts";
 * // Stands in for the server; over the network, leave out `fetch`.
 * const fetch = (() =>
 *   Promise.resolve(Response.json({
 *     id: "q3Xh0s5c9m1Jd0l5bY2Vtw",
 *     size: 1234,
 *     createdAt: "2026-11-23T10:00:00.000Z",
 *     expiresAt: "2026-11-24T10:00:00.000Z",
 *     viewsLeft: null,
 *     kdf: null,
 *   }))) as typeof globalThis.fetch;
 * const info = await getShareInfo("https://share.example", "q3Xh0s5c9m1Jd0l5bY2Vtw", { fetch });
 * assert(info.kdf === null); // no password needed
 * ```
 */
export async function getShareInfo(
  server: string,
  id: string,
  options: RequestOptions = {},
): Promise<ShareInfo> {
  const res = await withRetry(
    () => apiRequest(server, `/api/shares/${id}`, { method: "GET" }, options),
    { signal: options.signal, attempts: 3 },
  );
  return await readAnswer(res, ShareInfo);
}

/** Options of {@link openShare}. */
export interface OpenShareOptions extends RequestOptions {
  /**
   * The password: a string when known ahead, or a function asked only when the share turns out
   * to need one. Without it a password share fails with {@link PasswordRequiredError}.
   */
  password?: string | (() => Promise<string>);
  /** Records decrypting at once (lib/crypto's default when absent). */
  concurrency?: number;
  /** Called as the ciphertext arrives, with the bytes received and the total when the server said. */
  onProgress?: (received: number, total: number | null) => void;
}

/** An opened share: its manifest and the files' plaintext, streaming. */
export interface OpenedShare {
  /** The decrypted manifest. */
  manifest: Manifest;
  /**
   * The files in manifest order. Consume (or cancel) each body before asking for the next; the
   * iteration ends only once the whole stream authenticated, and errors otherwise.
   */
  files: AsyncIterableIterator<{ entry: FileEntry; body: ReadableStream<Uint8Array> }>;
  /** Views left after this one, or null when unlimited. */
  viewsLeft: number | null;
  /** Expiry time (ISO 8601). */
  expiresAt: string;
  /** Ciphertext bytes that will stream. */
  size: number;
}

/**
 * Opens the share behind a view link, using one view. Throws
 * {@link import("./errors.ts").NotFoundError}, {@link PasswordRequiredError},
 * {@link WrongPasswordError} or {@link KeyRejectedError} (no view used for the last three), and
 * lib/crypto's `LinkError` for a malformed link. Decryption errors (`TamperedError`...) surface
 * while the bodies stream.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openShare } from "./read.ts";
 * import { createShare } from "./create.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A server in this process on an in-memory KV; over the network, leave out `fetch`.
 * await using kv = await Deno.openKv(":memory:");
 * const app = createApp({ kv, config: loadConfig({}) });
 * const fetch = (async (input: URL | RequestInfo, init?: RequestInit) =>
 *   await app.fetch(new Request(input, init))) as typeof globalThis.fetch;
 * const { link } = await createShare({
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "note.txt", type: "text/plain", size: 2 }],
 * }, [new Blob(["hi"]).stream()], {
 *   server: "http://localhost:8000",
 *   password: "hunter2",
 *   fetch,
 * });
 *
 * const askPassword = () => Promise.resolve("hunter2"); // asked only if the share has one
 * const share = await openShare(link, { password: askPassword, fetch });
 * for await (const { entry, body } of share.files) {
 *   assert(entry.name === "note.txt" && (await new Response(body).text()) === "hi");
 * }
 * ```
 */
export async function openShare(
  link: string,
  options: OpenShareOptions = {},
): Promise<OpenedShare> {
  const { origin, id, secret } = parseLink(link);
  let keys: ShareKeys;
  let res: Response;
  if (typeof options.password === "string") {
    // Known password: fetch the KDF parameters first rather than spend a failed token attempt.
    const info = await getShareInfo(origin, id, options);
    keys = await keysFor(secret, info, options.password);
    res = await fetchContent(origin, id, keys, options, info.kdf !== null);
  } else {
    keys = await deriveKeys(secret);
    try {
      res = await fetchContent(origin, id, keys, options, false);
    } catch (e) {
      if (!(e instanceof PasswordRequiredError)) throw e;
      const info = await getShareInfo(origin, id, options);
      if (!info.kdf) throw new KeyRejectedError();
      if (!options.password) throw e;
      keys = await keysFor(secret, info, await options.password());
      res = await fetchContent(origin, id, keys, options, true);
    }
  }
  const views = res.headers.get(VIEWS_LEFT_HEADER);
  const length = res.headers.get("content-length");
  const plaintext = counted(res.body!, length, options.onProgress).pipeThrough(decryptStream(keys, {
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    // A connection cut exactly at a record boundary is then named a truncation, with the counts.
    ...(length === null ? {} : { expectedSize: Number(length) }),
  }));
  const { manifest, files } = await unpack(plaintext);
  return {
    manifest,
    files,
    viewsLeft: views === null || views === "unlimited" ? null : Number(views),
    expiresAt: res.headers.get(EXPIRES_AT_HEADER) ?? "",
    size: Number(length ?? NaN),
  };
}

/** `body`, reporting to `onProgress` (when given) as it passes. */
function counted(
  body: ReadableStream<Uint8Array>,
  length: string | null,
  onProgress: OpenShareOptions["onProgress"],
): ReadableStream<Uint8Array> {
  if (!onProgress) return body;
  let received = 0;
  return body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        onProgress(received += chunk.length, length === null ? null : Number(length));
        controller.enqueue(chunk);
      },
    }),
  );
}

/** Derives the keys for `info`'s KDF parameters (or without a password when it has none). */
function keysFor(secret: Uint8Array, info: ShareInfo, password: string): Promise<ShareKeys> {
  if (!info.kdf) return deriveKeys(secret);
  const params = { salt: fromBase64url(info.kdf.salt), iterations: info.kdf.iterations };
  return deriveKeys(secret, { password, params });
}

/**
 * `GET /api/shares/:id/content` with the read token. A refused token (403) becomes
 * {@link WrongPasswordError} when a password was used, else {@link PasswordRequiredError}
 * (which {@link openShare} resolves into a prompt or {@link KeyRejectedError}).
 */
async function fetchContent(
  origin: string,
  id: string,
  keys: ShareKeys,
  options: RequestOptions,
  withPassword: boolean,
): Promise<Response> {
  const token = toBase64url(keys.readToken);
  try {
    return await withRetry(
      () =>
        apiRequest(origin, `/api/shares/${id}/content`, {
          method: "GET",
          headers: { authorization: `Bearer ${token}` },
        }, options),
      { signal: options.signal, attempts: 3 },
    );
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      throw withPassword ? new WrongPasswordError() : new PasswordRequiredError();
    }
    throw e;
  }
}
