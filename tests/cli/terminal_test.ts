/**
 * Terminal escapes (docs/SECURITY.md, "Hostile shares"): a share's content, a name or a server's
 * message may carry escape sequences that write the clipboard (OSC 52), retitle the window or
 * clear the screen. On a terminal they print as symbols instead of acting.
 * @module
 */
import assert from "node:assert/strict";
import { printable, printableStream } from "../../lib/share_io/terminal.ts";
import { startTestServer } from "../helpers/server.ts";
import { runScript, SCRIPT } from "../helpers/share_script.ts";

const ESC = "\x1b";
/** Clipboard write, window title, clear screen, a C1 CSI, a bell and a lone carriage return. */
const HOSTILE = `${ESC}]52;c;Y3VybCBldmlsfHNo${"\x07"} ${ESC}]0;title${"\x07"} ${ESC}[2J \x9b31m` +
  ` over\rwrite\r\nnext line\n`;

Deno.test("terminal - control characters print as symbols, tab and line ends stay", () => {
  const shown = printable(HOSTILE);
  // deno-lint-ignore no-control-regex
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(shown.replaceAll("\r\n", "")), shown);
  assert.ok(shown.startsWith("\u241b]52;c;Y3VybCBldmlsfHNo\u2407"));
  assert.ok(shown.includes("\uFFFD31m") && shown.includes("over\u240dwrite\r\nnext line\n"));
  assert.equal(printable("a\tb\n"), "a\tb\n");
});

Deno.test("terminal - the stream keeps \\r\\n and multi-byte characters cut between chunks", async () => {
  const bytes = new TextEncoder().encode("é line\r\n" + HOSTILE);
  // Cut inside "é" and between "\r" and "\n".
  const pieces = [bytes.subarray(0, 1), bytes.subarray(1, 8), bytes.subarray(8)];
  const out = await new Response(ReadableStream.from(pieces).pipeThrough(printableStream())).text();
  assert.equal(out, printable("é line\r\n" + HOSTILE));
});

Deno.test("terminal - get on a terminal prints a share's escape sequences as symbols", async () => {
  await using server = await startTestServer();
  const shared = await runScript(["--server", server.url, "--json"], { stdin: HOSTILE });
  assert.equal(shared.code, 0, shared.errors.join("\n"));
  const { link } = JSON.parse(shared.text);
  // `script` runs the command with its standard output on a pseudo-terminal.
  const command = [Deno.execPath(), "run", "-A", "--quiet", SCRIPT, "get", link]
    .map((a) => `'${a}'`).join(" ");
  const { stdout, code } = await new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seen = new TextDecoder().decode(stdout);
  assert.equal(code, 0, seen);
  assert.ok(seen.includes("\u241b]52;c;Y3VybCBldmlsfHNo\u2407"), seen);
  assert.ok(
    !seen.includes(`${ESC}]52`) && !seen.includes(`${ESC}[2J`),
    "an escape reached the terminal",
  );
});
