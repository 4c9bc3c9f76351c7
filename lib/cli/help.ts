/**
 * The share script's `--help` text.
 * @module
 */

/**
 * Returns the help text, with commands naming `script` (how the script was started).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { helpText } from "./help.ts";
 * assert(helpText("share.ts").includes("--server URL"));
 * ```
 */
export function helpText(script: string): string {
  return `hushlink: share files and text end-to-end encrypted; the key stays in the link.

Usage:
  deno run --allow-net=HOST --allow-read=FILE ${script} [options] FILE...
  COMMAND | deno run --allow-net=HOST ${script} [options]      (shares standard input)
  deno run --allow-net=HOST --allow-write=PATH ${script} get LINK [-o PATH]
  deno run --allow-net=HOST ${script} delete DELETE_LINK

Sharing (no FILE, or -, shares standard input; put - after any files). A server with
default limits takes a file of up to 1 GiB; its upload page shows its own largest file.
  --server URL          server to use (default: $HUSHLINK_SERVER, else the server this script
                        was loaded from, else http://localhost:8000)
  --expires DURATION    lifetime: 90s, 10m, 1h, 7d, 2w or plain seconds (default: the
                        server's, 7d)
  --views N             the share disappears after N views
  --burn                same as --views 1
  --password            also lock it with a password (asked without echo on a terminal, or
                        taken from $HUSHLINK_PASSWORD)
  --name NAME           file name for standard input (default: a text paste, shown as
                        plain text, markdown or code by what it reads as)
  --upload-token TOKEN  for servers that require one (or $HUSHLINK_UPLOAD_TOKEN)
  --json                print {"link","deleteLink","expiresAt"} on standard output
  -q, --quiet           only the link on standard output, errors on standard error
  -h, --help            this text
  Standard output gets the view link; standard error the delete link, the expiry and, on a
  terminal, a progress bar.

Claude Code sessions (needs --allow-read for ~/.claude and --allow-env=HOME):
  sessions              lists this directory's sessions: time, size, id, first prompt
  --session [ID|PATH]   shares a session transcript as a conversation (default: this
                        directory's newest); secrets are redacted first and counted by kind
  --no-redact           shares the transcript as it is

Reading:
  get LINK              decrypts to standard output (text or a single file). A share of up
                        to 16 MiB is written only once all of it authenticated; a larger one
                        streams, so a failed read may have written a prefix (the exit code
                        says so: use -o to get nothing or the whole). On a terminal, control
                        characters show as symbols (ESC as ␛) unless --raw.
  get LINK -o PATH      writes to PATH (a directory for several files, or when PATH ends in /;
                        created when missing); files appear only after the whole share
                        authenticated, and never replace a file: a name that is taken gets the
                        next free one (a (2).txt). --password asks up front; otherwise the
                        password is asked only when the share has one.
                        A share of several files without -o is saved in ./hushlink-ID/.
  delete DELETE_LINK    deletes the share at once

AI agents:
  mcp                   runs an MCP server on standard input/output with the tools share_text,
                        share_file, share_session, read_link and delete_share (takes --server and
                        --upload-token); e.g. claude mcp add hushlink -- deno run -A ${script} mcp
                        Only mcp loads the MCP server's code: share-mcp.js from the server that
                        served share.js (no extra flag), or lib/mcp/ in a clone (--allow-read).

Permissions: --allow-net for the server's host, --allow-read for the files you share,
--allow-write for -o. Environment variables are read only when allowed, e.g.
--allow-env=HUSHLINK_SERVER,HUSHLINK_PASSWORD,HUSHLINK_UPLOAD_TOKEN.

Exit codes: 0 done, 1 usage error, 2 network or server error, 3 not found or expired,
4 wrong password or key, 5 integrity check failed (content altered; with -o nothing is written).`;
}
