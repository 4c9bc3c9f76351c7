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
 * import assert from "node:assert/strict";
 * import { newSharePassword } from "./password.ts";
 * Deno.env.set("HUSHLINK_PASSWORD", "correct horse"); // else asked twice at the terminal
 * assert.equal(await newSharePassword(), "correct horse");
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
 * import assert from "node:assert/strict";
 * import { sharePassword } from "./password.ts";
 * import { createApp } from "../app.ts";
 * import { createShare, openShare } from "../client/mod.ts";
 * import { loadConfig } from "../config.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const app = createApp({ kv, config: loadConfig({}) });
 * const fetch = (async (input: URL | RequestInfo, init?: RequestInit) =>
 *   await app.fetch(new Request(input, init))) as typeof globalThis.fetch;
 * const { link } = await createShare({
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain", size: 2 }],
 * }, [new Blob(["hi"]).stream()], { server: "http://localhost:8000", password: "correct horse", fetch });
 *
 * Deno.env.set("HUSHLINK_PASSWORD", "correct horse"); // else asked at the terminal
 * const share = await openShare(link, { password: sharePassword, fetch });
 * for await (const { body } of share.files) assert.equal(await new Response(body).text(), "hi");
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
