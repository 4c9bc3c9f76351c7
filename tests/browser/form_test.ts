/**
 * The upload form and the small things around it, in real Chromium against a real server: the
 * file input shows its files only in the list, sizes read the same everywhere (200 MiB is
 * "200 MiB"; progress counts the files' bytes, not the ciphertext's), the text format (detected or
 * chosen) decides how the viewer shows a text, the history asks before deleting, unknown addresses
 * get a page of the site, focus after "Make another share", the delete link's button, the system
 * Share button, and the page's words for an unreachable server.
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startTestServer } from "../helpers/server.ts";
import { browserTest, unexpected, watchedPage } from "../helpers/browser.ts";
import { tempDir } from "../helpers/temp_dir.ts";
import { openLink, shareViaForm, submitForm } from "./forms.ts";
import { formatBytes } from "../../lib/format.ts";
import { largestFile } from "../../lib/crypto/mod.ts";

const MiB = 1024 * 1024;

/** Every text the page's progress line showed, recorded as the page changes it. */
async function recordProgress(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(globalThis, { __progress: seen });
    new MutationObserver(() => {
      for (const p of document.querySelectorAll(".progress p")) {
        const text = p.textContent ?? "";
        if (seen[seen.length - 1] !== text) seen.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

function progressSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { __progress: string[] }).__progress);
}

browserTest("upload form", async (browser, t) => {
  // A limit below 200 MiB, so that a 200 MiB file is refused before anything is uploaded.
  const maxShareBytes = 100 * MiB;
  await using server = await startTestServer({ config: { maxShareBytes } });
  await using tmp = await tempDir({ prefix: "hushlink-form-" });
  /** A file of `size` zero bytes (sparse: nothing is written). */
  const file = async (name: string, size: number) => {
    const path = `${tmp.path}/${name}`;
    using f = await Deno.open(path, { write: true, create: true });
    await f.truncate(size);
    return path;
  };

  await t.step(
    "file input - chosen files show in the list only, never as 'No file chosen'",
    async () => {
      await using p = await watchedPage(browser);
      const { page } = p;
      await page.goto(server.url + "/");
      await page.waitForSelector("form[data-ready]");
      await page.setInputFiles("#files", [
        await file("a.txt", 10),
        await file("b.txt", 20),
        await file("c.txt", 30),
        await file("d.txt", 40),
      ]);
      assert.equal(await page.locator(".drop .file-list li").count(), 4);
      // The native input (whose text would say "No file chosen" beside a list of four) takes no room
      // and cannot be seen; its label is the visible button and names it.
      const box = await page.locator("#files").boundingBox();
      assert.ok(box && box.width <= 1 && box.height <= 1, JSON.stringify(box));
      assert.equal(await page.locator("#files").evaluate((e) => getComputedStyle(e).opacity), "0");
      const label = page.locator("label[for=files]");
      assert.ok(await label.isVisible());
      assert.equal(await label.innerText(), "Add more files");
      assert.equal(await page.getByLabel("Add more files").getAttribute("id"), "files");
      // Keyboard: Tab reaches the input, and its label shows the focus ring.
      await page.focus("#text-format");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "files");
      const outline = await page.locator("label[for=files]").evaluate((e) =>
        getComputedStyle(e).outlineStyle
      );
      assert.equal(outline, "solid");
      assert.deepEqual(p.problems, []);
    },
  );

  await t.step(
    "sizes - a 200 MiB file reads '200 MiB' in the list and in the refusal",
    async () => {
      await using p = await watchedPage(browser);
      const { page } = p;
      await page.goto(server.url + "/");
      await page.waitForSelector("form[data-ready]");
      await page.setInputFiles("#files", await file("big.iso", 200 * MiB));
      const item = await page.locator(".drop .file-list li").innerText();
      assert.match(item, /\b200 MiB\b/);
      const limit = formatBytes(largestFile(maxShareBytes));
      assert.ok((await page.locator(".actions .muted").innerText()).includes(`Up to ${limit}.`));
      await page.click("button[type=submit]");
      const refusal = await page.locator("[role=alert]").innerText();
      assert.equal(refusal, `That is 200 MiB; this server accepts up to ${limit} per share.`);
      assert.deepEqual(p.problems, []);
    },
  );

  await t.step(
    "sizes - upload and download progress and the large-share notice count the files' bytes",
    async () => {
      // 30 MiB of content is about 31 MiB of ciphertext: the figures must say 30.
      const path = await file("video.bin", 30 * MiB);
      const sender = await watchedPage(browser);
      await recordProgress(sender.page);
      await sender.page.goto(server.url + "/");
      const { link } = await submitForm(sender.page, { files: [path] });
      const sent = await progressSeen(sender.page);
      assert.ok(sent.some((s) => s.includes("of 30 MiB")), sent.join("\n"));
      assert.ok(
        sent.every((s) => !/of \d+(\.\d)? MiB/.test(s) || s.includes("of 30 MiB")),
        sent.join("\n"),
      );
      await sender.context.close();

      const reader = await watchedPage(browser);
      await recordProgress(reader.page);
      // A save picker makes the page offer saving to disk, with the share's size.
      await reader.page.addInitScript(() => {
        Object.assign(globalThis, { showSaveFilePicker: () => Promise.reject(new Error("no")) });
      });
      await reader.page.goto(link);
      const notice = await reader.page.locator("text=This share is large").innerText({
        timeout: 120_000,
      });
      assert.match(notice, /This share is large \(30 MiB\)/);
      await reader.page.click("text=Open in this page");
      await reader.page.locator("button.primary:has-text('Download')").waitFor({
        timeout: 120_000,
      });
      const received = await progressSeen(reader.page);
      assert.ok(received.some((s) => s.includes("of 30 MiB")), received.join("\n"));
      assert.deepEqual(reader.problems, []);
      await reader.context.close();
    },
  );

  await t.step("text format - auto-detected markdown renders as markdown", async () => {
    const text = "# Release notes\n\n- faster uploads\n- see [the docs](https://example.com/d)\n";
    const sender = await watchedPage(browser);
    await sender.page.goto(server.url + "/");
    await sender.page.waitForSelector("form[data-ready]");
    await sender.page.fill("#text", text);
    assert.equal(
      await sender.page.locator("#text-format option[value=auto]").innerText(),
      "Detected: markdown",
    );
    const { link } = await submitForm(sender.page, {});
    const reader = await openLink(browser, link);
    await reader.page.waitForSelector(".markdown h1");
    assert.equal(await reader.page.locator(".markdown h1").innerText(), "Release notes");
    assert.equal(await reader.page.locator(".markdown li").count(), 2);
    for (const p of [sender, reader]) {
      assert.deepEqual(p.problems, []);
      await p.context.close();
    }
  });

  await t.step("text format - a chat message is plain text, not numbered code lines", async () => {
    const text = "Hi! Can you look at the build tomorrow?\nIt failed twice tonight.";
    const { link, sender } = await shareViaForm(browser, server.url, { text });
    const reader = await openLink(browser, link);
    await reader.page.waitForSelector(".text-view .prose-text");
    assert.equal(await reader.page.locator(".prose-text").innerText(), text);
    assert.equal(await reader.page.locator("pre.code, .line").count(), 0);
    for (const p of [sender, reader]) {
      assert.deepEqual(p.problems, []);
      await p.context.close();
    }
  });

  await t.step("text format - an explicit choice overrides the detection", async () => {
    const share = async (text: string, format: string) => {
      const sender = await watchedPage(browser);
      await sender.page.goto(server.url + "/");
      await sender.page.waitForSelector("form[data-ready]");
      await sender.page.fill("#text", text);
      await sender.page.selectOption("#text-format", format);
      const { link } = await submitForm(sender.page, {});
      await sender.context.close();
      return await openLink(browser, link);
    };
    // Markdown-looking, sent as plain text: shown as typed, nothing rendered.
    const markdown = "# Not a heading\n\n- [x](https://example.com)\n- two";
    const plain = await share(markdown, "plain");
    await plain.page.waitForSelector(".prose-text");
    assert.equal(await plain.page.locator(".prose-text").innerText(), markdown);
    assert.equal(await plain.page.locator(".markdown, h1:has-text('Not a heading')").count(), 0);
    // Prose, sent as code: numbered lines.
    const code = await share("first line\nsecond line\nthird line", "code");
    await code.page.waitForSelector(".text-view pre.code");
    assert.equal(await code.page.locator("pre.code .line").count(), 3);
    // Code-looking, sent as markdown: rendered.
    const md = await share("const a = 1;\nlet b = a + 1;", "markdown");
    await md.page.waitForSelector(".markdown");
    for (const p of [plain, code, md]) {
      assert.deepEqual(p.problems, []);
      await p.context.close();
    }
  });

  await t.step(
    "history - Delete asks first; 'Keep it' keeps the share, 'Delete now' deletes it",
    async () => {
      const { link, sender } = await shareViaForm(browser, server.url, { text: "keep me" });
      const { page } = sender;
      const remove = page.locator(".history button.danger:has-text('Delete')");
      await remove.click();
      await page.waitForSelector(".history .confirm");
      // The focus moves to "Keep it" in an effect, after the question is painted.
      await page.waitForFunction(
        () => document.activeElement?.textContent === "Keep it",
        null,
        { timeout: 5_000 },
      );
      await page.click(".history button:has-text('Keep it')");
      assert.equal(await page.locator(".history .confirm").count(), 0);
      // Focus goes back to the share's row once the list re-rendered (an effect, after paint).
      await page.waitForFunction(
        () => document.activeElement?.matches(".history [data-share]"),
        null,
        { timeout: 5_000 },
      );
      // Nothing was deleted by the first click: the share still opens.
      const reader = await openLink(browser, link);
      await reader.page.waitForSelector(".prose-text");
      await reader.context.close();
      // A double click on Delete only asks: its second click lands on "Keep it", not on a delete.
      await remove.dblclick();
      assert.equal(await page.locator(".history .confirm").count(), 0);
      assert.equal(await page.locator(".history [role=status]").innerText(), "");
      await remove.click();
      await page.click(".history button:has-text('Delete now')");
      await page.waitForSelector(".history >> text=Deleted");
      const late = await openLink(browser, link);
      await late.page.waitForSelector("[data-problem=gone]");
      assert.deepEqual(sender.problems, []);
      assert.deepEqual(unexpected(late.problems, [404]), []);
      await sender.context.close();
      await late.context.close();
    },
  );

  await t.step("404 - an unknown address gets a page of the site with a way home", async () => {
    const res = await fetch(`${server.url}/no/such/page`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    await res.body?.cancel();
    const api = await fetch(`${server.url}/api/no-such-route`);
    assert.equal(api.status, 404);
    assert.equal((await api.json()).error.code, "not_found");
    await using p = await watchedPage(browser);
    const answer = await p.page.goto(`${server.url}/no/such/page`);
    assert.equal(answer?.status(), 404);
    assert.equal(await p.page.locator("header.site .brand").innerText(), "hushlink");
    assert.equal(await p.page.locator("main h1").innerText(), "Page not found");
    await p.page.click("main a[href='/']");
    await p.page.waitForSelector("form[data-ready]");
    assert.deepEqual(unexpected(p.problems, [404]), []);
  });

  await t.step("result - 'Make another share' puts the focus on the form's text", async () => {
    const { sender } = await shareViaForm(browser, server.url, { text: "once more" });
    await sender.page.click("text=Make another share");
    await sender.page.waitForFunction(() => document.activeElement?.id === "text");
    assert.deepEqual(sender.problems, []);
    await sender.context.close();
  });

  await t.step(
    "result - the delete link's button looks unlike the link's; Share appears with navigator.share",
    async () => {
      const { link, sender } = await shareViaForm(browser, server.url, { text: "no share api" });
      const look = (name: string) =>
        sender.page.getByRole("button", { name, exact: true }).evaluate((e) => {
          const s = getComputedStyle(e);
          return `${s.color} ${s.backgroundColor} ${s.borderColor}`;
        });
      assert.notEqual(await look("Copy link"), await look("Copy delete link"));
      // Headless Chromium has no system share sheet: no button that would do nothing.
      assert.equal(await sender.page.evaluate(() => "share" in navigator), false);
      assert.equal(await sender.page.getByRole("button", { name: "Share…" }).count(), 0);
      await sender.context.close();
      assert.ok(link);

      const phone = await watchedPage(browser);
      await phone.page.addInitScript(() => {
        const shared: unknown[] = [];
        Object.assign(globalThis, { __shared: shared });
        Object.defineProperty(navigator, "share", {
          value: (data: unknown) => {
            shared.push(data);
            return Promise.resolve();
          },
        });
      });
      await phone.page.goto(server.url + "/");
      const made = await submitForm(phone.page, { text: "share sheet" });
      await phone.page.getByRole("button", { name: "Share…" }).click();
      const shared = await phone.page.evaluate(() =>
        (globalThis as unknown as { __shared: unknown[] }).__shared
      );
      assert.deepEqual(shared, [{ url: made.link }]);
      assert.deepEqual(phone.problems, []);
      await phone.context.close();
    },
  );

  await t.step("upload error - an unreachable server is said in the page's words", async () => {
    await using own = await startTestServer();
    await using p = await watchedPage(browser);
    await p.page.goto(own.url + "/");
    await p.page.waitForSelector("form[data-ready]");
    await p.page.fill("#text", "never sent");
    await own.close();
    await p.page.click("button[type=submit]");
    const alert = await p.page.locator("[role=alert]").innerText({ timeout: 120_000 });
    assert.equal(
      alert,
      "The server could not be reached. Check your internet connection, then try again.",
    );
    assert.doesNotMatch(alert, /that it runs|address/);
  });
});
