/**
 * How the share script ends: exit codes and the one-line message for every error, naming the
 * problem and the fix. Nothing here prints a stack trace.
 * @module
 */
import {
  ApiError,
  DeleteLinkError,
  KeyRejectedError,
  NetworkError,
  NotFoundError,
  PasswordRequiredError,
  ServerError,
  WrongPasswordError,
} from "../client/mod.ts";
import { HushlinkError, LinkError } from "../crypto/mod.ts";

/**
 * Exit codes of the share script (documented in `--help`).
 * @example
 * ```ts
 * Deno.exit(EXIT.notFound); // 3
 * ```
 */
export const EXIT = {
  ok: 0,
  usage: 1,
  network: 2,
  notFound: 3,
  wrongKey: 4,
  integrity: 5,
} as const;

/**
 * A mistake in how the script was called: bad options, a missing file, a missing permission.
 * @example
 * ```ts
 * throw new UsageError("--views needs a number, e.g. --views 3");
 * ```
 */
export class UsageError extends HushlinkError {
  /** Creates the error; `message` names the problem and the fix. */
  constructor(message: string) {
    super("usage", message);
  }
}

/** Codes of lib/crypto's decoder errors: the content failed authentication. */
const INTEGRITY_CODES = new Set([
  "wrong_key",
  "tampered",
  "truncated",
  "unsupported_format",
  "size_mismatch",
]);

/**
 * Maps an error to the script's exit code and its one-line message.
 * @example
 * ```ts
 * const { code, message } = describeError(new NotFoundError()); // code 3
 * ```
 */
export function describeError(e: unknown): { code: number; message: string } {
  const text = oneLine(e instanceof Error ? e.message : String(e));
  if (e instanceof UsageError) return { code: EXIT.usage, message: text };
  if (e instanceof LinkError || e instanceof DeleteLinkError) {
    return {
      code: EXIT.usage,
      message: `${text} (copy the whole link, including the part after #)`,
    };
  }
  if (e instanceof NotFoundError) return { code: EXIT.notFound, message: text };
  if (
    e instanceof WrongPasswordError || e instanceof KeyRejectedError ||
    e instanceof PasswordRequiredError
  ) {
    const fix = e instanceof PasswordRequiredError
      ? " (type it at the prompt, or set HUSHLINK_PASSWORD and run with --allow-env=HUSHLINK_PASSWORD)"
      : "";
    return { code: EXIT.wrongKey, message: text + fix };
  }
  if (e instanceof NetworkError) return { code: EXIT.network, message: text };
  if (e instanceof ServerError) {
    return {
      code: EXIT.network,
      message: `the server failed (${e.status}): ${text}; try again later`,
    };
  }
  if (e instanceof ApiError) {
    if (e.status === 429) {
      return {
        code: EXIT.network,
        message: `the server is rate limiting: ${text}; wait and try again`,
      };
    }
    if (e.status === 403) {
      return { code: EXIT.wrongKey, message: `the server refused the token: ${text}` };
    }
    if (e.serverCode === "storage_full") {
      return {
        code: EXIT.network,
        message: `the server's storage is full (507), so nothing was stored; ` +
          "share something smaller, or wait until older shares expire",
      };
    }
    return { code: EXIT.usage, message: `the server refused the request: ${text}` };
  }
  if (e instanceof HushlinkError && INTEGRITY_CODES.has(e.code)) {
    // The server accepted the read token, so the key is right: a record that fails is damage.
    return {
      code: EXIT.integrity,
      message:
        `integrity check failed (${text}); the share was altered or damaged, nothing was kept`,
    };
  }
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    return {
      code: EXIT.usage,
      message: `${text} (grant it with the matching --allow-... flag, see --help)`,
    };
  }
  if (e instanceof TypeError) {
    // fetch bodies fail with TypeError when the connection breaks mid-stream.
    return { code: EXIT.network, message: `the transfer broke off (${text}); try again` };
  }
  return { code: EXIT.network, message: `unexpected error: ${text}` };
}

/** Keeps the first line of a message: the script writes exactly one line per error. */
function oneLine(s: string): string {
  return s.split("\n")[0].trim();
}
