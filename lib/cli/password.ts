/**
 * Where the share script gets a password: $HUSHLINK_PASSWORD when the script may read it, else
 * a prompt without echo on a terminal, else a request for that one variable.
 * @module
 */
import { PasswordRequiredError } from "../client/mod.ts";
import { readEnv } from "./env.ts";
import { UsageError } from "../share_io/errors.ts";
import { canPrompt, promptSecret } from "./prompt.ts";

const VARIABLE = "HUSHLINK_PASSWORD";

/**
 * Gets the password for a new share. On a terminal it is typed twice, so a typo cannot lock the
 * share for good. Piped content leaves no terminal on standard input: then only the variable can
 * give it.
 * @example
 * ```ts
 * const password = await newSharePassword();
 * ```
 */
export async function newSharePassword(): Promise<string> {
  const fromEnv = await readEnv(VARIABLE);
  if (fromEnv !== undefined) return fromEnv;
  if (canPrompt()) {
    const first = await promptSecret("Password for the share: ");
    if (first === "") throw new UsageError("the password is empty; run again and type one");
    if (await promptSecret("Same password again: ") !== first) {
      throw new UsageError("the two passwords differ; run again");
    }
    return first;
  }
  const asked = await readEnv(VARIABLE, { ask: true });
  if (asked !== undefined) return asked;
  throw new UsageError(
    `--password: no terminal to ask on; set ${VARIABLE} and run with --allow-env=${VARIABLE}`,
  );
}

/**
 * Gets the password of an existing share (asked once; a wrong one uses no view).
 * @example
 * ```ts
 * const share = await openShare(link, { password: sharePassword });
 * ```
 */
export async function sharePassword(): Promise<string> {
  const fromEnv = await readEnv(VARIABLE);
  if (fromEnv !== undefined) return fromEnv;
  if (canPrompt()) return await promptSecret("Password: ");
  const asked = await readEnv(VARIABLE, { ask: true });
  if (asked !== undefined) return asked;
  throw new PasswordRequiredError();
}
