/**
 * Opening a view link in real Chromium against a real server: a view-limited share waits for a
 * click (loading and reloading spend nothing) and says how much it downloads, an unlimited one
 * opens at once with no extra request, a password share says what opening costs and that a
 * damaged link looks like a wrong password, a link with text pasted after its key opens and is
 * cleaned in the address bar, and a share that is gone is a 404 page that needs no JavaScript.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { browserTest, unexpected, watchedPage } from "../helpers/browser.ts";
import { createShare, getShareInfo, NotFoundError } from "../../lib/client/mod.ts";
import { formatBytes } from "../../lib/format.ts";

/** Shares `text` through the client library (not the page: the test is about opening). */
async function shareText(
  server: TestServer,
  text: string,
  options: { views?: number; password?: string } = {},
): Promise<{ link: string; id: string }> {
  const bytes = new TextEncoder().encode(text);
  const created = await createShare(
    {
      v: 1,
      kind: "text",
      created: new Date().toISOString(),
      files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: bytes.length }],
    },
    [new Blob([bytes]).stream()],
    { server: server.url, ...options },
  );
  return { link: created.link, id: created.id };
}

/** Views left, from the public metadata (reading it uses none). */
async function viewsLeft(server: TestServer, id: string): Promise<number | null> {
  return (await getShareInfo(server.url, id)).viewsLeft;
}

/** The page's requests for the share's content or metadata (not the test's own), in order. */
function apiReads(server: TestServer, id: string): string[] {
  return server.requests
    .filter((r) => r.headers["user-agent"]?.includes("Chrome"))
    .map((r) => `${r.method} ${new URL(r.url).pathname}`)
    .filter((r) => r.startsWith(`GET /api/shares/${id}`));
}

/** `link` with one key character changed: well formed, but not the share's key. */
function damaged(link: string): string {
  const at = link.indexOf("#") + 10;
  return link.slice(0, at) + (link[at] === "A" ? "B" : "A") + link.slice(at + 1);
}

browserTest("opening a link in Chromium", async (browser, t) => {
  await using server = await startTestServer({ record: true });

  await t.step(
    "viewer - a burn-after-reading share opens only on a click; loading and reloading spend nothing",
    async () => {
      const text = `once ${crypto.randomUUID()}`;
      const { link, id } = await shareText(server, text, { views: 1 });
      await using reader = await watchedPage(browser);
      const { page } = reader;
      await page.goto(link);
      const step = page.locator(".open-step");
      await step.waitFor();
      assert.match(
        await step.innerText(),
        /This share can be opened 1 more time: after that it is deleted\.\s+Opening it here uses that last view/,
      );
      assert.equal(await viewsLeft(server, id), 1);
      await page.reload();
      await step.waitFor();
      assert.equal(await viewsLeft(server, id), 1, "a reload used no view");
      assert.deepEqual(apiReads(server, id), [], "nothing was fetched before the click");
      await page.click("text=Open the share");
      await page.waitForSelector(".last-view");
      assert.ok((await page.locator(".prose-text").innerText()).includes(text));
      await assert.rejects(getShareInfo(server.url, id), NotFoundError);
      // Gone now: the page says so at once, with no click and no request of its own.
      await page.reload();
      await page.waitForSelector("[data-problem=gone]");
      assert.equal(await page.locator(".open-step").count(), 0);
      assert.deepEqual(unexpected(reader.problems, [404]), []);
    },
  );

  await t.step("viewer - the click step counts the views left", async () => {
    const { link, id } = await shareText(server, "three times", { views: 3 });
    await using reader = await watchedPage(browser);
    await reader.page.goto(link);
    const step = reader.page.locator(".open-step");
    await step.waitFor();
    const shown = await step.innerText();
    assert.match(shown, /can be opened 3 more times: after that it is deleted\./);
    assert.match(shown, /Opening it here uses one of them\./);
    assert.match(shown, /expires in 6d 23h/);
    // The size known before opening is the padded ciphertext's, said as the download it is.
    const { size } = await getShareInfo(server.url, id);
    assert.ok(shown.includes(`${formatBytes(size)} to download`), shown);
    await reader.page.click("text=Open the share");
    await reader.page.waitForSelector("text=2 views left");
    assert.equal(await viewsLeft(server, id), 2);
    assert.deepEqual(reader.problems, []);
  });

  await t.step(
    "viewer - a share without a view limit opens at once, with no click and no extra request",
    async () => {
      const text = `open at once ${crypto.randomUUID()}`;
      const { link, id } = await shareText(server, text);
      await using reader = await watchedPage(browser);
      await reader.page.goto(link);
      await reader.page.waitForSelector(".text-view .prose-text");
      assert.ok((await reader.page.locator(".prose-text").innerText()).includes(text));
      assert.equal(await reader.page.locator(".open-step").count(), 0);
      // The page carried the metadata: one request, the content's.
      assert.deepEqual(apiReads(server, id), [`GET /api/shares/${id}/content`]);
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "viewer - a password share with a view limit says so on its form, and a damaged key reads as a wrong password or a changed link",
    async () => {
      const text = `guarded ${crypto.randomUUID()}`;
      const password = `pw-${crypto.randomUUID()}`;
      const { link, id } = await shareText(server, text, { views: 1, password });
      await using reader = await watchedPage(browser);
      const { page } = reader;
      await page.goto(damaged(link));
      const form = page.locator("form.password-form");
      await form.waitFor();
      assert.match(
        await form.innerText(),
        /This share can be opened 1 more time: after that it is deleted\.\s+Opening it uses a view only when the password is right\./,
      );
      assert.equal(await page.locator(".open-step").count(), 0, "the form is the one click");
      await page.fill("#share-password", password);
      await page.click("form.password-form button[type=submit]");
      const error = page.locator("#password-error");
      await error.waitFor();
      assert.equal(
        await error.innerText(),
        "Wrong password, or the link was changed or cut. No view was used: check the password, " +
          "or copy the whole link again.",
      );
      assert.equal(await viewsLeft(server, id), 1, "the refused attempt used no view");
      // The whole link, pasted with a closing parenthesis, and the same password: one click. (From
      // a blank page: a change of fragment alone would only reload this one.)
      await page.goto("about:blank");
      await page.goto(`${link})`);
      await form.waitFor();
      await page.fill("#share-password", password);
      await page.click("form.password-form button[type=submit]");
      await page.waitForSelector(".last-view");
      assert.ok((await page.locator(".prose-text").innerText()).includes(text));
      assert.deepEqual(unexpected(reader.problems, [403]), []);
    },
  );

  await t.step(
    "viewer - a link with '.', ')' or '%20' after its key opens; the address bar gets the clean link",
    async () => {
      const text = `pasted ${crypto.randomUUID()}`;
      const { link, id } = await shareText(server, text);
      const pagePath = `/s/${id}`;
      for (const tail of [".", ")", "%20", ").", " and more"]) {
        await using reader = await watchedPage(browser);
        const before = server.requests.filter((r) => new URL(r.url).pathname === pagePath).length;
        await reader.page.goto(link + tail);
        await reader.page.waitForSelector(".text-view .prose-text");
        assert.ok((await reader.page.locator(".prose-text").innerText()).includes(text), tail);
        assert.equal(reader.page.url(), link, `the address bar after ${JSON.stringify(tail)}`);
        const loads = server.requests.filter((r) => new URL(r.url).pathname === pagePath).length;
        assert.equal(loads - before, 1, "cleaning the address bar did not reload the page");
        assert.deepEqual(reader.problems, [], tail);
      }
      // A view-limited share: the clean link survives a reload, and nothing was spent.
      const limited = await shareText(server, "limited", { views: 2 });
      await using reader = await watchedPage(browser);
      await reader.page.goto(`${limited.link}.`);
      await reader.page.locator(".open-step").waitFor();
      assert.equal(reader.page.url(), limited.link);
      await reader.page.reload();
      await reader.page.locator(".open-step").waitFor();
      assert.equal(await viewsLeft(server, limited.id), 2);
      // Still errors: a longer key, and a cut one followed by punctuation.
      for (const wrong of [`${limited.link}A`, `${limited.link.slice(0, -5)}).`]) {
        await reader.page.goto("about:blank");
        await reader.page.goto(wrong);
        await reader.page.waitForSelector("[data-problem=bad_key]");
      }
      assert.equal(await viewsLeft(server, limited.id), 2);
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step("viewer - a corrected link pasted into the same tab starts over", async () => {
    const text = `corrected ${crypto.randomUUID()}`;
    const { link } = await shareText(server, text);
    await using reader = await watchedPage(browser);
    await reader.page.goto(link.slice(0, -5));
    await reader.page.waitForSelector("[data-problem=bad_key]");
    await reader.page.goto(link); // only the fragment changes: no navigation of its own
    await reader.page.waitForSelector(".text-view .prose-text");
    assert.ok((await reader.page.locator(".prose-text").innerText()).includes(text));
    assert.deepEqual(reader.problems, []);
  });

  await t.step(
    "pages - a share that is gone is a 404 page that says so without JavaScript",
    async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const res = await page.goto(`${server.url}/s/${"A".repeat(22)}#${"A".repeat(43)}`);
      assert.equal(res?.status(), 404);
      assert.equal(res?.headers()["cache-control"], "no-store");
      assert.ok(await page.locator("[data-problem=gone]").isVisible());
      assert.ok(!(await page.locator("main").innerText()).includes("needs JavaScript"));
      const bad = await page.goto(`${server.url}/s/short`);
      assert.equal(bad?.status(), 404);
      assert.ok(await page.locator("[data-problem=bad_link]").isVisible());
      await context.close();
    },
  );
});
