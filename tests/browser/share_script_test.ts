/**
 * The share script and the web app read each other's shares: a share made by `share.ts` opens in
 * Chromium, and one made through the form decrypts with `share.ts get`.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { browserTest } from "../helpers/browser.ts";
import { openLink, shareViaForm } from "./forms.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const SHARE_SCRIPT = new URL("../../share.ts", import.meta.url).pathname;

async function shareScript(args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SHARE_SCRIPT, ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const err = new TextDecoder().decode(stderr);
  assert.equal(code, 0, `share.ts ${args.join(" ")} failed: ${err}`);
  return new TextDecoder().decode(stdout);
}

browserTest("share script and web app interoperate", async (browser, t) => {
  await using server = await startTestServer();
  await using tmp = await tempDir({ prefix: "hushlink-interop-" });
  await t.step("web - a share made by share.ts opens in the browser", async () => {
    const text = `from the script ${crypto.randomUUID()}\n`;
    const path = `${tmp.path}/from-script.txt`;
    await Deno.writeTextFile(path, text);
    const link = (await shareScript(["--server", server.url, path])).trim();
    const reader = await openLink(browser, link);
    await reader.page.waitForSelector(".text-view pre.code");
    assert.ok((await reader.page.locator("pre.code").innerText()).includes(text.trim()));
    assert.deepEqual(reader.problems, []);
    await reader.context.close();
  });

  await t.step("web - a share made in the browser decrypts with share.ts get", async () => {
    const text = `from the browser ${crypto.randomUUID()}\nline two`;
    const { link, sender } = await shareViaForm(browser, server.url, { text });
    assert.equal(await shareScript(["get", link]), text);
    await sender.context.close();
  });
});
