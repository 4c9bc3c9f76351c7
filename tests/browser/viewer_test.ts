/**
 * How the viewer presents a share, in real Chromium against a real server: a PDF in Chromium's
 * PDF viewer with no CSP violation, markdown inside a list of files with its own list, table and
 * quote styles, the layout of several files (typed text first and open, the first file the page
 * can show open, one name and one Download per row), a heading that names typed text apart from
 * the files ("Text and 2 files"), and what opening a large share in the page will do, said before
 * it is done.
 * @module
 */
import assert from "node:assert/strict";
import type { Frame, Page } from "playwright-core";
import { startTestServer } from "../helpers/server.ts";
import { browserTest, watchedPage } from "../helpers/browser.ts";
import { makePdf } from "../helpers/pdf.ts";
import { tempDir } from "../helpers/temp_dir.ts";
import { openLink, shareViaForm } from "./forms.ts";
import { createShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { textEntry } from "../../lib/text_format.ts";

const enc = new TextEncoder();

/** Shares `files` (name, type, bytes) as one share of `kind`, straight through the client. */
async function share(
  server: string,
  kind: Manifest["kind"],
  files: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> }[],
): Promise<string> {
  const manifest: Manifest = {
    v: 1,
    kind,
    created: new Date().toISOString(),
    files: files.map((f) => ({ name: f.name, type: f.type, size: f.bytes.length })),
  };
  const { link } = await createShare(manifest, files.map((f) => new Blob([f.bytes]).stream()), {
    server,
  });
  return link;
}

/**
 * The frame of Chromium's PDF viewer inside `frame` (an extension page that the browser puts in
 * a frame showing a PDF), once it is there.
 */
async function pdfViewerIn(page: Page, frame: Frame): Promise<Frame> {
  for (let tries = 0; tries < 100; tries++) {
    const viewer = frame.childFrames().find((f) => f.url().startsWith("chrome-extension://"));
    if (viewer) return viewer;
    await page.waitForTimeout(100);
  }
  throw new Error(`no PDF viewer in the frame of ${frame.url()}`);
}

const MARKDOWN = `# Notes

- first item with \`inline code\`
- second item
  - nested item

1. one
2. two

| name | size |
| ---- | ---: |
| a    | 1    |

> a quoted line
`;

browserTest("viewer presentation in Chromium", async (browser, t) => {
  await using server = await startTestServer();
  await using tmp = await tempDir({ prefix: "hushlink-viewer-" });

  await t.step("viewer - a PDF shows in Chromium's PDF viewer, with no CSP violation", async () => {
    const link = await share(server.url, "files", [
      { name: "report.pdf", type: "application/pdf", bytes: makePdf("Quarterly report") },
    ]);
    await using reader = await openLink(browser, link);
    const frame = await (await reader.page.waitForSelector(".preview iframe.pdf")).contentFrame();
    assert.ok(frame, "the PDF is in a frame");
    assert.match(frame.url(), /^blob:/);
    // The viewer is the browser's own page; it counts the pages once it has parsed the file
    // (a file it cannot read shows an error dialog and 0 pages).
    const viewer = await pdfViewerIn(reader.page, frame);
    await viewer.locator("#pagelength").filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 });
    assert.equal(await viewer.locator("viewer-error-dialog").count(), 0);
    assert.deepEqual(reader.problems, []);
  });

  await t.step(
    "viewer - markdown among several files keeps its bullets, table borders and quote bar",
    async () => {
      const link = await share(server.url, "files", [
        { name: "notes.md", type: "text/markdown", bytes: enc.encode(MARKDOWN) },
        { name: "data.bin", type: "application/octet-stream", bytes: new Uint8Array([0, 1, 2]) },
      ]);
      await using reader = await openLink(browser, link);
      const { page } = reader;
      // notes.md is the first file the page can show: it opens by itself.
      await page.waitForSelector(".file-list .markdown blockquote");
      const style = (selector: string, ...properties: string[]) =>
        page.locator(selector).first().evaluate(
          (el, names) => names.map((n) => getComputedStyle(el).getPropertyValue(n)),
          properties,
        );
      // A list item is a list item again (the file list's rows are flex boxes with a bottom line).
      assert.deepEqual(
        await style(".markdown ul > li", "display", "list-style-type", "border-bottom-style"),
        ["list-item", "disc", "none"],
      );
      assert.deepEqual(await style(".markdown ul ul > li", "display", "list-style-type"), [
        "list-item",
        "circle",
      ]);
      assert.deepEqual(await style(".markdown ol > li", "display", "list-style-type"), [
        "list-item",
        "decimal",
      ]);
      // Inline code stays in its line of text, right after the words before it.
      const [item, code] = await Promise.all(
        [".markdown ul > li", ".markdown ul > li code"].map((s) =>
          page.locator(s).first().boundingBox()
        ),
      );
      assert.ok(item && code && code.x < item.x + item.width / 2, "the code follows its words");
      for (const cell of [".markdown th", ".markdown td"]) {
        const [kind, width] = await style(cell, "border-top-style", "border-top-width");
        assert.equal(kind, "solid", cell);
        assert.ok(parseFloat(width) >= 1, `${cell} border ${width}`);
      }
      const [bar, barWidth] = await style(
        ".markdown blockquote",
        "border-left-style",
        "border-left-width",
      );
      assert.equal(bar, "solid");
      assert.ok(parseFloat(barWidth) >= 3, `quote bar ${barWidth}`);
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "viewer - several files: typed text first and open, the first file the page shows open, one name and one Download per row",
    async () => {
      const paths: string[] = [];
      for (
        const [name, bytes] of [
          ["data.bin", new Uint8Array([0, 1, 2, 3])],
          ["notes.md", enc.encode(MARKDOWN)],
          ["todo.txt", enc.encode("buy milk\n")],
        ] as const
      ) {
        paths.push(`${tmp.path}/${name}`);
        await Deno.writeFile(paths.at(-1)!, bytes);
      }
      const typed = `typed alongside ${crypto.randomUUID()}`;
      const { link, sender } = await shareViaForm(browser, server.url, {
        text: typed,
        files: paths,
      });
      await using _sender = sender;
      await using reader = await openLink(browser, link);
      const { page } = reader;
      await page.waitForSelector(".file-list .markdown h1");
      assert.equal(await page.locator(".island-root > h1").innerText(), "Text and 3 files");
      const rows = page.locator(".file-list > li");
      assert.deepEqual(await rows.locator(".file-toggle .name").allInnerTexts(), [
        "Text",
        "data.bin",
        "notes.md",
        "todo.txt",
      ]);
      assert.deepEqual(
        await rows.locator(".file-toggle").evaluateAll((els) =>
          els.map((e) => e.getAttribute("aria-expanded"))
        ),
        ["true", "false", "true", "false"],
      );
      assert.equal(await rows.nth(0).locator(".text-view .prose-text").innerText(), typed);
      // Opening the download-only file says so, under the row's own name and button.
      await rows.nth(1).locator(".file-toggle").click();
      await rows.nth(1).locator(".no-preview").waitFor();
      for (const i of [0, 1, 2]) {
        const row = rows.nth(i);
        assert.equal(await row.locator(".file-body").count(), 1, `row ${i} is open`);
        assert.equal(await row.locator(".name").count(), 1, `row ${i}: one name`);
        assert.equal(
          await row.locator("button", { hasText: /^Download/ }).count(),
          1,
          `row ${i}: one Download button`,
        );
      }
      // The text's button saves it under the name the form gave it.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        rows.nth(0).locator("button", { hasText: /^Download/ }).click(),
      ]);
      assert.equal(download.suggestedFilename(), "paste.txt");
      // A row closes, and its preview goes away.
      await rows.nth(2).locator(".file-toggle").click();
      assert.equal(await rows.nth(2).locator(".file-body").count(), 0);
      assert.deepEqual(sender.problems, []);
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "viewer - the heading names typed text apart from the files beside it",
    async () => {
      const typed = { ...textEntry("markdown"), bytes: enc.encode("# typed\n") };
      const file = (name: string) => ({ name, type: "text/plain", bytes: enc.encode(name) });
      for (
        const [files, heading] of [
          [[typed, file("a.txt")], "Text and a.txt"],
          [[typed, file("a.txt"), file("b.txt")], "Text and 2 files"],
          [[file("a.txt"), file("b.txt")], "2 files"],
          // A chosen paste.txt is typed text/plain, without the charset of the form's text.
          [[file("paste.txt"), file("a.txt")], "2 files"],
          [[file("a.txt")], "a.txt"],
        ] as const
      ) {
        await using reader = await openLink(browser, await share(server.url, "files", [...files]));
        await reader.page.locator(".island-root > h1").waitFor();
        assert.equal(await reader.page.locator(".island-root > h1").innerText(), heading);
        assert.deepEqual(reader.problems, []);
      }
    },
  );

  await t.step("viewer - an empty text file says so, and a text file shows its size", async () => {
    for (
      const [name, bytes, body] of [
        ["empty.txt", new Uint8Array(), "This file is empty."],
        ["notes.txt", enc.encode("two words"), "two words"],
        ["main.rs", enc.encode("fn main() {}\n"), "fn main() {}"],
      ] as const
    ) {
      const files = [{ name, type: "text/plain", bytes: new Uint8Array(bytes) }];
      await using reader = await openLink(browser, await share(server.url, "files", files));
      const view = reader.page.locator(".text-view");
      await view.getByText(body).waitFor();
      const size = await view.locator(".toolbar .muted").first().innerText();
      assert.equal(size, `${bytes.length} B`, name);
      assert.deepEqual(reader.problems, []);
    }
  });

  await t.step("viewer - a large share says what opening it in the page will do", async () => {
    // Above the 16 MiB at which the page offers to save to disk instead.
    const big = new Uint8Array(17 * 1024 * 1024).fill(0x61);
    const half = big.subarray(0, 9 * 1024 * 1024);
    const cases = [
      {
        // (A large text alone reads in place, a page at a time: text_pages_test.ts.)
        files: [{ name: "photo.png", type: "image/png", bytes: big }],
        says:
          /^Opening it in this page downloads all 17(\.\d)? MiB into memory, then shows it here\.$/,
      },
      {
        files: [{ name: "backup.tar", type: "application/x-tar", bytes: big }],
        says: new RegExp(
          "^Opening it in this page downloads all 17(\\.\\d)? MiB into memory, then only offers " +
            "it to save: this page cannot show this type of file\\.$",
        ),
      },
      {
        files: [
          { name: "a.log", type: "text/plain", bytes: half },
          { name: "b.log", type: "text/plain", bytes: half },
        ],
        says: new RegExp(
          "^Opening it in this page downloads all 18(\\.\\d)? MiB into memory, then lists the " +
            "files to show or save one by one\\.$",
        ),
      },
    ];
    for (const { files, says } of cases) {
      await using reader = await watchedPage(browser);
      await reader.page.goto(await share(server.url, "files", files));
      const notice = reader.page.locator("#open-notice");
      await notice.waitFor({ timeout: 60_000 });
      // The download is the ciphertext, a little larger than the files (padding).
      assert.match(await notice.innerText(), says, files[0].name);
      assert.equal(
        await reader.page.getByRole("button", { name: "Open in this page" }).getAttribute(
          "aria-describedby",
        ),
        "open-notice",
      );
      assert.deepEqual(reader.problems, []);
    }
  });
});
