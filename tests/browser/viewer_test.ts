/**
 * How the viewer presents a share, in real Chromium against a real server: a PDF in Chromium's
 * PDF viewer with no CSP violation.
 * @module
 */
import assert from "node:assert/strict";
import type { Frame, Page } from "playwright-core";
import { startTestServer } from "../helpers/server.ts";
import { browserTest } from "../helpers/browser.ts";
import { makePdf } from "../helpers/pdf.ts";
import { openLink } from "./forms.ts";
import { createShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";

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

browserTest("viewer presentation in Chromium", async (browser, t) => {
  await using server = await startTestServer();

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
});
