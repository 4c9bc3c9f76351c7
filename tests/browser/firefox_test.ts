/**
 * The web app in Firefox (Debian's firefox-esr over WebDriver BiDi), the engine without the File
 * System Access API: pages load clean, the form encrypts and uploads, links open decrypted in
 * another context, password shares, a PDF shows in Firefox's own PDF viewer (pdf.js) with no CSP
 * violation, and a multi-part file comes back byte-identical through the in-memory path that
 * Firefox, Safari and phones take.
 * @module
 */
import assert from "node:assert/strict";
import type { ElementHandle, Page } from "puppeteer-core";
import { createShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { sha256Hex } from "../helpers/digest.ts";
import { firefoxPage, firefoxTest, waitUntil } from "../helpers/firefox.ts";
import { makePdf } from "../helpers/pdf.ts";
import { startTestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const MiB = 1024 * 1024;

/** A manifest of one file. */
function oneFile(name: string, type: string, size: number): Manifest {
  return { v: 1, kind: "files", created: new Date().toISOString(), files: [{ name, type, size }] };
}

/** The page's main text once `text` appears in it (the viewer decrypts after load). */
async function waitForText(page: Page, text: string): Promise<string> {
  await waitUntil(
    page,
    (t: string) => document.querySelector("main")?.textContent?.includes(t) === true,
    text,
    60_000,
  );
  return await page.$eval("main", (m) => m.textContent ?? "");
}

firefoxTest("web app in Firefox", async (browser, t) => {
  await using server = await startTestServer();
  await using tmp = await tempDir({ prefix: "hushlink-firefox-" });

  await t.step("firefox - every page loads with no CSP violation or console error", async () => {
    await using tab = await firefoxPage(browser);
    const body = new TextEncoder().encode("a live share, for the pages that need one\n");
    const live = await createShare(
      oneFile("live.txt", "text/plain", body.length),
      [new Blob([body]).stream()],
      { server: server.url, views: 1 },
    );
    const id = new URL(live.link).pathname.split("/").pop();
    for (
      const [path, shown, status] of [
        // Never the same path twice in a row: a change of fragment alone is no new page load.
        ["/", "[data-island=upload] form[data-ready]", 200],
        [`/s/${id}`, "[data-problem=missing_key]", 200],
        ["/security", "main h1", 200],
        [`/s/${id}#tooshort`, "[data-problem=bad_key]", 200],
        [`/d/${id}`, "[data-problem=bad_link]", 200],
        [`/s/${id}#${new URL(live.link).hash.slice(1)}`, ".open-step", 200],
        [`/s/${"A".repeat(22)}#${"A".repeat(43)}`, "[data-problem=gone]", 404],
        ["/no/such/page", "main h1", 404],
      ] as const
    ) {
      const res = await tab.page.goto(server.url + path);
      assert.equal(res?.status(), status, path);
      await tab.page.waitForSelector(shown);
    }
    assert.deepEqual(await tab.problems(), []);
  });

  await t.step(
    "firefox - the form encrypts text and a file; another context opens both",
    async () => {
      const text = `typed in Firefox ${crypto.randomUUID()}`;
      const file = `${tmp.path}/notes.txt`;
      await Deno.writeTextFile(file, "a file chosen in Firefox\n");
      await using sender = await firefoxPage(browser);
      await sender.page.goto(server.url + "/");
      await sender.page.waitForSelector("[data-island=upload] form[data-ready]");
      await sender.page.type("#text", text);
      const input = await sender.page.$("#files") as ElementHandle<HTMLInputElement>;
      await input.uploadFile(file);
      await sender.page.click("button[type=submit]");
      await sender.page.waitForSelector("#share-link", { timeout: 60_000 });
      const link = await sender.page.$eval("#share-link", (e) => (e as HTMLInputElement).value);
      assert.match(link, /\/s\/[\w-]{22}#[\w-]{43}$/);

      await using reader = await firefoxPage(browser);
      await reader.page.goto(link);
      const shown = await waitForText(reader.page, text);
      assert.ok(shown.includes("notes.txt"), shown);
      assert.deepEqual(await sender.problems(), []);
      assert.deepEqual(await reader.problems(), []);
    },
  );

  await t.step("firefox - a password share opens once the password is typed", async () => {
    const body = new TextEncoder().encode("behind a password, read in Firefox\n");
    const { link } = await createShare(
      {
        v: 1,
        kind: "text",
        created: new Date().toISOString(),
        files: [
          { name: "paste.txt", type: "text/plain; charset=utf-8", size: body.length },
        ],
      },
      [new Blob([body]).stream()],
      { server: server.url, password: "correct horse" },
    );
    await using reader = await firefoxPage(browser);
    await reader.page.goto(link);
    await reader.page.waitForSelector("#share-password");
    await reader.page.type("#share-password", "correct horse");
    await reader.page.click("button[type=submit]");
    await waitForText(reader.page, "behind a password, read in Firefox");
    assert.deepEqual(await reader.problems(), []);
  });

  await t.step("firefox - a PDF shows in Firefox's PDF viewer, with no CSP violation", async () => {
    const pdf = makePdf("Quarterly report");
    const { link } = await createShare(
      oneFile("report.pdf", "application/pdf", pdf.length),
      [new Blob([pdf]).stream()],
      { server: server.url },
    );
    await using reader = await firefoxPage(browser);
    await reader.page.goto(link);
    const iframe = await reader.page.waitForSelector(".preview iframe.pdf", { timeout: 60_000 });
    const frame = await iframe!.contentFrame();
    // Firefox's PDF viewer (pdf.js) is a document in the frame that WebDriver BiDi can reach. It
    // counts the pages once it has parsed the file and draws each page on a canvas with a text
    // layer over it; a file it cannot read leaves 0 pages and no text.
    await waitUntil(
      frame,
      () => {
        const app = (globalThis as { PDFViewerApplication?: { pagesCount: number } })
          .PDFViewerApplication;
        const page = document.querySelector("#viewer .page");
        return app?.pagesCount === 1 && page !== null && page.querySelector("canvas") !== null &&
          page.querySelector(".textLayer")?.textContent?.includes("Quarterly report") === true;
      },
      null,
      30_000,
    );
    assert.match(frame.url(), /^blob:/);
    // The viewer has a principal of its own: this page cannot reach into it, so the PDF's URL is
    // no document of this origin.
    assert.equal(
      await iframe!.evaluate((f) => (f as HTMLIFrameElement).contentDocument === null),
      true,
    );
    // Polling into the viewer (a principal of its own) through WebDriver BiDi now and then makes
    // Firefox 140 log this as a page error: seen in 3 of 13 runs with a poll into the viewer, in
    // none of 5 without one. It is the test's own evaluate, not the page.
    const probe = 'page error: Error: Permission denied to access property "length"';
    assert.deepEqual((await reader.problems()).filter((p) => p !== probe), []);
  });

  await t.step(
    "firefox - a multi-part file decrypts in memory and its download is byte-identical",
    async () => {
      const bytes = new Uint8Array(9 * MiB); // three 4 MiB upload parts
      for (let i = 0; i < bytes.length; i += 65_536) {
        crypto.getRandomValues(bytes.subarray(i, i + 65_536));
      }
      const { link } = await createShare(
        oneFile("random.bin", "application/octet-stream", bytes.length),
        [new Blob([bytes]).stream()],
        { server: server.url },
      );
      await using reader = await firefoxPage(browser);
      // Firefox has no showSaveFilePicker: the page decrypts into a Blob and clicks a download
      // link to it. The link's click is recorded here instead of opening a download dialog.
      await reader.page.evaluateOnNewDocument(() => {
        const blobs = new Map<string, Blob>();
        const saved: { name: string; blob: Blob | undefined }[] = [];
        Object.defineProperty(globalThis, "__saved", { value: saved });
        const createObjectURL = URL.createObjectURL;
        URL.createObjectURL = (blob: Blob) => {
          const url = createObjectURL(blob);
          blobs.set(url, blob);
          return url;
        };
        HTMLAnchorElement.prototype.click = function () {
          saved.push({ name: this.download, blob: blobs.get(this.href) });
        };
      });
      await reader.page.goto(link);
      const download = await reader.page.waitForSelector("button.download", { timeout: 60_000 });
      await download!.click();
      const { name, digest } = await reader.page.evaluate(async () => {
        type Saved = { name: string; blob: Blob | undefined };
        const saved = (globalThis as unknown as { __saved: Saved[] }).__saved;
        while (saved.length === 0) await new Promise((r) => setTimeout(r, 50));
        const got = await saved[0].blob!.arrayBuffer();
        const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", got));
        return {
          name: saved[0].name,
          digest: Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join(""),
        };
      });
      assert.equal(name, "random.bin");
      assert.equal(digest, await sha256Hex(bytes));
      assert.deepEqual(await reader.problems(), []);
    },
  );
});
