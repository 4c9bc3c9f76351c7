/**
 * The hushlink API client, shared by the share script and the browser islands: `fetch` only, no
 * Deno APIs, no DOM. Create, open and delete shares; typed errors with stable codes.
 * @example
 * ```ts
 * import { createShare, openShare } from "./lib/client/mod.ts";
 * const { link } = await createShare(manifest, bodies, { server: "http://localhost:8000" });
 * const { files } = await openShare(link);
 * ```
 * @module
 */
export type { ServerConfig, ShareInfo } from "../api/mod.ts";
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
  ServerError,
  WrongPasswordError,
} from "./errors.ts";
export { apiRequest, isRetryable, type RequestOptions, withRetry } from "./http.ts";
export { type DeleteLink, formatDeleteLink, parseDeleteLink } from "./links.ts";
export { getShareInfo, type OpenedShare, openShare, type OpenShareOptions } from "./read.ts";
export { PART_SIZE } from "../api/mod.ts";
export {
  type PublicKdf,
  uploadCiphertext,
  type UploadOptions,
  type UploadResult,
} from "./upload.ts";
