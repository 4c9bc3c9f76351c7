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
 * try { await deleteShare(link); } catch (e) { if (e instanceof ClientError) console.log(e.code); }
 * ```
 */
export class ClientError extends HushlinkError {}

/**
 * The server could not be reached (refused connection, DNS failure, reset) or stopped answering.
 * @example
 * ```ts
 * throw new NetworkError("http://localhost:8000", new TypeError("connection refused"));
 * ```
 */
export class NetworkError extends ClientError {
  /** Creates the error for the server at `server`; `timedOut` when it stopped answering. */
  constructor(server: string, cause?: unknown, timedOut = false) {
    super(
      "network",
      timedOut
        ? `the server at ${server} stopped answering; try again later`
        : `cannot reach the server at ${server}; check the address and that it runs`,
      { cause },
    );
  }
}

/**
 * The server answered with an error. `serverCode` is the code from the JSON error body
 * (`bad_field`, `too_large`, `rate_limited`...), `status` the HTTP status.
 * @example
 * ```ts
 * const e = new ApiError(400, "bad_field", "views must be 1..1000");
 * e.code; // "api"
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
 * new ServerError(503, "unavailable", "storage is not answering");
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
 * new NotFoundError();
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
 * new PasswordRequiredError();
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
 * The password does not open the share. No view was used.
 * @example
 * ```ts
 * new WrongPasswordError();
 * ```
 */
export class WrongPasswordError extends ClientError {
  /** Creates the error. */
  constructor() {
    super("wrong_password", "wrong password (no view was used); try again with the right one");
  }
}

/**
 * The server refused the read token of a share without a password: the link's key is not the
 * share's key (a mangled or mistyped link). No view was used.
 * @example
 * ```ts
 * new KeyRejectedError();
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
 * new DeleteLinkError("missing_key", "the delete link has no #token");
 * ```
 */
export class DeleteLinkError extends ClientError {}
