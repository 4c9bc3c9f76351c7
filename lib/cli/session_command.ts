/**
 * Claude Code sessions in the share script: `share.ts sessions` lists the current directory's
 * sessions; `share.ts --session [ID|PATH]` turns one into the package to share (redacted unless
 * `--no-redact`, gzip-compressed, manifest kind "conversation").
 * @module
 */
import type { Manifest } from "../crypto/mod.ts";
import { formatCounts } from "../conversation/redact.ts";
import {
  formatSessions,
  listSessions,
  readConversation,
  resolveSession,
  SessionError,
} from "../sessions/mod.ts";
import type { ShareArgs } from "./args.ts";
import { UsageError } from "../share_io/errors.ts";

/** Session errors say what to do: they are usage errors to the script. */
async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SessionError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Prints the current directory's sessions, newest first.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runSessions } from "./session_command.ts";
 * import { UsageError } from "../share_io/errors.ts";
 * try {
 *   await runSessions(); // prints this directory's Claude Code sessions
 * } catch (e) {
 *   assert(e instanceof UsageError); // there are none here
 * }
 * ```
 */
export async function runSessions(): Promise<void> {
  const sessions = await asUsage(() => listSessions());
  console.log(formatSessions(sessions));
}

/**
 * The package for `--session`: the session named by `args.files[0]` (or the newest), with the
 * redaction counts reported on standard error (never the values; the title printed is redacted
 * too). With `--no-redact` a warning says that the transcript may hold secrets, even with
 * `--quiet`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs, type ShareArgs } from "./args.ts";
 * import { sessionInput } from "./session_command.ts";
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60.jsonl`; // a Claude Code transcript
 * await Deno.writeTextFile(
 *   path,
 *   '{"type":"user","cwd":"/srv/app","message":{"role":"user","content":"Fix the login"}}\n',
 * );
 * const args = parseArgs(["--session", path, "--quiet"]) as ShareArgs;
 * const { manifest, bodies } = await sessionInput(args);
 * assert(manifest.kind === "conversation" && bodies.length === 1);
 * await bodies[0].cancel();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function sessionInput(
  args: ShareArgs,
): Promise<{ manifest: Manifest; bodies: ReadableStream<Uint8Array>[] }> {
  const session = await asUsage(() => resolveSession(args.files[0]));
  const c = await readConversation(session, { redact: args.redact });
  const name = `session ${session.id} (${session.title ?? "no prompt"})`;
  if (!args.redact) {
    // Even with --quiet: secrets leaving the machine unredacted must not go unnoticed.
    console.error(
      `WARNING: ${name} is NOT redacted (--no-redact): ` +
        "the shared transcript may contain secrets (keys, tokens, passwords)",
    );
  } else if (!args.quiet) console.error(`${name}: ${formatCounts(c.redactions)}`);
  return { manifest: c.manifest, bodies: [new Blob([c.body]).stream()] };
}
