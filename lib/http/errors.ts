/**
 * The API's error type and the handlers that turn every failure into the JSON body
 * `{"error":{"code","message"}}`. Client mistakes are thrown as {@link HttpError} with a 4xx status;
 * anything else is a server fault, logged without request data and answered with a generic 500.
 * @module
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { routePath } from "hono/route";
import { type ApiErrorCode, ERRORS, SchemaError } from "../api/mod.ts";
import { HushlinkError } from "../crypto/errors.ts";
import { StoreError } from "../store/errors.ts";

/**
 * An error answered to the client as is: its status comes from the contract's code
 * (lib/api/errors.ts), so a code and its status cannot disagree. Hono's `HTTPException`, with the
 * API's codes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HttpError } from "./errors.ts";
 * const e = new HttpError("bad_field", "views: must be a whole number");
 * assert(e.status === 400 && e.code === "bad_field");
 * ```
 */
export class HttpError extends HushlinkError {
  /** HTTP status, from the contract. */
  readonly status: ContentfulStatusCode;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;
  /** Creates the error; `headers` are added to the answer. */
  constructor(code: ApiErrorCode, message: string, headers: Record<string, string> = {}) {
    super(code, message);
    this.status = ERRORS[code].status;
    this.headers = headers;
  }
  declare readonly code: ApiErrorCode;
}

/**
 * Builds the JSON error response.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { errorResponse, HttpError } from "./errors.ts";
 * const app = new Hono();
 * app.notFound((c) => errorResponse(c, new HttpError("not_found", "No such route")));
 * const res = await app.request("/nowhere");
 * assert(res.status === 404 && (await res.json()).error.code === "not_found");
 * ```
 */
export function errorResponse(c: Context, error: HttpError): Response {
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
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { handleError, HttpError } from "./errors.ts";
 * const app = new Hono();
 * app.onError(handleError);
 * app.get("/", () => {
 *   throw new HttpError("busy", "try again");
 * });
 * const res = await app.request("/");
 * assert(res.status === 503 && (await res.json()).error.code === "busy");
 * ```
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof HttpError) return errorResponse(c, err);
  // Store and schema codes are codes of the contract: their types say so, and ERRORS maps each.
  // `guard_failed` never leaves the store (uploads turn it into a code of the contract): if it
  // does, it is a server fault and falls through to the 500 below.
  if (err instanceof SchemaError) return errorResponse(c, new HttpError(err.code, err.message));
  if (err instanceof StoreError && err.code !== "guard_failed") {
    return errorResponse(c, new HttpError(err.code, err.message));
  }
  if (QUOTA.test(err.message)) {
    return errorResponse(c, new HttpError("storage_full", "The storage quota is reached"));
  }
  // Logged by route pattern: a concrete path would carry the share id.
  const where = `${c.req.method} ${routePath(c) || "unmatched"}`;
  if (UNWRITABLE.test(err.message)) {
    console.error(`${where}: storage error:`, err.message);
    return errorResponse(
      c,
      new HttpError(
        "storage_unavailable",
        "The storage cannot be written right now (disk full or read-only); try again later",
      ),
    );
  }
  console.error(`${where}: internal error:`, err);
  return errorResponse(c, new HttpError("internal", "Internal server error"));
}
