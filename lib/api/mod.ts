/**
 * The API contract shared by the server and its clients: wire shapes with their checks, the
 * error codes with their statuses, and the constants both sides agree on (docs/API.md).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ERRORS, ShareInfo } from "./mod.ts";
 * assert(ERRORS.bad_token.status === 403 && typeof ShareInfo.parse === "function");
 * ```
 * @module
 */
export {
  type ApiErrorCode,
  ErrorBody,
  ERRORS,
  type ErrorSpec,
  type ErrorStatus,
  isApiErrorCode,
} from "./errors.ts";
export { type Infer, type Schema, SchemaError, type SchemaErrorCode } from "./schema.ts";
export {
  byteSize,
  CompleteRequest,
  CompleteResponse,
  CreateRequest,
  CreateResponse,
  EXPIRES_AT_HEADER,
  Kdf,
  type Limits,
  PART_SIZE,
  PartResponse,
  ServerConfig,
  ShareInfo,
  VIEWS_LEFT_HEADER,
} from "./shares.ts";
