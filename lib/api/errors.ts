/**
 * The API's error contract: every code the server may answer, its HTTP status and when it is
 * sent, and the JSON body that carries it. docs/API.md's error table is generated from
 * {@link ERRORS} (a test keeps them equal).
 * @module
 */
import { type Infer, object, string } from "./schema.ts";

/** The statuses the API answers errors with. */
export type ErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 408
  | 409
  | 413
  | 416
  | 429
  | 500
  | 503
  | 507;

/** Every error code the API answers with. */
export type ApiErrorCode =
  | "invalid_json"
  | "unknown_field"
  | "bad_field"
  | "bad_index"
  | "bad_part_size"
  | "bad_request"
  | "token_required"
  | "bad_token"
  | "cross_origin"
  | "not_found"
  | "method_not_allowed"
  | "body_timeout"
  | "missing_parts"
  | "size_mismatch"
  | "already_complete"
  | "too_large"
  | "range_not_satisfiable"
  | "rate_limited"
  | "busy"
  | "storage_unavailable"
  | "storage_full"
  | "internal";

/** What the contract says about one code. */
export interface ErrorSpec {
  /** The HTTP status it is answered with. */
  status: ErrorStatus;
  /** When the server sends it (docs/API.md's wording). */
  when: string;
}

/**
 * Each code's status and meaning. Typed by {@link ApiErrorCode}, so a code without an entry, or
 * an entry for a code that does not exist, fails type-checking.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ERRORS } from "./errors.ts";
 * assert(ERRORS.not_found.status === 404);
 * ```
 */
export const ERRORS: { readonly [C in ApiErrorCode]: ErrorSpec } = {
  invalid_json: { status: 400, when: "the body is not JSON, or not a JSON object" },
  unknown_field: { status: 400, when: "a field the endpoint does not know (also inside `kdf`)" },
  bad_field: {
    status: 400,
    when: "a field has the wrong type or is out of range; the message names it",
  },
  bad_index: { status: 400, when: "part index not a whole number, or past the last part" },
  bad_part_size: {
    status: 400,
    when: "a part that is not exactly the part size (or the remainder, for the last)",
  },
  bad_request: {
    status: 400,
    when: "malformed `Content-Length`, or a body that ends before it is complete",
  },
  token_required: { status: 401, when: "no `Authorization: Bearer …` header" },
  bad_token: { status: 403, when: "wrong (or malformed) read, write, delete or upload token" },
  cross_origin: {
    status: 403,
    when: "a write (POST, PUT, DELETE) whose `Origin` is another site's, or `null`",
  },
  not_found: {
    status: 404,
    when: "unknown, expired, burned, deleted or not yet complete share — one answer",
  },
  method_not_allowed: {
    status: 405,
    when: "`HEAD` on the content (it would not count a view, so it is refused)",
  },
  body_timeout: {
    status: 408,
    when: "a request body sent nothing for 30 s (a stalled upload); send it again",
  },
  missing_parts: {
    status: 409,
    when: "complete before every part is stored; the message lists them",
  },
  size_mismatch: { status: 409, when: "the parts or the size at complete do not add up" },
  already_complete: { status: 409, when: "a part sent to a share that is complete" },
  too_large: {
    status: 413,
    when: "a size over `MAX_SHARE_BYTES`, `data` over one part, or a body over limit",
  },
  range_not_satisfiable: { status: 416, when: "a `Range` outside the share" },
  rate_limited: {
    status: 429,
    when: "too many creates, or too many failed token attempts; see `Retry-After`",
  },
  busy: { status: 503, when: "extreme contention on one share's view count; retry" },
  storage_unavailable: {
    status: 503,
    when: "KV does not answer (health), or cannot be written (disk full, read-only)",
  },
  storage_full: {
    status: 507,
    when: "`MAX_STORAGE_BYTES` (or the KV's own quota) has no room for the share",
  },
  internal: {
    status: 500,
    when: "a server fault (never for client input); details only in the server log",
  },
};

/**
 * True for a code of the contract (a client reading an answer checks with it).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isApiErrorCode } from "./errors.ts";
 * assert(isApiErrorCode("not_found") && !isApiErrorCode("toString"));
 * ```
 */
export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === "string" && Object.hasOwn(ERRORS, code);
}

/**
 * The body of every error answer: `{"error":{"code","message"}}`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ErrorBody } from "./errors.ts";
 * const body = ErrorBody.parse({ error: { code: "busy", message: "retry" } }, "answer");
 * assert(body.error.code === "busy");
 * ```
 */
export const ErrorBody = object({ error: object({ code: string(), message: string() }) });

/** The body of an error answer. */
export type ErrorBody = Infer<typeof ErrorBody>;
