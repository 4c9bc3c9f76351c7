/**
 * The MCP server's error lines: the share script's wording (lib/share_io/errors.ts) with the
 * agent's fixes — tool arguments and the server's own permissions, never a command-line flag.
 */
import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { PasswordRequiredError } from "../../lib/client/mod.ts";
import { describeError } from "../../lib/cli/errors.ts";
import { toolError } from "../../lib/mcp/result.ts";
import { shareText } from "../../lib/mcp/share_tools.ts";

function text(result: CallToolResult): string {
  assert.equal(result.isError, true);
  const [first] = result.content;
  assert.ok(first.type === "text");
  return first.text;
}

Deno.test("mcp result - a bad expires names the tool argument, not --expires", async () => {
  // Rejected before any request: the server address is never dialled.
  const error = await shareText({ server: "http://127.0.0.1:9" }, "x", { expires: "0" })
    .then(() => null, (e) => e);
  assert.equal(
    text(toolError(error)),
    "expires 0: use a duration such as 90s, 10m, 1h, 7d, 2w or plain seconds",
  );
});

Deno.test("mcp result - a password or a permission is asked for in the agent's terms", () => {
  const password = text(toolError(new PasswordRequiredError()));
  assert.match(password, /^this share is protected by a password; call read_link again with/);
  assert.ok(!password.includes("--"), password);
  assert.match(describeError(new PasswordRequiredError()).message, /--allow-env=HUSHLINK_PASSWORD/);

  const denied = new Deno.errors.NotCapable('Requires read access to "/srv/x"');
  assert.equal(
    text(toolError(denied)),
    `Requires read access to "/srv/x" (allow it in this MCP server's deno run command)`,
  );
  assert.match(describeError(denied).message, /see --help\)$/);
});
