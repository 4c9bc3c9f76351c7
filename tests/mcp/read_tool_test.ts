/**
 * `read_link`'s inline-text cap, in process against a real server: what goes back into an
 * agent's context stays bounded, and a share too big for it is refused before a view is used.
 */
import assert from "node:assert/strict";
import { readLink } from "../../lib/mcp/read_tool.ts";
import { shareText } from "../../lib/mcp/share_tools.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/temp_dir.ts";

Deno.test("mcp/read_tool - text over the cap is cut on a character boundary and flagged", async () => {
  await using server = await startTestServer();
  const text = "é".repeat(1500); // 3000 bytes; the cap below falls inside a character
  const { link } = await shareText({ server: server.url }, text);
  const read = await readLink(link, { maxTextBytes: 1001 });
  assert.equal(read.truncated, true);
  assert.equal(read.text, "é".repeat(500));
  assert.deepEqual(read.files, [{
    name: "paste.txt",
    type: "text/plain; charset=utf-8",
    size: 3000,
  }]);
});

Deno.test("mcp/read_tool - a share far over the cap is refused without using its view", async () => {
  await using server = await startTestServer();
  const { link } = await shareText({ server: server.url }, "x".repeat(200_000), { views: 1 });
  await assert.rejects(
    readLink(link, { maxTextBytes: 1000 }),
    /too many to return here; call read_link again with save_to/,
  );
  await using dir = await tempDir();
  const read = await readLink(link, { saveTo: `${dir.path}/new` });
  assert.equal(read.viewsLeft, 0);
  assert.equal(await Deno.readTextFile(`${dir.path}/new/paste.txt`), "x".repeat(200_000));
});
