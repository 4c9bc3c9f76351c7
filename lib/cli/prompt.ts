/**
 * Asking for a password on the terminal without echoing it.
 * @module
 */
import { UsageError } from "../share_io/errors.ts";
import { writeAll } from "../share_io/file_sink.ts";

/**
 * Whether a prompt can be shown: standard input and standard error are terminals.
 * @example
 * ```ts
 * import { canPrompt } from "./prompt.ts";
 * if (!canPrompt()) console.error("no terminal: set HUSHLINK_PASSWORD instead");
 * ```
 */
export function canPrompt(): boolean {
  return Deno.stdin.isTerminal() && Deno.stderr.isTerminal();
}

/**
 * Writes `question` to standard error and reads one line from the terminal with echo off.
 * Backspace edits; Ctrl-C or Ctrl-D cancels with a {@link UsageError}.
 * @example
 * ```ts
 * import { canPrompt, promptSecret } from "./prompt.ts";
 * if (canPrompt()) {
 *   const password = await promptSecret("Password: "); // typed without echo
 *   console.error(`${password.length} characters`);
 * }
 * ```
 */
export async function promptSecret(question: string): Promise<string> {
  const encoder = new TextEncoder();
  await writeAll(Deno.stderr, encoder.encode(question));
  Deno.stdin.setRaw(true);
  const bytes: number[] = [];
  const buf = new Uint8Array(256);
  try {
    read: while (true) {
      const n = await Deno.stdin.read(buf);
      if (n === null) throw new UsageError("no password was entered");
      for (const b of buf.subarray(0, n)) {
        if (b === 0x0d || b === 0x0a) break read;
        if (b === 0x03 || b === 0x04) throw new UsageError("cancelled at the password prompt");
        if (b === 0x7f || b === 0x08) {
          // Drop the last whole UTF-8 character, not just its last byte.
          while (bytes.length > 0 && (bytes.pop()! & 0xc0) === 0x80);
        } else if (b >= 0x20 || b === 0x09) {
          bytes.push(b);
        }
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
    await writeAll(Deno.stderr, encoder.encode("\n"));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
