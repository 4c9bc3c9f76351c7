/**
 * The `share_session` tool end to end: the MCP server runs in a fake project directory with a
 * fake Claude Code folder (CLAUDE_CONFIG_DIR), shares a session, and `read_link` decrypts it.
 */
import assert from "node:assert/strict";
import { fakeClaude, NEWER_ID, OLDER_ID } from "./fake_claude.ts";
import { assertNeverSent, withMcp } from "./mcp_client.ts";

Deno.test("mcp share_session - shares the newest session of the project it runs in, redacted", async () => {
  await using claude = await fakeClaude();
  await withMcp(async ({ call, server }) => {
    const shared = await call("share_session", { views: 2 });
    assert.equal(shared.isError, false, shared.text);
    assert.equal(shared.data.sessionId, NEWER_ID);
    assert.equal(
      shared.data.title,
      "Why does the deploy fail? It pushes with [REDACTED:github-token] as the token",
    );
    assert.equal(shared.data.redacted, true);
    assert.deepEqual(shared.data.redactions, { "github-token": 1 });
    assert.equal(shared.data.redaction, "1 secret redacted (github-token 1)");
    const link = shared.data.link as string;
    assert.match(link, new RegExp(`^${server.url}/s/[\\w-]{22}#[\\w-]{43}$`));
    assert.ok(shared.text.includes(`Link: ${link}`));
    assert.ok(shared.text.includes(`Delete link: ${shared.data.deleteLink}`));
    assert.ok(shared.text.includes(`Session: ${NEWER_ID} (Why does the deploy fail?`));
    assert.ok(shared.text.includes("Redaction: 1 secret redacted (github-token 1)"));
    // Not even the start of the token comes back (a title is cut at 80 characters).
    assert.ok(!JSON.stringify(shared).includes(claude.token.slice(0, 12)));

    const read = await call("read_link", { link });
    assert.equal(read.isError, false, read.text);
    assert.equal(read.data.kind, "conversation");
    const text = read.data.text as string;
    assert.ok(text.includes("Why does the deploy fail? It pushes with [REDACTED:github-token]"));
    assert.ok(text.includes("The token lacks the workflow scope."));
    assert.ok(!text.includes(claude.token), "the planted token survived");
    assert.ok(!text.includes("Rename the config loader"), "the older session went out");

    assertNeverSent(server, link.split("#")[1]);
    assertNeverSent(server, claude.token);
    assertNeverSent(server, "deploy fail");
  }, { cwd: claude.project, env: { CLAUDE_CONFIG_DIR: claude.claudeDir } });
});

Deno.test("mcp share_session - takes a session by id, prefix or path, for a cwd given as argument", async () => {
  await using claude = await fakeClaude();
  await withMcp(async ({ call }) => {
    const byPrefix = await call("share_session", { cwd: claude.project, session: "1a2b" });
    assert.equal(byPrefix.isError, false, byPrefix.text);
    assert.equal(byPrefix.data.sessionId, OLDER_ID);
    assert.equal(byPrefix.data.title, "Rename the config loader");
    assert.equal(byPrefix.data.redaction, "no secrets found");

    // A trailing slash names the same project (Claude Code records resolved paths).
    const byId = await call("share_session", { cwd: `${claude.project}/`, session: NEWER_ID });
    assert.equal(byId.isError, false, byId.text);
    assert.equal(byId.data.sessionId, NEWER_ID);

    const byPath = await call("share_session", { session: `${claude.sessions}/${OLDER_ID}.jsonl` });
    assert.equal(byPath.isError, false, byPath.text);
    assert.equal(byPath.data.sessionId, OLDER_ID);
  }, { env: { CLAUDE_CONFIG_DIR: claude.claudeDir } });
});

Deno.test("mcp share_session - redact: false shares as written and says so loudly", async () => {
  await using claude = await fakeClaude();
  await withMcp(async ({ call }) => {
    const shared = await call("share_session", { redact: false });
    assert.equal(shared.isError, false, shared.text);
    assert.equal(shared.data.redacted, false);
    assert.deepEqual(shared.data.redactions, {});
    assert.match(shared.text, /^NOT REDACTED: the transcript was shared exactly as written/);
    assert.ok(!shared.text.includes("Redaction:"));
    const read = await call("read_link", { link: shared.data.link });
    assert.ok((read.data.text as string).includes(claude.token));
  }, { cwd: claude.project, env: { CLAUDE_CONFIG_DIR: claude.claudeDir } });
});

Deno.test("mcp share_session - an unknown session or project is a clear error naming no flags", async () => {
  await using claude = await fakeClaude();
  await withMcp(async ({ call, server }) => {
    const unknown = await call("share_session", { session: "ffff0000" });
    assert.equal(unknown.isError, true);
    assert.equal(
      unknown.text,
      `no session ffff0000: neither a transcript file nor a session id of ${claude.project} or ` +
        "another project; pass a session id, a unique prefix of one, or a .jsonl path",
    );

    const missingFile = await call("share_session", { session: `${claude.home}/gone.jsonl` });
    assert.equal(missingFile.isError, true);
    assert.match(missingFile.text, /^no session .*gone\.jsonl: neither a transcript file/);

    const elsewhere = await call("share_session", { cwd: `${claude.home}/work` });
    assert.equal(elsewhere.isError, true);
    assert.equal(
      elsewhere.text,
      `Claude Code has no sessions for ${claude.home}/work: pass the project's directory as ` +
        "cwd, or a transcript's .jsonl path as session",
    );
    for (const { text } of [unknown, missingFile, elsewhere]) {
      assert.ok(!/--|share\.ts/.test(text), `names a command-line flag: ${text}`);
    }
    assert.equal(server.requests.length, 0);
  }, { cwd: claude.project, env: { CLAUDE_CONFIG_DIR: claude.claudeDir } });
});

Deno.test("mcp share_session - works with the narrower permissions docs/MCP.md gives, says what is missing without", async () => {
  await using claude = await fakeClaude();
  const env = { CLAUDE_CONFIG_DIR: claude.claudeDir };
  const narrow = ["--allow-net=127.0.0.1", "--allow-read", `--allow-write=${claude.home}/saved`];
  await withMcp(async ({ call }) => {
    const shared = await call("share_session", {});
    assert.equal(shared.isError, false, shared.text);
    assert.equal(shared.data.sessionId, NEWER_ID);
  }, { cwd: claude.project, env, permissions: [...narrow, "--allow-env=HOME,CLAUDE_CONFIG_DIR"] });
  await withMcp(async ({ call }) => {
    const noEnv = await call("share_session", {});
    assert.equal(noEnv.isError, true);
    assert.match(noEnv.text, /^cannot find Claude Code's sessions: this MCP server may not read/);
  }, { cwd: claude.project, env, permissions: narrow });
});

Deno.test("mcp share_session - is listed with a description of what it shares and the key", async () => {
  await withMcp(async ({ tools }) => {
    const tool = (await tools()).find((t) => t.name === "share_session");
    assert.ok(tool, "share_session is listed");
    const description = tool.description ?? "";
    assert.match(description, /^Shares the current Claude Code conversation/);
    assert.match(description, /most recently written session \(the running one\)/);
    assert.match(description, /redacted on this machine before encrypting unless redact is false/);
    assert.match(description, /#fragment is the decryption key: treat the link as a secret/);
  });
});
