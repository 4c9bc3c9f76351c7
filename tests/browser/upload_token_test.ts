/**
 * A private instance (UPLOAD_TOKEN set) in real Chromium: the upload page asks for the token; a
 * wrong one gets a clear refusal and the question again, with nothing stored; the right one
 * makes a share that opens in another browser, is sent only as `Authorization: Bearer`, and is
 * remembered across a reload.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { browserTest, unexpected, watchedPage } from "../helpers/browser.ts";
import { openLink } from "./forms.ts";

const TOKEN = "private-instance-token-4c1f2a";

browserTest("upload token in Chromium", async (browser, t) => {
  await using server = await startTestServer({ config: { uploadToken: TOKEN }, record: true });
  await using sender = await watchedPage(browser);
  const { page } = sender;
  await t.step("upload token - the page of a private server asks for it", async () => {
    await page.goto(server.url + "/");
    await page.waitForSelector("[data-island=upload] form[data-ready]");
    assert.equal(await page.locator("#upload-token").isVisible(), true);
    assert.match(await page.locator("label[for=upload-token]").innerText(), /private/);
  });

  await t.step("upload token - a wrong token is refused clearly and asked again", async () => {
    await page.fill("#text", "never stored");
    await page.fill("#upload-token", "not-the-token-0000000000");
    await page.click("button[type=submit]");
    const alert = page.locator("[role=alert]");
    await alert.waitFor();
    assert.match(await alert.innerText(), /refused the upload token/);
    assert.equal(await page.locator("#upload-token").inputValue(), "");
    // The focus moves in an effect after the alert renders: wait for it, then check it.
    await page.waitForFunction(() => document.activeElement?.id === "upload-token", null, {
      timeout: 5_000,
    }).catch(() => {});
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      "upload-token",
      "the input has the focus again",
    );
    assert.equal(await page.locator("#share-link").count(), 0);
    let shares = 0;
    for await (const _ of server.kv.list({ prefix: ["share"] })) shares++;
    assert.equal(shares, 0, "nothing was stored");
  });

  let link = "";
  const text = `private share ${crypto.randomUUID()}`;
  await t.step("upload token - the right token makes a share that opens", async () => {
    await page.fill("#text", text);
    await page.fill("#upload-token", TOKEN);
    await page.click("button[type=submit]");
    await page.locator("#share-link").waitFor({ timeout: 60_000 });
    link = await page.locator("#share-link").inputValue();
    const reader = await openLink(browser, link);
    await reader.page.waitForSelector(".text-view .prose-text");
    assert.ok((await reader.page.locator(".prose-text").innerText()).includes(text));
    assert.deepEqual(reader.problems, []);
    await reader.context.close();
    // The token travelled only in the create request's Authorization header.
    const creates = server.requests.filter((r) =>
      r.method === "POST" && new URL(r.url).pathname === "/api/shares"
    );
    assert.deepEqual(
      creates.map((r) => r.headers.authorization),
      ["Bearer not-the-token-0000000000", `Bearer ${TOKEN}`],
    );
    for (const r of server.requests) {
      assert.ok(!r.url.includes(TOKEN), `token in the URL ${r.url}`);
      if (!(r.method === "POST" && new URL(r.url).pathname === "/api/shares")) {
        assert.ok(r.headers.authorization !== `Bearer ${TOKEN}`, `token sent to ${r.url}`);
      }
    }
  });

  await t.step("upload token - after a reload it is remembered, not asked again", async () => {
    await page.reload();
    await page.waitForSelector("[data-island=upload] form[data-ready]");
    await page.waitForSelector("[data-token=saved]");
    assert.equal(await page.locator("#upload-token").count(), 0);
    await page.fill("#text", "second share, no token typed");
    await page.click("button[type=submit]");
    await page.locator("#share-link").waitFor({ timeout: 60_000 });
    assert.notEqual(await page.locator("#share-link").inputValue(), link);
  });

  await t.step("upload token - a remembered token the server refuses is dropped", async () => {
    // The operator rotated the token: the saved one now fails.
    await page.evaluate(() => localStorage.setItem("hushlink.uploadToken", "rotated-away-000000"));
    await page.reload();
    await page.waitForSelector("[data-token=saved]");
    await page.fill("#text", "after rotation");
    await page.click("button[type=submit]");
    await page.locator("[role=alert]").waitFor();
    assert.match(await page.locator("[role=alert]").innerText(), /refused the upload token/);
    assert.equal(await page.locator("#upload-token").isVisible(), true);
    assert.equal(await page.evaluate(() => localStorage.getItem("hushlink.uploadToken")), null);
    assert.deepEqual(unexpected(sender.problems, [403]), []);
  });
});
