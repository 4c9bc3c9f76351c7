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
 * while the bodies stream. Without `options.fetch` (the platform's fetch), each chunk of the
 * response body is freed (detached) as soon as it is decrypted: a `globalThis.fetch` replaced by
 * one that hands out buffers read elsewhere must be passed as `options.fetch` instead.
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
  const { keys, result: res } = await withShareKeys(
    origin,
    id,
    secret,
    options,
    (keys, withPassword) => fetchContent(origin, id, keys, options, withPassword),
  );
  const views = res.headers.get(VIEWS_LEFT_HEADER);
  const length = res.headers.get("content-length");
  const plaintext = counted(res.body!, length, options.onProgress).pipeThrough(decryptStream(keys, {
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    // A connection cut exactly at a record boundary is then named a truncation, with the counts.
    ...(length === null ? {} : { expectedSize: Number(length) }),
    // The platform's fetch hands out each body chunk in a buffer of its own, read by nothing
    // else: freed once decrypted, a large share's chunks do not pile up waiting for the collector.
    freeInput: options.fetch === undefined,
  }));
  // The plaintext is decryptStream's fresh records, read by nothing else.
  const { manifest, files } = await unpack(plaintext, { freeInput: true });
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
 * Derives the share's keys and runs `request` with them (one request for a share without a
 * password): a known password first fetches the KDF parameters rather than spend a failed token
 * attempt; otherwise the keys without a password are tried, and only a
 * {@link PasswordRequiredError} from `request` asks for the password. `request` maps a refused
 * token to {@link WrongPasswordError} when `withPassword`, else to {@link PasswordRequiredError}
 * (as {@link fetchContent} does).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fetchContent, withShareKeys } from "./read.ts";
 * import { createShare } from "./create.ts";
 * import { parseLink } from "../crypto/mod.ts";
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
 * }, [new Blob(["hi"]).stream()], { server: "http://localhost:8000", password: "pw", fetch });
 * const { origin, id, secret } = parseLink(link);
 * const options = { password: () => Promise.resolve("pw"), fetch }; // asked after a refusal
 * const { result } = await withShareKeys(origin, id, secret, options, (keys, withPassword) =>
 *   fetchContent(origin, id, keys, options, withPassword, "bytes=0-7"));
 * assert.equal(result.status, 206);
 * await result.body?.cancel();
 * ```
 */
export async function withShareKeys<T>(
  origin: string,
  id: string,
  secret: Uint8Array,
  options: RequestOptions & Pick<OpenShareOptions, "password">,
  request: (keys: ShareKeys, withPassword: boolean) => Promise<T>,
): Promise<{ keys: ShareKeys; result: T }> {
  if (typeof options.password === "string") {
    const info = await getShareInfo(origin, id, options);
    const keys = await keysFor(secret, info, options.password);
    return { keys, result: await request(keys, info.kdf !== null) };
  }
  const keys = await deriveKeys(secret);
  try {
    return { keys, result: await request(keys, false) };
  } catch (e) {
    if (!(e instanceof PasswordRequiredError)) throw e;
    const info = await getShareInfo(origin, id, options);
    if (!info.kdf) throw new KeyRejectedError();
    if (!options.password) throw e;
    const withPassword = await keysFor(secret, info, await options.password());
    return { keys: withPassword, result: await request(withPassword, true) };
  }
}

/**
 * `GET /api/shares/:id/content` with the read token (and `range`, `bytes=a-b`, when given). A
 * refused token (403) becomes {@link WrongPasswordError} when a password was used, else
 * {@link PasswordRequiredError} (which {@link withShareKeys} resolves into a prompt or
 * {@link KeyRejectedError}).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fetchContent } from "./read.ts";
 * import { WrongPasswordError } from "./errors.ts";
 * // Stands in for a server that refuses the token; over the network, leave out `fetch`.
 * const fetch = (() =>
 *   Promise.resolve(Response.json(
 *     { error: { code: "bad_token", message: "wrong key or password" } },
 *     { status: 403 },
 *   ))) as typeof globalThis.fetch;
 * const keys = { readToken: new Uint8Array(32) };
 * await assert.rejects(
 *   fetchContent("http://localhost:8000", "q3Xh0s5c9m1Jd0l5bY2Vtw", keys, { fetch }, true),
 *   WrongPasswordError,
 * );
 * ```
 */
export async function fetchContent(
  origin: string,
  id: string,
  keys: { readToken: Uint8Array },
  options: RequestOptions,
  withPassword: boolean,
  range?: string,
): Promise<Response> {
  const headers = new Headers({ authorization: `Bearer ${toBase64url(keys.readToken)}` });
  if (range !== undefined) headers.set("range", range);
  try {
    return await withRetry(
      () => apiRequest(origin, `/api/shares/${id}/content`, { method: "GET", headers }, options),
      { signal: options.signal, attempts: 3 },
    );
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) {
      throw withPassword ? new WrongPasswordError() : new PasswordRequiredError();
    }
    throw e;
  }
}
