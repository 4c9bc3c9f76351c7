/**
 * One line for every error of sharing from this machine, shared by the share script and the MCP
 * server so that a person at a terminal and an agent read the same words. The describer names
 * the problem in general terms; the caller supplies the fixes only it can word (how its user
 * gives a password or grants a permission), so the MCP server never advises a command-line flag.
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
import { DURATION_FORMS, parseDuration } from "../duration.ts";

/**
 * A mistake by the caller: a bad option or argument, a missing file, a missing permission.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError } from "./errors.ts";
 * assert.equal(new UsageError("no such file: notes.txt").code, "usage");
 * ```
 */
export class UsageError extends HushlinkError {
  /** Creates the error (code `"usage"`); `message` names the problem and the fix. */
  constructor(message: string) {
    super("usage", message);
  }
}

/**
 * A duration the user gave (`7d`, `90s`, plain seconds) in seconds; a mistake is a
 * {@link UsageError} that names it as `label` (`--expires` for the script, `expires` for MCP).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { durationArgument } from "./errors.ts";
 * assert.equal(durationArgument("2w", "--expires"), 1_209_600);
 * assert.throws(() => durationArgument("1y", "expires"), /^UsageError: expires 1y: use a duration/);
 * ```
 */
export function durationArgument(text: string, label: string): number {
  const seconds = parseDuration(text);
  if (seconds === null) {
    throw new UsageError(`${label} ${text}: use a duration such as ${DURATION_FORMS}`);
  }
  return seconds;
}

/**
 * What kind of failure an error is; the share script maps each to its exit code.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ErrorKind } from "./errors.ts";
 * const kind: ErrorKind = "notFound"; // the MCP tool says the share is gone
 * const exitCode = { usage: 1, network: 2, notFound: 3, wrongKey: 4, integrity: 5 }[kind];
 * assert.equal(exitCode, 3); // the script's exit code (lib/cli/errors.ts)
 * ```
 */
export type ErrorKind = "usage" | "network" | "notFound" | "wrongKey" | "integrity";

/**
 * The fixes only the caller can word, in its own terms.
 * @example
 * ```ts
 * import type { Advice } from "./errors.ts";
 * const advice: Advice = {
 *   password: "call read_link again with the password argument",
 *   permission: "allow it in the MCP server's deno run command",
 * };
 * ```
 */
export interface Advice {
  /** How to give the password of a share that needs one. */
  password: string;
  /** How to grant a permission Deno refused. */
  permission: string;
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
 * Maps an error to its kind and one line naming the problem and the fix.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type Advice, explainError } from "./errors.ts";
 * import { NotFoundError } from "../client/mod.ts";
 * const advice: Advice = {
 *   password: "call read_link again with the password argument",
 *   permission: "allow it in the MCP server's deno run command",
 * };
 * const { kind, message } = explainError(new NotFoundError(), advice);
 * assert(kind === "notFound" && message.length > 0);
 * ```
 */
export function explainError(e: unknown, advice: Advice): { kind: ErrorKind; message: string } {
  const text = oneLine(e instanceof Error ? e.message : String(e));
  if (e instanceof UsageError) return { kind: "usage", message: text };
  if (e instanceof LinkError || e instanceof DeleteLinkError) {
    return { kind: "usage", message: `${text} (copy the whole link, including the part after #)` };
  }
  if (e instanceof NotFoundError) return { kind: "notFound", message: text };
  if (e instanceof PasswordRequiredError) {
    return {
      kind: "wrongKey",
      message: `this share is protected by a password; ${advice.password}`,
    };
  }
  if (e instanceof WrongPasswordError || e instanceof KeyRejectedError) {
    return { kind: "wrongKey", message: text };
  }
  if (e instanceof NetworkError) return { kind: "network", message: text };
  if (e instanceof ServerError) {
    return {
      kind: "network",
      message: `the server failed (${e.status}): ${text}; try again later`,
    };
  }
  if (e instanceof ApiError) {
    if (e.status === 429) {
      return {
        kind: "network",
        message: `the server is rate limiting: ${text}; wait and try again`,
      };
    }
    if (e.status === 403) {
      return { kind: "wrongKey", message: `the server refused the token: ${text}` };
    }
    if (e.serverCode === "storage_full") {
      return {
        kind: "network",
        message: `the server's storage is full (507), so nothing was stored; ` +
          "share something smaller, or wait until older shares expire",
      };
    }
    return { kind: "usage", message: `the server refused the request: ${text}` };
  }
  if (e instanceof HushlinkError && INTEGRITY_CODES.has(e.code)) {
    // The server accepted the read token, so the key is right: a record that fails is damage.
    return {
      kind: "integrity",
      message:
        `integrity check failed (${text}); the share was altered or damaged, nothing was kept`,
    };
  }
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    return { kind: "usage", message: `${text} (${advice.permission})` };
  }
  if (e instanceof TypeError) {
    // fetch bodies fail with TypeError when the connection breaks mid-stream.
    return { kind: "network", message: `the transfer broke off (${text}); try again` };
  }
  return { kind: "network", message: `unexpected error: ${text}` };
}

/** Keeps the first line of a message: exactly one line per error. */
function oneLine(s: string): string {
  return s.split("\n")[0].trim();
}
