/**
 * Typed errors of the API client. Every error has a stable `code` so that callers can map it
 * without parsing messages: the share script maps codes to exit codes, the web maps them to
 * pages. Messages name the problem and, where there is one, the fix.
 * @module
 */

import type { ApiErrorCode } from "../api/mod.ts";
import { HushlinkError } from "../crypto/mod.ts";

/**
 * Base class of every error the client throws; a {@link HushlinkError} like lib/crypto's, so a
 * caller can switch on `code` across both.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deleteShare } from "./delete.ts";
 * import { ClientError } from "./errors.ts";
 * await assert.rejects(
 *   deleteShare("https://share.example/d/q3Xh0s5c9m1Jd0l5bY2Vtw"), // no #token
 *   (e) => e instanceof ClientError && e.code === "missing_key",
 * );
 * ```
 */
export class ClientError extends HushlinkError {}

/**
 * The server could not be reached (refused connection, DNS failure, reset) or stopped answering.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NetworkError } from "./errors.ts";
 * const e = new NetworkError("http://localhost:8000", new TypeError("connection refused"));
 * assert(e.code === "network" && e.cause instanceof TypeError);
 * ```
 */
export class NetworkError extends ClientError {
  /** True when the server stopped answering; false when it could not be reached at all. */
  readonly timedOut: boolean;
  /** Creates the error for the server at `server`; `timedOut` when it stopped answering. */
  constructor(server: string, cause?: unknown, timedOut = false) {
    super(
      "network",
      timedOut
        ? `the server at ${server} stopped answering; try again later`
        : `cannot reach the server at ${server}; check the address and that it runs`,
      { cause },
    );
    this.timedOut = timedOut;
  }
}

/**
 * The server answered with an error. `serverCode` is the code from the JSON error body
 * (`bad_field`, `too_large`, `rate_limited`...), `status` the HTTP status.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ApiError } from "./errors.ts";
 * const e = new ApiError(400, "bad_field", "views must be 1..1000");
 * assert(e.code === "api" && e.serverCode === "bad_field" && e.status === 400);
 * ```
 */
export class ApiError extends ClientError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The `error.code` from the server's JSON body, or `"unknown"` for a code not in the API. */
  readonly serverCode: ApiErrorCode | "unknown";
  /** Seconds to wait, from `Retry-After`, when the server sent one. */
  readonly retryAfter: number | null;
  /** Creates the error from the parts of the server's answer. */
  constructor(
    status: number,
    serverCode: ApiErrorCode | "unknown",
    message: string,
    retryAfter: number | null = null,
    code = "api",
  ) {
    super(code, message);
    this.status = status;
    this.serverCode = serverCode;
    this.retryAfter = retryAfter;
  }
}

/**
 * The server failed (5xx, or an answer that is not the API's). Worth retrying later.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ServerError } from "./errors.ts";
 * const e = new ServerError(503, "busy", "storage is not answering", 2);
 * assert(e.status === 503 && e.retryAfter === 2);
 * ```
 */
export class ServerError extends ApiError {
  /** Creates the error from the parts of the server's answer. */
  constructor(
    status: number,
    serverCode: ApiErrorCode | "unknown",
    message: string,
    retryAfter: number | null = null,
  ) {
    super(status, serverCode, message, retryAfter, "server");
  }
}

/**
 * The share does not exist: never created, expired, burned by its last view, or deleted. The
 * server gives one answer for all of these on purpose.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NotFoundError } from "./errors.ts";
 * assert(new NotFoundError().status === 404);
 * ```
 */
export class NotFoundError extends ApiError {
  /** Creates the error. */
  constructor() {
    super(
      404,
      "not_found",
      "the share does not exist: it expired, was viewed its last time, or was deleted",
      null,
      "not_found",
    );
  }
}

/**
 * The share is protected by a password and none was given. `kdf` holds the public parameters
 * so the caller can ask for the password and try again.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PasswordRequiredError } from "./errors.ts";
 * assert(new PasswordRequiredError().code === "password_required");
 * ```
 */
export class PasswordRequiredError extends ClientError {
  /** Creates the error. */
  constructor() {
    super(
      "password_required",
      "this share is protected by a password; give the password to open it",
    );
  }
}

/**
 * The password and the link's key together do not open the share: a wrong password, or a link
 * changed or cut on the way (the read token mixes both, so no one can tell which). No view was
 * used.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WrongPasswordError } from "./errors.ts";
 * assert(new WrongPasswordError().code === "wrong_password");
 * ```
 */
export class WrongPasswordError extends ClientError {
  /** Creates the error. */
  constructor() {
    super(
      "wrong_password",
      "wrong password, or the link was changed or cut (no view was used); " +
        "check the password, or copy the whole link again",
    );
  }
}

/**
 * The server refused the read token of a share without a password: the link's key is not the
 * share's key (a mangled or mistyped link). No view was used.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KeyRejectedError } from "./errors.ts";
 * assert(new KeyRejectedError().code === "key_rejected");
 * ```
 */
export class KeyRejectedError extends ClientError {
  /** Creates the error. */
  constructor() {
    super("key_rejected", "the link's key does not open this share; copy the whole link again");
  }
}

/**
 * A delete link is malformed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeleteLinkError } from "./errors.ts";
 * assert(new DeleteLinkError("missing_key", "the delete link has no #token").code === "missing_key");
 * ```
 */
export class DeleteLinkError extends ClientError {}

/**
 * The server answered a `Range` request with the whole share: it has a view limit (and has now
 * counted a view), or something between dropped the `Range`. Open the share whole instead.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RangesUnsupportedError } from "./errors.ts";
 * assert(new RangesUnsupportedError().code === "ranges_unsupported");
 * ```
 */
export class RangesUnsupportedError extends ClientError {
  /** Creates the error. */
  constructor() {
    super("ranges_unsupported", "the server sent the whole share where a byte range was asked for");
  }
}
