/**
 * The web app in real Chromium against a real server (recording every request): upload through
 * the form and read in a fresh context, passwords, burn after reading, several files as a zip, a
 * 30 MiB file byte-identical, deleting, zero CSP violations and console errors on every page, and
 * no key, password or plaintext in any request or in KV.
 * @module
 */
import { fileHash, randomBytes } from "../helpers/bytes.ts";
import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import { startTestServer } from "../helpers/server.ts";
import { browserTest, unexpected, watchedPage } from "../helpers/browser.ts";
import { sha256Hex } from "../helpers/digest.ts";
import { openLink, shareViaForm } from "./forms.ts";
import { chunkKey } from "../../lib/store/keys.ts";
import { createShare } from "../../lib/client/mod.ts";
import { findSecrets, kvPlaces, requestPlaces, type Secret } from "./leaks.ts";
import { tempDir } from "../helpers/temp_dir.ts";
import { drawQr } from "../../islands/ui/qr_drawing.ts";

const enc = new TextEncoder();

/** The key (fragment) of a view link, as text and as raw bytes. */
function keyOf(link: string): Secret[] {
  const fragment = new URL(link).hash.slice(1);
  return [fragment, Uint8Array.fromBase64(fragment, { alphabet: "base64url" })];
}

browserTest("web app in Chromium", async (browser, t) => {
  await using server = await startTestServer({ record: true });
  await using tmp = await tempDir({ prefix: "hushlink-web-" });
  const secrets: Secret[] = [];
  // A value that does reach the server (the delete token, in a header): proves the search works.
  let control = "";
  // A live share's page (an unknown id is a 404 page of its own: tests/browser/open_test.ts).
  const { id: liveId } = await createShare(
    {
      v: 1,
      kind: "text",
      created: new Date().toISOString(),
      files: [{ name: "paste.txt", type: "text/plain", size: 4 }],
    },
    [new Blob(["live"]).stream()],
    { server: server.url },
  );
  await t.step(
    "pages - every page loads with no CSP violation and no console error",
    async () => {
      const fakeId = "A".repeat(22);
      const { page, problems, context } = await watchedPage(browser);
      for (const path of ["/", "/security", `/s/${liveId}`, `/d/${fakeId}`]) {
        const res = await page.goto(server.url + path);
        assert.equal(res?.status(), 200, path);
        const csp = res?.headers()["content-security-policy"] ?? "";
        assert.match(csp, /default-src 'none'/, `${path} has the strict CSP`);
        await page.waitForLoadState("networkidle");
      }
      // The last two pages had no key/token in the fragment and say so.
      await page.goto(`${server.url}/s/${liveId}`);
      await page.waitForSelector("[data-problem=missing_key]");
      await page.goto(`${server.url}/s/${liveId}#tooshort`);
      await page.waitForSelector("[data-problem=bad_key]");
      await page.goto(`${server.url}/d/${fakeId}`);
      await page.waitForSelector("[data-problem=bad_link]");
      assert.deepEqual(problems, []);
      await context.close();
    },
  );

  await t.step(
    "pages - without JavaScript each page explains why and shows the script",
    async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      for (const path of ["/", `/s/${liveId}`, `/d/${"A".repeat(22)}`]) {
        await page.goto(server.url + path);
        // innerText is what is rendered: the <noscript> notice shows, the islands' shells do not.
        const shown = await page.locator("main").innerText();
        assert.ok(shown.includes("needs JavaScript"), path);
        assert.ok(shown.includes(`deno run -NR ${server.url}/share.js FILE`), path);
        assert.equal(await page.locator(".needs-js:visible").count(), 0, path);
      }
      await context.close();
    },
  );

  await t.step(
    "upload - text through the form opens in a fresh context; the list deletes it",
    async () => {
      const text = `hello from the form ${crypto.randomUUID()}\nsecond line <b>not html</b>`;
      const { link, sender } = await shareViaForm(browser, server.url, { text });
      secrets.push(text, ...keyOf(link));
      // The QR code the worker drew is the link's.
      assert.equal(
        await sender.page.locator("svg.qr path").getAttribute("d"),
        drawQr(link).path,
      );
      await sender.page.waitForSelector(".history a");
      const reader = await openLink(browser, link);
      await reader.page.waitForSelector(".text-view .prose-text");
      assert.equal(await reader.page.locator(".text-view b").count(), 0, "text is never HTML");
      const shown = await reader.page.locator(".prose-text").innerText();
      assert.ok(shown.includes("second line <b>not html</b>"), shown);
      // The sender's list of shares made in this browser deletes it.
      await sender.page.click(".history button.danger");
      await sender.page.click(".history button:has-text('Delete now')");
      await sender.page.waitForSelector(".history >> text=Deleted");
      const late = await openLink(browser, link);
      await late.page.waitForSelector("[data-problem=gone]");
      assert.deepEqual(sender.problems, []);
      assert.deepEqual(reader.problems, []);
      assert.deepEqual(unexpected(late.problems, [404]), []);
      for (const p of [sender, reader, late]) await p.context.close();
    },
  );

  await t.step("viewer - a wrong password costs no view and can be retried", async () => {
    const text = `guarded ${crypto.randomUUID()}`;
    const password = `pw-${crypto.randomUUID()}`;
    const { link, sender } = await shareViaForm(browser, server.url, {
      text,
      password,
      views: "1",
    });
    secrets.push(text, password, ...keyOf(link));
    const reader = await openLink(browser, link);
    await reader.page.fill("#share-password", "not the password");
    await reader.page.click("form.password-form button[type=submit]");
    await reader.page.waitForSelector("#password-error");
    await reader.page.fill("#share-password", password);
    await reader.page.click("form.password-form button[type=submit]");
    await reader.page.waitForSelector(".text-view .prose-text");
    assert.ok((await reader.page.locator(".prose-text").innerText()).includes(text));
    // It had one view: the right password got it, so the wrong one cost none.
    await reader.page.waitForSelector(".last-view");
    assert.deepEqual(unexpected(reader.problems, [403]), []);
    await sender.context.close();
    await reader.context.close();
  });

  await t.step(
    "viewer - burn after reading: the second open shows the share is gone",
    async () => {
      const text = `burn me ${crypto.randomUUID()}`;
      const { link, sender } = await shareViaForm(browser, server.url, { text, views: "1" });
      secrets.push(text, ...keyOf(link));
      const first = await openLink(browser, link);
      await first.page.click("text=Open the share");
      await first.page.waitForSelector(".last-view");
      assert.ok((await first.page.locator(".prose-text").innerText()).includes(text));
      const second = await openLink(browser, link);
      await second.page.waitForSelector("[data-problem=gone]");
      assert.deepEqual(first.problems, []);
      assert.deepEqual(unexpected(second.problems, [404]), []);
      for (const p of [sender, first, second]) await p.context.close();
    },
  );

  await t.step("viewer - several files: per-file list and download all as a zip", async () => {
    const contents: Record<string, Uint8Array> = {
      "notes.md": enc.encode(
        `# Notes ${crypto.randomUUID()}\n\n![x](https://example.com/p.png)\n\n` +
          `<img src=x onerror="console.error('xss')"><script>console.error('xss')</script>` +
          `<p style="color:red" onclick="console.error('xss')">styled</p>`,
      ),
      "data.bin": randomBytes(100_000),
      "empty.txt": new Uint8Array(0),
    };
    const paths = [];
    for (const [name, bytes] of Object.entries(contents)) {
      const path = `${tmp.path}/${name}`;
      await Deno.writeFile(path, bytes);
      paths.push(path);
    }
    const { link, sender } = await shareViaForm(browser, server.url, { files: paths });
    secrets.push(...keyOf(link), contents["notes.md"], contents["data.bin"].subarray(0, 64));
    const reader = await openLink(browser, link);
    await reader.page.waitForSelector(".file-list li");
    assert.equal(await reader.page.locator(".file-list li").count(), 3);
    const [download] = await Promise.all([
      reader.page.waitForEvent("download"),
      reader.page.click("text=Download all (zip)"),
    ]);
    const zip = unzipSync(await Deno.readFile(await download.path()));
    assert.deepEqual(Object.keys(zip).sort(), Object.keys(contents).sort());
    for (const [name, bytes] of Object.entries(contents)) assert.deepEqual(zip[name], bytes);
    // The markdown, the first file the page can show, opens by itself and fetches no remote image.
    await reader.page.waitForSelector(".markdown .blocked-image");
    assert.equal(await reader.page.locator(".markdown img").count(), 0);
    assert.equal(await reader.page.locator(".markdown script, .markdown [style]").count(), 0);
    assert.deepEqual(sender.problems, []);
    assert.deepEqual(reader.problems, []);
    await sender.context.close();
    await reader.context.close();
  });

  await t.step(
    "viewer - a 30 MiB file downloads byte-identical, or streams to disk",
    async () => {
      const bytes = randomBytes(30 * 1024 * 1024);
      const path = `${tmp.path}/big.bin`;
      await Deno.writeFile(path, bytes);
      const { link, sender } = await shareViaForm(browser, server.url, { files: [path] });
      secrets.push(...keyOf(link), bytes.subarray(1_000_000, 1_000_064));
      const expected = await sha256Hex(bytes);
      // In memory: the page offers the disk path for a share this large; open it here instead.
      const reader = await openLink(browser, link);
      await reader.page.click("text=Open in this page", { timeout: 180_000 });
      const button = reader.page.locator("button.primary:has-text('Download')");
      await button.waitFor({ timeout: 180_000 });
      const [download] = await Promise.all([
        reader.page.waitForEvent("download"),
        button.click(),
      ]);
      assert.equal(download.suggestedFilename(), "big.bin");
      assert.equal(await fileHash(await download.path()), expected);
      // Streamed to disk: the save picker answers with a file in the origin-private file system
      // (a real picker needs a person), and the saved file is hashed inside the page.
      const disk = await watchedPage(browser);
      await disk.page.addInitScript(() => {
        Object.assign(globalThis, {
          showSaveFilePicker: async ({ suggestedName }: { suggestedName: string }) =>
            (await navigator.storage.getDirectory()).getFileHandle(suggestedName, {
              create: true,
            }),
        });
      });
      await disk.page.goto(link);
      await disk.page.click("text=Save to disk…", { timeout: 180_000 });
      await disk.page.waitForSelector("text=every byte passed its integrity check", {
        timeout: 180_000,
      });
      const saved = await disk.page.evaluate(async () => {
        const file = await (await (await navigator.storage.getDirectory()).getFileHandle("big.bin"))
          .getFile();
        const digest = new Uint8Array(
          await crypto.subtle.digest("SHA-256", await file.arrayBuffer()),
        );
        return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
      });
      assert.equal(saved, expected);
      for (const p of [sender, reader, disk]) {
        assert.deepEqual(p.problems, []);
        await p.context.close();
      }
    },
  );

  await t.step(
    "delete page - deletes the share, opened with a '.' after the link; its link then shows it is gone",
    async () => {
      const text = `delete me ${crypto.randomUUID()}`;
      const { link, deleteLink, sender } = await shareViaForm(browser, server.url, { text });
      secrets.push(text, ...keyOf(link));
      control = new URL(deleteLink).hash.slice(1);
      // Pasted from a sentence: the page reads it as the share script does and cleans the address.
      const page = await openLink(browser, `${deleteLink}.`);
      await page.page.waitForSelector("text=Delete the share");
      assert.equal(page.page.url(), deleteLink);
      await page.page.click("text=Delete the share");
      await page.page.waitForSelector("text=Deleted");
      const reader = await openLink(browser, link);
      await reader.page.waitForSelector("[data-problem=gone]");
      assert.deepEqual(page.problems, []);
      assert.deepEqual(unexpected(reader.problems, [404]), []);
      for (const p of [sender, page, reader]) await p.context.close();
    },
  );

  await t.step("viewer - altered ciphertext or a wrong key shows a clear page", async () => {
    const path = `${tmp.path}/tamper.bin`;
    const bytes = randomBytes(150_000);
    await Deno.writeFile(path, bytes);
    const { link, sender } = await shareViaForm(browser, server.url, { files: [path] });
    secrets.push(...keyOf(link), bytes.subarray(0, 64));
    const id = new URL(link).pathname.split("/").pop()!;
    const chunk = await server.kv.get<Uint8Array>(chunkKey(id, 1));
    assert.ok(chunk.value, "the share is stored in chunks");
    const altered = chunk.value.slice();
    altered[100] ^= 1;
    await server.kv.set(chunkKey(id, 1), altered);
    const reader = await openLink(browser, link);
    await reader.page.waitForSelector("[data-problem=tampered]");
    assert.equal(await reader.page.locator("button:has-text('Download')").count(), 0);
    const otherKey = new Uint8Array(32).fill(7).toBase64({
      alphabet: "base64url",
      omitPadding: true,
    });
    const wrong = await openLink(browser, link.replace(/#.*/, `#${otherKey}`));
    await wrong.page.waitForSelector("[data-problem=key_rejected]");
    assert.deepEqual(reader.problems, []);
    assert.deepEqual(unexpected(wrong.problems, [403]), []);
    for (const p of [sender, reader, wrong]) await p.context.close();
  });

  await t.step(
    "viewer - a gzipped conversation share opens in the conversation view",
    async () => {
      const jsonl = await Deno.readFile(
        new URL("../fixtures/claude/session.jsonl", import.meta.url),
      );
      const gz = new Uint8Array(
        await new Response(new Blob([jsonl]).stream().pipeThrough(new CompressionStream("gzip")))
          .arrayBuffer(),
      );
      const { link } = await createShare(
        {
          v: 1,
          kind: "conversation",
          created: new Date().toISOString(),
          files: [{
            name: "session.jsonl",
            type: "application/x-ndjson",
            size: gz.length,
            encoding: "gzip",
          }],
        },
        [new Blob([gz]).stream()],
        { server: server.url },
      );
      secrets.push(...keyOf(link));
      const reader = await openLink(browser, link);
      await reader.page.waitForSelector(".cv .cv-title");
      assert.deepEqual(reader.problems, []);
      await reader.context.close();
    },
  );

  await t.step(
    "viewer - a conversation whose view cannot load shows the raw transcript and says why",
    async () => {
      const text = '{"type":"user","message":{"role":"user","content":"Why is CI red?"}}\n';
      const { link } = await createShare(
        {
          v: 1,
          kind: "conversation",
          created: new Date().toISOString(),
          files: [{ name: "session.jsonl", type: "application/x-ndjson", size: text.length }],
        },
        [new Blob([text]).stream()],
        { server: server.url },
      );
      secrets.push(...keyOf(link));
      const { page, context } = await watchedPage(browser);
      // As after a deploy that replaced the bundles this page was built with.
      await page.route(/\/static\/build\/conversation-[^/]+\.js$/, (route) => route.abort());
      await page.goto(link);
      await page.getByText("The conversation view could not be loaded").waitFor();
      await page.getByText("Why is CI red?").waitFor();
      assert.equal(await page.locator(".cv").count(), 0);
      await context.close();
    },
  );

  await t.step(
    "server - never received a key, password or plaintext, nor stored one",
    async () => {
      assert.ok(server.requests.length > 10, "requests were recorded");
      assert.notDeepEqual(findSecrets(requestPlaces(server.requests), [control]), []);
      const leaks = findSecrets(
        [...requestPlaces(server.requests), ...await kvPlaces(server.kv)],
        secrets,
      );
      assert.deepEqual(leaks, []);
    },
  );
});
