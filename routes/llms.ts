/**
 * `GET /llms.txt`: a short plain-text guide for AI agents (the llms.txt convention). It says what
 * hushlink is and, above all, how to handle a link without leaking its key: the fragment after `#`
 * is the key, so a link must be read with the MCP tool or the share script on the agent's own
 * machine, never handed to a web-fetch tool that runs elsewhere.
 * @module
 */
import { Hono } from "hono";
import { publicOrigin } from "../lib/http/public_origin.ts";

/** Options of {@link llmsRoutes}. */
export interface LlmsOptions {
  /** Origin to put in the example commands (PUBLIC_URL); the request's origin when null. */
  publicUrl?: string | null;
}

/**
 * What the `/share` command runs: the share script on the current directory's newest Claude Code
 * session (inside Claude Code, the running one), printing the links as JSON on standard output
 * and the redaction counts on standard error. `-q` keeps Deno's download notes out of the
 * output Claude Code inserts into the prompt; the environment variables come in separate flags
 * because `allowed-tools` is a comma-separated list.
 */
function sessionCommand(origin: string): string {
  return "deno run -q -NR --allow-env=HOME --allow-env=CLAUDE_CONFIG_DIR " +
    `--allow-env=HUSHLINK_UPLOAD_TOKEN ${origin}/share.js --session --json`;
}

/**
 * The Claude Code command file behind `/share` (`~/.claude/commands/share.md`). Its `!` line runs
 * {@link sessionCommand} before the prompt goes to the model, and `allowed-tools` allows exactly
 * that command, no other. `disable-model-invocation` keeps the model from running it on its own:
 * only the person sends the session away.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shareCommandFile } from "./llms.ts";
 * assert(shareCommandFile("https://share.example").startsWith("---\ndescription: "));
 * ```
 */
export function shareCommandFile(origin: string): string {
  return shareCommandLines(origin).join("\n") + "\n";
}

function shareCommandLines(origin: string): string[] {
  const command = sessionCommand(origin);
  return [
    "---",
    "description: Share this session as an end-to-end encrypted hushlink link",
    `allowed-tools: Bash(${command})`,
    "disable-model-invocation: true",
    "---",
    "This Claude Code session, shared with hushlink (redacted and encrypted on this machine):",
    "",
    `!\`${command}\``,
    "",
    "Show the user the link, the delete link and the expiry from the JSON above, and the line " +
    "about redaction if there is one; if the command failed, show its error instead. Everything " +
    "after # in a link is its key: do not open or fetch the links, and use them nowhere else.",
  ];
}

/**
 * A shell one-liner (sh, bash, zsh, fish) that writes {@link shareCommandFile} to
 * `~/.claude/commands/share.md`. `printf '%s\n'` prints each single-quoted line as it is: no
 * escapes, no `$`, backquote or `!` expansion. No line holds a single quote, so plain quoting
 * serves every one of those shells (tests/mcp/share_command_test.ts runs it through real ones).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shareCommandInstall } from "./llms.ts";
 * const install = shareCommandInstall("https://share.example");
 * assert(install.startsWith("mkdir -p ~/.claude/commands && printf "));
 * ```
 */
export function shareCommandInstall(origin: string): string {
  const quoted = shareCommandLines(origin).map((line) => `'${line}'`);
  return `mkdir -p ~/.claude/commands && printf '%s\\n' ${quoted.join(" ")} ` +
    "> ~/.claude/commands/share.md";
}

/**
 * The guide's text for the server at `origin`. Kept next to the route so the commands it shows
 * always match the script this server serves.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { llmsText } from "./llms.ts";
 * assert(llmsText("https://share.example").startsWith("# hushlink"));
 * ```
 */
export function llmsText(origin: string): string {
  const script = `${origin}/share.js`;
  return `# hushlink

> End-to-end encrypted sharing of text, files and AI-assistant conversations. The sender's
> machine encrypts; this server stores only ciphertext; the key travels in the link's fragment.

A view link looks like ${origin}/s/<id>#<key>. Everything after "#" is the decryption key (43
characters). Browsers never send the fragment to a server, and neither must you.

## Rules for agents

- Read a link on your own machine: with the hushlink MCP server's read_link tool, or with
  \`deno run -NRW ${script} get LINK\`. Both decrypt locally.
- Never paste a link with its fragment into a web fetch, browsing or search tool that runs on
  someone else's server: that hands the key to a third party. Fetching ${origin}/s/<id> without
  the fragment shows nothing useful either - the content is ciphertext.
- Treat a link like a password: do not log it, quote it in public places or store it beyond the
  task. A share may allow only a few views; each read uses one.
- A delete link (${origin}/d/<id>#<token>) removes the share; use it only when asked to.

## MCP server (recommended)

Add it to Claude Code:

    claude mcp add hushlink -- deno run -A ${script} mcp

Other MCP clients: run \`deno run -A ${script} mcp\` as a stdio server.
Tools: share_text (text, name, expires, views, password) -> link and delete link;
share_file (path) -> link; share_session (session, cwd, redact) -> link to this Claude Code
session, secrets redacted; read_link (link, password, save_to) -> the text, or the files' names,
types and sizes and, with save_to, saves them; delete_share (delete link).

## Share the current Claude Code session

Ask Claude Code to share this session: the share_session tool shares the project's most
recently written session (the running one) with secrets redacted first. Or add a /share command
that runs the share script on it and shows the link (the command cannot be run by the model):

    ${shareCommandInstall(origin)}

## Share script

    echo "hello" | deno run -NR ${script}          # share stdin, prints the link
    deno run -NR ${script} report.pdf              # share a file
    deno run -NR --allow-env=HOME ${script} --session  # this directory's newest Claude Code session
    deno run -NRW ${script} get LINK -o out/       # decrypt a link into out/
    deno run -NR ${script} delete DELETE_LINK      # delete a share

## More

- ${origin}/security - the threat model in short
`;
}

/**
 * Routes serving `GET /llms.txt` as `text/plain; charset=utf-8`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { llmsRoutes } from "./llms.ts";
 * const app = new Hono();
 * app.route("/", llmsRoutes({ publicUrl: "https://share.example" })); // config.publicUrl
 * const res = await app.request("/llms.txt");
 * assert.equal(res.status, 200);
 * assert((await res.text()).startsWith("# hushlink"));
 * ```
 */
export function llmsRoutes(options: LlmsOptions = {}): Hono {
  const app = new Hono();
  app.get("/llms.txt", (c) => {
    const origin = publicOrigin(c, options.publicUrl ?? null, "max-age=3600");
    return c.text(llmsText(origin), 200, { "Content-Type": "text/plain; charset=utf-8" });
  });
  return app;
}
