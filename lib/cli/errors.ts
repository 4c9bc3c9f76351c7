/**
 * How the share script ends: exit codes and the one-line message for every error (worded by
 * lib/share_io/errors.ts, with the script's own fixes). Nothing here prints a stack trace.
 * @module
 */
import { type Advice, explainError } from "../share_io/errors.ts";

/**
 * Exit codes of the share script (documented in `--help`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EXIT } from "./errors.ts";
 * assert.equal(EXIT.notFound, 3); // the script ends with Deno.exit(EXIT.notFound)
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

/** The script's fixes: a prompt or an environment variable, and Deno's permission flags. */
const SCRIPT_ADVICE: Advice = {
  password: "give the password to open it (type it at the prompt, or set HUSHLINK_PASSWORD " +
    "and run with --allow-env=HUSHLINK_PASSWORD)",
  permission: "grant it with the matching --allow-... flag, see --help",
};

/**
 * Maps an error to the script's exit code and its one-line message.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeError, EXIT } from "./errors.ts";
 * import { NotFoundError } from "../client/mod.ts";
 * const { code, message } = describeError(new NotFoundError());
 * assert(code === EXIT.notFound && message.length > 0);
 * ```
 */
export function describeError(e: unknown): { code: number; message: string } {
  const { kind, message } = explainError(e, SCRIPT_ADVICE);
  return { code: EXIT[kind], message };
}
