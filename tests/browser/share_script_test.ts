/**
 * The share script and the web app read each other's shares: a share made by `share.ts` opens in
 * Chromium, and one made through the form decrypts with `share.ts get`.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { runScript } from "../helpers/share_script.ts";
import { browserTest } from "../helpers/browser.ts";
import { openLink, shareViaForm } from "./forms.ts";
import { tempDir } from "../helpers/temp_dir.ts";

/** Runs share.ts with `args`; its standard output, once it has exited 0. */
async function shareScript(args: string[]): Promise<string> {
  const { code, text, stderr } = await runScript(args);
  assert.equal(code, 0, `share.ts ${args.join(" ")} failed: ${stderr}`);
  return text;
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
    await reader.page.waitForSelector(".text-view .prose-text");
    assert.ok((await reader.page.locator(".prose-text").innerText()).includes(text.trim()));
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
