/**
 * The upload form's upload in real Chromium: a file of several parts is read, encrypted and sent
 * by the upload worker, with a progress bar that moves by bytes sent (within parts, not only per
 * stored part), and its link opens byte-identical; Cancel stops an upload, deletes what the
 * server holds of it, and gives the form back as it was. The network is slowed through the
 * DevTools protocol, as a real connection would be, so that an upload takes seconds.
 * @module
 */
import { fileHash, randomBytes } from "../helpers/bytes.ts";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { PART_SIZE } from "../../lib/api/mod.ts";
import { shareKey } from "../../lib/store/keys.ts";
import { browserTest, watchedPage } from "../helpers/browser.ts";
import { sha256Hex } from "../helpers/digest.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/temp_dir.ts";
import { openLink } from "./forms.ts";

/** Limits what the page (its workers included) can send, in bytes per second. */
async function slowUpload(page: Page, bytesPerSecond: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
}

/** Records every value the form's progress bar shows, from before the page's scripts run. */
async function recordProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.addInitScript(() => {
    const seen: number[] = [];
    Object.assign(globalThis, { __progress: seen });
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>("form progress");
      if (bar?.hasAttribute("value") && bar.value !== seen.at(-1)) seen.push(bar.value);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  return () => page.evaluate(() => (globalThis as unknown as { __progress: number[] }).__progress);
}

browserTest("upload worker in Chromium", async (browser, t) => {
  await using server = await startTestServer();
  await using tmp = await tempDir({ prefix: "hushlink-upload-" });

  await t.step(
    "upload - a file of several parts goes up from the worker, the bar moving within parts; the link opens byte-identical",
    async () => {
      const bytes = randomBytes(3 * PART_SIZE + 700_000);
      const path = `${tmp.path}/parts.bin`;
      await Deno.writeFile(path, bytes);
      await using sender = await watchedPage(browser);
      const { page } = sender;
      const workers: string[] = [];
      page.on("worker", (w) => workers.push(new URL(w.url()).pathname));
      // Playwright reports a dedicated worker's requests as the page's.
      const puts: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "PUT") puts.push(new URL(r.url()).pathname);
      });
      const progress = await recordProgress(page);
      await page.goto(server.url + "/");
      await page.waitForSelector("[data-island=upload] form[data-ready]");
      if (workers.length === 0) await page.waitForEvent("worker");
      await slowUpload(page, 4_000_000);
      await page.setInputFiles("#files", path);
      await page.click("button[type=submit]");
      const link = await page.locator("#share-link").inputValue({ timeout: 120_000 });

      // One started with the form (before the submit), and a spare for the next share once this
      // one is done, which may start after the link shows.
      assert.ok(workers.length >= 1 && workers.length <= 2, workers.join(", "));
      for (const worker of workers) {
        assert.match(worker, /^\/static\/build\/worker-upload-[\w-]+\.js$/);
      }
      const id = new URL(link).pathname.split("/").pop();
      const parts = puts.map((path) => path.split("/"))
        .filter(([, , , share]) => share === id).map((p) => p.at(-1));
      assert.deepEqual([...new Set(parts)].sort(), ["0", "1", "2", "3"]);
      // Before the link showed, the bar moved many times, by bytes sent rather than by parts
      // stored (those would all be multiples of the part size), and never went back.
      const values = await progress();
      const moving = values.filter((v) => v > 0 && v < bytes.length);
      assert.ok(moving.length >= 5, `the bar moved only to ${moving.join(", ")}`);
      assert.ok(moving.some((v) => v % PART_SIZE !== 0), `only whole parts: ${moving.join(", ")}`);
      assert.deepEqual(values, [...values].sort((a, b) => a - b));

      await using reader = await openLink(browser, link);
      const button = reader.page.locator("button.primary:has-text('Download')");
      await button.waitFor({ timeout: 120_000 });
      const [download] = await Promise.all([
        reader.page.waitForEvent("download"),
        button.click(),
      ]);
      assert.equal(download.suggestedFilename(), "parts.bin");
      assert.equal(
        await fileHash(await download.path()),
        await sha256Hex(bytes),
      );
      assert.deepEqual(sender.problems, []);
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "upload - Cancel deletes the unfinished upload on the server and gives the form back as it was",
    async () => {
      const bytes = randomBytes(3 * PART_SIZE);
      const path = `${tmp.path}/cancel.bin`;
      await Deno.writeFile(path, bytes);
      await using sender = await watchedPage(browser);
      const { page } = sender;
      await page.goto(server.url + "/");
      await page.waitForSelector("[data-island=upload] form[data-ready]");
      await slowUpload(page, 1_000_000);
      await page.fill("#text", "a note that goes with the file");
      await page.setInputFiles("#files", path);
      await page.selectOption("#views", "5");
      await page.fill("#password", "cancel-me-password");
      const createAnswer = page.waitForResponse((r) =>
        r.request().method() === "POST" && new URL(r.url()).pathname === "/api/shares"
      );
      await page.click("button[type=submit]");
      // The upload the worker created, with its write token.
      const created: { id: string; writeToken: string } = await (await createAnswer).json();
      // Cancel once bytes are on their way: the server holds an upload by then.
      await page.waitForFunction(
        () => {
          const bar = document.querySelector<HTMLProgressElement>("form progress");
          return bar !== null && bar.value > 0;
        },
        null,
        { timeout: 60_000 },
      );
      const cancel = page.getByRole("button", { name: "Cancel", exact: true });
      await cancel.click();
      const note = page.locator("[role=status]:has-text('Upload cancelled')");
      await note.waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => document.activeElement?.textContent?.includes("cancelled"));

      const { id, writeToken } = created;
      assert.equal((await server.kv.get(shareKey(id))).value, null, "nothing left in KV");
      const info = await fetch(`${server.url}/api/shares/${id}`);
      assert.equal(info.status, 404);
      await info.body?.cancel();
      // With the upload's own write token the server still answers 404: it was deleted, not
      // just left incomplete (an incomplete upload takes parts).
      const again = await fetch(`${server.url}/api/shares/${id}/parts/0`, {
        method: "PUT",
        headers: { authorization: `Bearer ${writeToken}` },
        body: new Uint8Array(PART_SIZE),
      });
      assert.equal(again.status, 404);
      assert.equal((await again.json()).error.code, "not_found");

      // The form is back with everything in it, and still works.
      assert.equal(await page.locator("#text").inputValue(), "a note that goes with the file");
      assert.equal(await page.locator("#views").inputValue(), "5");
      assert.equal(await page.locator("#password").inputValue(), "cancel-me-password");
      assert.match(await page.locator("form").innerText(), /cancel\.bin/);
      assert.equal(await cancel.count(), 0);
      await slowUpload(page, -1);
      await page.click("button[type=submit]");
      const link = await page.locator("#share-link").inputValue({ timeout: 120_000 });
      const stored = await fetch(`${server.url}/api/shares/${new URL(link).pathname.slice(3)}`);
      assert.equal(stored.status, 200);
      assert.ok((await stored.json()).size > bytes.length);
      assert.deepEqual(sender.problems, []);
    },
  );
});
