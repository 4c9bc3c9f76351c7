/**
 * Large shares saved as downloads streamed through the service worker (islands/sw/), the path of
 * every browser without a save picker. Chromium has the picker, so its tests take it away before
 * the page runs: what remains is what Firefox, Safari and phones do. Firefox takes the path as is.
 * @module
 */
import { fileHash, randomBytes } from "../helpers/bytes.ts";
import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import type { Browser, Download, Page } from "playwright-core";
import { browserTest, unexpected, type WatchedPage, watchedPage } from "../helpers/browser.ts";
import {
  clickText,
  firefoxPage,
  firefoxTest,
  launchFirefox,
  waitUntil,
} from "../helpers/firefox.ts";
import { sha256Hex } from "../helpers/digest.ts";
import { startTestServer } from "../helpers/server.ts";
import { createShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { chunkKey } from "../../lib/store/keys.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const MiB = 1024 * 1024;

/** A share of `files`, uploaded by the client library as the share script does. */
async function shareFiles(
  server: string,
  files: Record<string, Uint8Array<ArrayBuffer>>,
  views: number | null = null,
) {
  const manifest: Manifest = {
    v: 1,
    kind: "files",
    created: new Date().toISOString(),
    files: Object.entries(files).map(([name, b]) => ({ name, type: "", size: b.length })),
  };
  const bodies = Object.values(files).map((b) => new Blob([b]).stream());
  return await createShare(manifest, bodies, { server, views });
}

/**
 * Opens `link` in a fresh page of a browser without the File System Access pickers (taken away
 * before any script runs), after `setup` had its say on the page.
 */
async function pickerlessPage(
  browser: Browser,
  link: string,
  setup: (page: Page) => Promise<void> = async () => {},
): Promise<WatchedPage> {
  const reader = await watchedPage(browser);
  await reader.page.addInitScript(() => {
    const w = globalThis as unknown as Record<string, unknown>;
    delete w.showSaveFilePicker;
    delete w.showDirectoryPicker;
  });
  await setup(reader.page);
  await reader.page.goto(link);
  return reader;
}

/** Clicks what `selector` finds once the page shows it; returns the download the click started. */
async function clickDownload(page: Page, selector: string): Promise<Download> {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 120_000 }),
    page.click(selector, { timeout: 120_000 }),
  ]);
  return download;
}

browserTest("streamed downloads (service worker)", async (browser, t) => {
  await using server = await startTestServer();

  await t.step(
    "stream download - a 20 MiB file saves byte-identical through the service worker",
    async () => {
      const bytes = randomBytes(20 * MiB);
      const { link } = await shareFiles(server.url, { "big.bin": bytes });
      await using reader = await pickerlessPage(browser, link);
      const download = await clickDownload(reader.page, "button:has-text('Download')");
      // Served by the worker, not the server: the server has no such URL.
      assert.match(download.url(), /\/s\/download\/[A-Za-z0-9_-]{22}$/);
      assert.equal(download.suggestedFilename(), "big.bin");
      assert.equal(
        await fileHash(await download.path()),
        await sha256Hex(bytes),
      );
      await reader.page.waitForSelector("text=saved to your downloads");
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "stream download - a share without a view limit is fetched by bounded ranges, none before the choice",
    async () => {
      await using recorded = await startTestServer({ record: true });
      const bytes = randomBytes(20 * MiB);
      const { link } = await shareFiles(recorded.url, { "later.bin": bytes });
      const id = new URL(link).pathname.split("/").pop()!;
      const contentGets = () =>
        recorded.requests.filter((r) =>
          r.method === "GET" && new URL(r.url).pathname === `/api/shares/${id}/content`
        );
      await using reader = await pickerlessPage(browser, link);
      await reader.page.waitForSelector("text=Open in this page", { timeout: 120_000 });
      // Firefox reads a response nobody reads from into memory: none may start before the click.
      assert.deepEqual(contentGets().map((r) => r.headers.range), ["bytes=0-65595"]);
      const download = await clickDownload(reader.page, "button.primary:has-text('Download')");
      assert.equal(
        await fileHash(await download.path()),
        await sha256Hex(bytes),
      );
      // Then by ranges of at most 4 MiB too, so no browser holds much of it at once.
      const ranges = contentGets().slice(1).map((r) => r.headers.range ?? "whole");
      for (const range of ranges) {
        const [a, b] = range.replace("bytes=", "").split("-").map(Number);
        assert(b - a + 1 <= 64 * (65_536 + 16), `a request of ${range}`);
      }
      assert(ranges.length >= 5, `${ranges.length} requests`);
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "stream download - a large view-limited share is chosen for before it opens, then downloads",
    async () => {
      const bytes = randomBytes(20 * MiB);
      const { link } = await shareFiles(server.url, { "once.bin": bytes }, 1);
      await using reader = await pickerlessPage(browser, link);
      await reader.page.waitForSelector(".open-step >> text=Open in this page", {
        timeout: 60_000,
      });
      const download = await clickDownload(reader.page, ".open-step button:has-text('Download')");
      assert.equal(download.suggestedFilename(), "once.bin");
      assert.equal(
        await fileHash(await download.path()),
        await sha256Hex(bytes),
      );
      await reader.page.waitForSelector("text=saved to your downloads");
      await reader.page.waitForSelector("text=This was the last view");
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "stream download - a zip bundle that fails to load costs a view-limited share no view",
    async () => {
      const files = { "a.bin": randomBytes(12 * MiB), "b.bin": randomBytes(6 * MiB) };
      const { link } = await shareFiles(server.url, files, 1);
      const id = new URL(link).pathname.split("/").pop()!;
      await using reader = await pickerlessPage(browser, link, async (page) => {
        // As after a deploy that replaced the bundles this page was built with.
        await page.route(/\/static\/build\/zip-[^/]+\.js$/, (route) => route.abort());
      });
      await reader.page.click(".open-step button:has-text('Download')", { timeout: 60_000 });
      await reader.page.waitForSelector("[data-problem]");
      const info = await (await fetch(`${server.url}/api/shares/${id}`)).json();
      assert.equal(info.viewsLeft, 1, "the view was not spent");
    },
  );

  await t.step(
    "stream download - several files download as one zip, each file byte-identical",
    async () => {
      const files = {
        "a.bin": randomBytes(12 * MiB),
        "b.bin": randomBytes(6 * MiB),
        "notes.txt": new TextEncoder().encode("the small one\n"),
      };
      const { link } = await shareFiles(server.url, files);
      await using reader = await pickerlessPage(browser, link);
      const download = await clickDownload(reader.page, "text=Download all as a zip");
      assert.equal(download.suggestedFilename(), "shared-files.zip");
      const zip = unzipSync(await Deno.readFile(await download.path()));
      assert.deepEqual(Object.keys(zip).sort(), Object.keys(files).sort());
      for (const [name, bytes] of Object.entries(files)) assert.deepEqual(zip[name], bytes);
      await reader.page.waitForSelector("text=3 files were decrypted and saved");
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "stream download - without a service worker the page holds the share in memory and says so",
    async () => {
      const bytes = randomBytes(17 * MiB);
      const { link } = await shareFiles(server.url, { "held.bin": bytes });
      // A browser or window without service workers (Firefox's private windows have none).
      await using reader = await pickerlessPage(browser, link, async (page) => {
        await page.addInitScript(() => {
          delete (Navigator.prototype as unknown as Record<string, unknown>).serviceWorker;
        });
      });
      const button = reader.page.locator("button.primary:has-text('Download')");
      await button.waitFor({ timeout: 120_000 });
      // Said while it downloads, and still there once the share is open.
      await reader.page.waitForSelector(".notice:has-text('cannot save the share as it decrypts')");
      const [download] = await Promise.all([reader.page.waitForEvent("download"), button.click()]);
      assert.match(download.url(), /^blob:/);
      assert.equal(
        await fileHash(await download.path()),
        await sha256Hex(bytes),
      );
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "stream download - a share altered on the server fails the download and says so",
    async () => {
      const bytes = randomBytes(20 * MiB);
      const { link } = await shareFiles(server.url, { "altered.bin": bytes });
      const id = new URL(link).pathname.split("/").pop()!;
      // Far into the file, so that the download has started before the altered record arrives.
      const index = 200;
      const chunk = await server.kv.get<Uint8Array>(chunkKey(id, index));
      assert.ok(chunk.value, "the share is stored in chunks");
      const altered = chunk.value.slice();
      altered[100] ^= 1;
      await server.kv.set(chunkKey(id, index), altered);
      await using reader = await pickerlessPage(browser, link);
      const download = await clickDownload(reader.page, "button:has-text('Download')");
      assert.notEqual(await download.failure(), null, "the browser keeps no finished file");
      await reader.page.waitForSelector("[data-problem=tampered]");
      assert.deepEqual(unexpected(reader.problems), []);
    },
  );
});

/**
 * The file `name` in `dir` once the browser has finished writing it (no partial file left) and
 * `complete` accepts its bytes.
 */
async function savedFile(
  dir: string,
  name: string,
  complete: (bytes: Uint8Array) => boolean,
): Promise<Uint8Array<ArrayBuffer>> {
  for (let waited = 0; waited < 120_000; waited += 250) {
    const writing = [...Deno.readDirSync(dir)].some((e) => e.name.endsWith(".part"));
    const bytes = await Deno.readFile(`${dir}/${name}`).catch(() => null);
    if (!writing && bytes && complete(bytes)) return bytes;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no complete ${name} in the download folder`);
}

/** Whether `bytes` are a whole zip (its central directory read). */
function isZip(bytes: Uint8Array): boolean {
  try {
    unzipSync(bytes);
    return true;
  } catch {
    return false;
  }
}

firefoxTest("streamed downloads in Firefox (service worker)", async (_browser, t) => {
  await using server = await startTestServer();
  await using tmp = await tempDir({ prefix: "hushlink-downloads-" });

  await t.step(
    "firefox stream download - one file by name, several as a zip, a view-limited one, byte-identical",
    async () => {
      const big = randomBytes(20 * MiB);
      const files = { "a.bin": randomBytes(12 * MiB), "b.bin": randomBytes(6 * MiB) };
      const one = await shareFiles(server.url, { "big.bin": big });
      const several = await shareFiles(server.url, files);
      // A fresh page per share: puppeteer's next goto in a page that started a download timed out.
      // Its own Firefox, told where downloads go by preferences (see launchFirefox).
      await using saving = await launchFirefox({ downloadDir: tmp.path });
      const downloading = async () => await firefoxPage(saving);
      await using reader = await downloading();
      await reader.page.goto(one.link);
      await clickText(reader.page, "button.primary", "Download", 120_000);
      await waitUntil(
        reader.page,
        () =>
          document.querySelector("main")?.textContent?.includes("saved to your downloads") === true,
        null,
        120_000,
      );
      const saved = await savedFile(tmp.path, "big.bin", (b) => b.length === big.length);
      assert.equal(await sha256Hex(saved), await sha256Hex(big));

      await using second = await downloading();
      await second.page.goto(several.link);
      await clickText(second.page, "button", "Download all as a zip", 120_000);
      await waitUntil(
        second.page,
        () =>
          document.querySelector("main")?.textContent?.includes("files were decrypted") === true,
        null,
        120_000,
      );
      const zip = unzipSync(await savedFile(tmp.path, "shared-files.zip", isZip));
      for (const [name, bytes] of Object.entries(files)) assert.deepEqual(zip[name], bytes);

      // A view-limited share is chosen for before it opens: Firefox would cancel a download of
      // it in flight when the page follows the link to the worker's download.
      const once = randomBytes(20 * MiB);
      const limited = await shareFiles(server.url, { "once.bin": once }, 1);
      await using third = await downloading();
      await third.page.goto(limited.link);
      await clickText(third.page, ".open-step button", "Download", 60_000);
      const onceSaved = await savedFile(tmp.path, "once.bin", (b) => b.length === once.length);
      assert.equal(await sha256Hex(onceSaved), await sha256Hex(once));
      for (const page of [reader, second, third]) assert.deepEqual(await page.problems(), []);
    },
  );
});
