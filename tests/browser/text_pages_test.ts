/**
 * A large text share without a view limit read in place, page by page: only the records of the
 * page shown are fetched (islands/view/text_pages.ts).
 * @module
 */
import assert from "node:assert/strict";
import { browserTest, watchedPage } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { createShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { pageBytes } from "../../islands/view/text_pages.ts";

const MiB = 1024 * 1024;

/** Numbered lines with a two-byte character in each, `size` bytes in all. */
function logText(size: number): Uint8Array<ArrayBuffer> {
  const lines: string[] = [];
  let bytes = 0;
  for (let n = 1; bytes < size; n++) {
    const line = `line ${n}: café au lait\n`;
    lines.push(line);
    bytes += new TextEncoder().encode(line).length;
  }
  return new TextEncoder().encode(lines.join("")).slice(0, size);
}

Deno.test("text pages - a page keeps a character cut at either end whole, on one page only", () => {
  const text = new TextEncoder().encode("aé€😀b"); // 1, 2, 3 and 4 bytes
  for (let cut = 1; cut < text.length; cut++) {
    const first = pageBytes(text.subarray(0, cut + 3), true, cut);
    const second = pageBytes(text.subarray(cut), false, text.length);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    assert.equal(decoder.decode(first) + decoder.decode(second), "aé€😀b", `cut at ${cut}`);
  }
});

browserTest("large text read in place", async (browser, t) => {
  await using server = await startTestServer({ record: true });
  /** A share of one text, without a view limit, as the share script uploads it. */
  const shareOne = (kind: Manifest["kind"], name: string, type: string, bytes: Uint8Array) =>
    createShare(
      {
        v: 1,
        kind,
        created: new Date().toISOString(),
        files: [{ name, type, size: bytes.length }],
      },
      [new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()],
      { server: server.url },
    );

  await t.step(
    "text pages - a 20 MiB log opens at its first page and jumps to its last, fetching little",
    async () => {
      const log = logText(20 * MiB);
      const { link } = await shareOne("files", "server.log", "text/plain", log);
      const id = new URL(link).pathname.split("/").pop()!;
      await using reader = await watchedPage(browser);
      await reader.page.goto(link);
      await reader.page.waitForSelector("[data-page='0']", { timeout: 60_000 });
      assert.match(
        await reader.page.textContent("[data-page='0']") ?? "",
        /^line 1: café au lait\n/,
      );
      await reader.page.click("button:has-text('Last')");
      await reader.page.waitForSelector("[data-page]:not([data-page='0'])");
      const lastLines = (await reader.page.textContent("[data-page]"))!.trimEnd().split("\n");
      const expected = new TextDecoder().decode(log).trimEnd().split("\n");
      assert.equal(lastLines.at(-1), expected.at(-1));
      const gets = server.requests.filter((r) =>
        r.method === "GET" && new URL(r.url).pathname === `/api/shares/${id}/content`
      );
      for (const r of gets) assert.match(r.headers.range ?? "", /^bytes=\d+-\d+$/, "never whole");
      const fetched = gets.reduce((sum, r) => {
        const [a, b] = r.headers.range.slice(6).split("-").map(Number);
        return sum + b - a + 1;
      }, 0);
      assert(fetched < 2 * MiB, `fetched ${fetched} bytes of a 20 MiB share`);
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "text pages - Download… on a large pasted text offers to save it, not to hold it in the page",
    async () => {
      const text = logText(17 * MiB);
      const { link } = await shareOne("text", "paste.txt", "text/plain; charset=utf-8", text);
      await using reader = await watchedPage(browser);
      await reader.page.goto(link);
      await reader.page.waitForSelector("[data-page='0']", { timeout: 60_000 });
      await reader.page.click("button:has-text('Download…')");
      await reader.page.waitForSelector("text=Open in this page");
      assert.equal(await reader.page.locator(".prose-text").count(), 0);
      assert.deepEqual(reader.problems, []);
    },
  );
});
