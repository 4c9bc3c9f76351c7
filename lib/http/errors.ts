/**
 * The API's error type and the handlers that turn every failure into the JSON body
 * `{"error":{"code","message"}}`. Client mistakes are thrown as {@link ApiError} with a 4xx status;
 * anything else is a server fault, logged without request data and answered with a generic 500.
 * @module
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { routePath } from "hono/route";
import { StoreError } from "../store/errors.ts";

/**
 * An error with an HTTP status and a stable `code`, shown to the client as is.
 * @example
 * ```ts
 * throw new ApiError(400, "bad_field", "views: must be a whole number");
 * ```
 */
export class ApiError extends Error {
  /** HTTP status. */
  readonly status: ContentfulStatusCode;
  /** Stable machine-readable code. */
  readonly code: string;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** HTTP status for each store error code. */
const STORE_STATUS: Record<string, ContentfulStatusCode> = {
  not_found: 404,
  bad_token: 403,
  missing_parts: 409,
  size_mismatch: 409,
  already_complete: 409,
  busy: 503,
  bad_part_size: 400,
  too_large: 413,
  range_not_satisfiable: 416,
  storage_full: 507,
};

/**
 * Builds the JSON error response.
 * @example
 * ```ts
 * app.notFound((c) => errorResponse(c, new ApiError(404, "not_found", "No such route")));
 * ```
 */
export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json({ error: { code: error.code, message: error.message } }, error.status);
}

/** Deno KV reports a full quota with messages like "database is full" / "quota exceeded". */
const QUOTA = /quota|database or disk is full|storage.*(full|limit)/i;
/**
 * SQLite's words for a KV file it cannot write (a file-size limit, a read-only file or disk, a
 * failing disk). The server cannot store anything then, but it can usually still read.
 */
const UNWRITABLE =
  /disk I\/O error|readonly database|read-only file system|unable to open database/i;

/**
 * Hono `onError` handler: known errors keep their status and code, KV quota errors become 507,
 * a KV file that cannot be written 503, everything else is a 500 with a generic message (details
 * go to the log, never to the client).
 * @example
 * ```ts
 * app.onError(handleError);
 * ```
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof StoreError) {
    return errorResponse(c, new ApiError(STORE_STATUS[err.code] ?? 400, err.code, err.message));
  }
  if (QUOTA.test(err.message)) {
    return errorResponse(c, new ApiError(507, "storage_full", "The storage quota is reached"));
  }
  // Logged by route pattern: a concrete path would carry the share id.
  const where = `${c.req.method} ${routePath(c) || "unmatched"}`;
  if (UNWRITABLE.test(err.message)) {
    console.error(`${where}: storage error:`, err.message);
    return errorResponse(
      c,
      new ApiError(
        503,
        "storage_unavailable",
        "The storage cannot be written right now (disk full or read-only); try again later",
      ),
    );
  }
  console.error(`${where}: internal error:`, err);
  return c.json({ error: { code: "internal", message: "Internal server error" } }, 500);
}
