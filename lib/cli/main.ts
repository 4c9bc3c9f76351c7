/**
 * The share script's entry: parses the command line, runs the command, and turns any error
 * into one line on standard error and an exit code.
 * @module
 */
import { type Args, parseArgs } from "./args.ts";
import { runDelete } from "./delete_command.ts";
import { describeError, EXIT } from "./errors.ts";
import { printable } from "../share_io/terminal.ts";
import { runGet } from "./get_command.ts";
import { helpText } from "./help.ts";
import { runMcp } from "./mcp_command.ts";
import { runSessions } from "./session_command.ts";
import { runShare, type ScriptContext } from "./share_command.ts";

/**
 * Runs the script with `argv`; resolves with the exit code (never rejects).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./main.ts";
 * // share.ts does: Deno.exit(await main(Deno.args, { scriptUrl: import.meta.url }));
 * assert.equal(await main(["--help"], { scriptUrl: import.meta.url }), 0);
 * assert.equal(await main(["--views", "x", "a.txt"], { scriptUrl: import.meta.url }), 1); // usage
 * ```
 */
export async function main(argv: readonly string[], context: ScriptContext): Promise<number> {
  try {
    const args: Args = parseArgs(argv);
    if (args.command === "help") {
      const script = /^https?:/.test(context.scriptUrl) ? context.scriptUrl : "share.ts";
      console.log(helpText(script));
    } else if (args.command === "share") await runShare(args, context);
    else if (args.command === "get") await runGet(args);
    else if (args.command === "sessions") await runSessions();
    else if (args.command === "mcp") await runMcp(args, context);
    else await runDelete(args);
    return EXIT.ok;
  } catch (e) {
    const { code, message } = describeError(e);
    // A server's or a sender's words may be in the message: no escape sequence acts.
    console.error(`hushlink: ${printable(message)}`);
    return code;
  }
}
