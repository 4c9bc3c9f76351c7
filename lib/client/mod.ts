/**
 * The hushlink API client, shared by the share script and the browser islands: `fetch` only, no
 * Deno APIs, no DOM. Create, open and delete shares; typed errors with stable codes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createShare, openShare } from "./mod.ts";
 * import type { Manifest } from "../crypto/mod.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A hushlink server in this process, on an in-memory KV; over the network, leave out `fetch`.
 * await using kv = await Deno.openKv(":memory:");
 * const app = createApp({ kv, config: loadConfig({}) });
 * const fetch = (async (input: URL | RequestInfo, init?: RequestInit) =>
 *   await app.fetch(new Request(input, init))) as typeof globalThis.fetch;
 * const server = "http://localhost:8000";
 *
 * const text = new TextEncoder().encode("hello");
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: text.length }],
 * };
 * const { link } = await createShare(manifest, [new Blob([text]).stream()], { server, fetch });
 * const { files } = await openShare(link, { fetch });
 * for await (const { body } of files) assert((await new Response(body).text()) === "hello");
 * ```
 * @module
 */
export type { ApiErrorCode, Schema, ServerConfig, ShareInfo } from "../api/mod.ts";
export { getConfig } from "./config.ts";
export { type CreatedShare, createShare, type CreateShareOptions } from "./create.ts";
export { deleteShare } from "./delete.ts";
export {
  ApiError,
  ClientError,
  DeleteLinkError,
  KeyRejectedError,
  NetworkError,
  NotFoundError,
  PasswordRequiredError,
  RangesUnsupportedError,
  ServerError,
  WrongPasswordError,
} from "./errors.ts";
export {
  apiRequest,
  isRetryable,
  type RequestOptions,
  type RetryOptions,
  withRetry,
} from "./http.ts";
export { type DeleteLink, formatDeleteLink, parseDeleteLink } from "./links.ts";
export { getShareInfo, type OpenedShare, openShare, type OpenShareOptions } from "./read.ts";
export {
  ciphertextFetcher,
  type OpenedRangedShare,
  type OpenRangedOptions,
  openRangedShare,
} from "./ranged.ts";
export { PART_SIZE } from "../api/mod.ts";
export {
  type PartSender,
  type PublicKdf,
  uploadCiphertext,
  type UploadOptions,
  type UploadResult,
} from "./upload.ts";
