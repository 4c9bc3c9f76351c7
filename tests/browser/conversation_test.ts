/**
 * A Claude Code session shared with the share script and read in Chromium: `share.ts sessions`
 * lists it, `share.ts --session` redacts, compresses, encrypts and uploads it, and the viewer
 * renders the turns with tool calls closed, while no redacted secret (and no plaintext) ever
 * reaches the server or the page.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/temp_dir.ts";
import { runScript } from "../helpers/share_script.ts";
import { browserTest } from "../helpers/browser.ts";
import { openLink } from "./forms.ts";
import { projectFolderName } from "../../lib/sessions/mod.ts";
import { fakeSecrets } from "../conversation/fake_secrets.ts";

const ROOT = new URL("../../", import.meta.url);
const SESSION_ID = "5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60";

async function shareScript(
  args: string[],
  opts: { cwd: string; claudeDir: string },
): Promise<{ stdout: string; stderr: string }> {
  const { code, text, stderr } = await runScript(args, {
    cwd: opts.cwd,
    // CLAUDE_CONFIG_DIR rather than HOME, so that Deno keeps its own cache directory.
    env: { CLAUDE_CONFIG_DIR: opts.claudeDir },
  });
  assert.equal(code, 0, `share.ts ${args.join(" ")} failed: ${stderr}`);
  return { stdout: text, stderr };
}

browserTest("conversation sharing", async (browser, t) => {
  await using server = await startTestServer({ record: true });
  await using home = await tempDir({ prefix: "hushlink-home-" });
  await using projectDir = await tempDir({ prefix: "hushlink-project-" });
  const project = await Deno.realPath(projectDir.path);
  const secrets = fakeSecrets();
  const dir = `${home.path}/claude/projects/${projectFolderName(project)}`;
  await Deno.mkdir(dir, { recursive: true });
  const secretLine = JSON.stringify({
    type: "user",
    sessionId: SESSION_ID,
    timestamp: "2026-11-20T09:03:00.000Z",
    message: { role: "user", content: secrets.map((s) => s.context).join("\n") },
  });
  const fixture = await Deno.readTextFile(new URL("tests/fixtures/claude/session.jsonl", ROOT));
  await Deno.writeTextFile(`${dir}/${SESSION_ID}.jsonl`, fixture + secretLine + "\n");
  const opts = { cwd: project, claudeDir: `${home.path}/claude` };

  await t.step("conversation - share.ts sessions lists the directory's sessions", async () => {
    const { stdout } = await shareScript(["sessions"], opts);
    assert.match(stdout, new RegExp(`${SESSION_ID}\\s+Todo app: add due dates`));
  });

  let link = "";
  await t.step(
    "conversation - share.ts --session redacts and reports counts by kind",
    async () => {
      const { stdout, stderr } = await shareScript(["--server", server.url, "--session"], opts);
      link = stdout.trim();
      assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
      assert.match(stderr, new RegExp(`${secrets.length} secrets redacted \\(`));
      for (const { value } of secrets) assert.ok(!stderr.includes(value));
    },
  );

  await t.step("conversation - the server saw neither secrets nor plaintext", () => {
    const seen = server.requests.map((r) =>
      r.url + JSON.stringify(r.headers) + new TextDecoder().decode(r.body)
    ).join("\n");
    for (const { value } of secrets) assert.ok(!seen.includes(value));
    assert.ok(!seen.includes("due date"));
    assert.ok(!seen.includes(SESSION_ID));
  });

  await t.step("conversation - the viewer renders turns with tool calls closed", async () => {
    const reader = await openLink(browser, link);
    const { page } = reader;
    await page.waitForSelector(".cv-title");
    assert.equal(
      await page.locator(".cv-title").textContent(),
      "Todo app: add due dates",
    );
    assert.equal(await page.locator(".cv-turn.cv-user").count(), 3);
    assert.equal(await page.locator(".cv-turn.cv-assistant").count(), 2);
    const tools = page.locator("details.cv-tool");
    assert.equal(await tools.count(), 5);
    assert.deepEqual(
      await tools.evaluateAll((els) => els.filter((e) => e.hasAttribute("open")).length),
      0,
    );
    await page.waitForSelector(".cv-md pre code.hljs");
    const html = await page.content();
    for (const { value } of secrets) {
      assert.ok(!html.includes(value), "a secret reached the page");
    }
    assert.match(await page.locator(".cv-user").last().innerText(), /\[REDACTED:github-token\]/);
    assert.deepEqual(reader.problems, []);
    await reader.context.close();
  });
});
