/**
 * Accessibility of every page in real Chromium, light and dark: axe-core (its source evaluated in
 * the page by the test driver: the CSP rightly forbids an inline script) reports no violation on
 * the upload page (empty, and with a result), the viewer (plain text, markdown, code,
 * conversation, several files, the password form, problem pages), the delete page and the 404 page.
 * @module
 */
import assert from "node:assert/strict";
import { wav } from "../helpers/wav.ts";
import axe from "axe-core";
import type { Page } from "playwright-core";
import { browserTest } from "../helpers/browser.ts";
import { startTestServer } from "../helpers/server.ts";
import { submitForm } from "./forms.ts";
import { createShare, deleteShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { textEntry, type TextFormat } from "../../lib/text_format.ts";

/** What axe-core says about the page, one line per failing node. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const found = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const run = (globalThis as any).axe.run as (
      context: Document,
      options: unknown,
    ) => Promise<{
      violations: {
        id: string;
        impact: string;
        help: string;
        nodes: { target: string[]; failureSummary: string }[];
      }[];
    }>;
    const result = await run(document, { resultTypes: ["violations"] });
    return result.violations.flatMap((v) =>
      v.nodes.map((n) =>
        `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")}: ${n.failureSummary}`
      )
    );
  });
  return found;
}

const README = "# Notes\n\nSome *prose* with a [link](https://example.com/x).\n\n" +
  "- one\n- two\n\n```ts\nconst a = 1;\n```\n\n> a quote\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n";
const CODE =
  "import { a } from './a.ts';\n\n// a comment\nexport function b(x: number): string {\n" +
  '  const s = `n=${x}`;\n  return a(x) > 2 ? s : "none" + 3;\n}\nclass C extends D {}\n';

browserTest("accessibility (axe-core)", async (browser, t) => {
  await using server = await startTestServer();
  const share = async (
    manifest: Omit<Manifest, "v" | "created">,
    bodies: Uint8Array[],
  ) => (await createShare(
    { v: 1, created: new Date().toISOString(), ...manifest },
    bodies.map((b) => new Blob([b as Uint8Array<ArrayBuffer>]).stream()),
    { server: server.url },
  ));
  const enc = new TextEncoder();
  const textShare = async (format: TextFormat, text: string) => {
    const body = enc.encode(text);
    return (await share({ kind: "text", files: [{ ...textEntry(format), size: body.length }] }, [
      body,
    ])).link;
  };
  const jsonl = await Deno.readFile(new URL("../fixtures/claude/session.jsonl", import.meta.url));
  const files = [enc.encode(README), enc.encode(CODE), new Uint8Array(3000).fill(7)];
  const gone = await share({ kind: "text", files: [{ ...textEntry("plain"), size: 1 }] }, [
    enc.encode("x"),
  ]);
  await deleteShare(gone.deleteLink);
  const withPassword = await createShare(
    {
      v: 1,
      kind: "text",
      created: new Date().toISOString(),
      files: [{ ...textEntry("plain"), size: 6 }],
    },
    [new Blob(["secret"]).stream()],
    { server: server.url, password: "a password" },
  );
  const deletable = await share({ kind: "text", files: [{ ...textEntry("plain"), size: 1 }] }, [
    enc.encode("y"),
  ]);
  const id = "A".repeat(22);
  const limited = await createShare(
    {
      v: 1,
      kind: "text",
      created: new Date().toISOString(),
      files: [{ ...textEntry("plain"), size: 4 }],
    },
    [new Blob(["once"]).stream()],
    { server: server.url, views: 1 },
  );

  const largeSize = 17 * 1024 * 1024;
  // Large shares (their choice, media and text read in place) are over the viewer's threshold.
  const largeShare = (name: string, type: string, bytes: Uint8Array) =>
    share({ kind: "files", files: [{ name, type, size: bytes.length }] }, [bytes]);
  const large = await largeShare(
    "large.bin",
    "application/octet-stream",
    new Uint8Array(largeSize),
  );
  const inPlace = await largeShare("talk.wav", "audio/wav", wav(largeSize));
  const log = enc.encode("a line of a large log\n".repeat(largeSize / 22 + 1));
  const paged = await largeShare("server.log", "text/plain", log);

  /** Each page: where it is and what shows once it is ready. */
  const pages: [string, string, string][] = [
    ["home", server.url + "/", "form[data-ready]"],
    ["plain text", await textShare("plain", "Hi there,\nsee you at five."), ".prose-text"],
    ["markdown", await textShare("markdown", README), ".markdown h1"],
    ["code", await textShare("code", CODE), "pre.code .hljs-keyword"],
    [
      "conversation",
      (await share({
        kind: "conversation",
        files: [{ name: "session.jsonl", type: "application/x-ndjson", size: jsonl.length }],
      }, [jsonl])).link,
      ".cv .cv-title",
    ],
    [
      "several files",
      (await share({
        kind: "files",
        files: [
          { name: "notes.md", type: "text/markdown", size: files[0].length },
          { name: "main.ts", type: "text/typescript", size: files[1].length },
          { name: "data.bin", type: "application/octet-stream", size: files[2].length },
        ],
      }, files)).link,
      ".file-list li",
    ],
    ["password form", withPassword.link, "#share-password"],
    ["open step", limited.link, ".open-step"],
    ["large share: how to save", large.link, "text=Open in this page"],
    ["large audio played in place", inPlace.link, "audio"],
    ["large text read in place", paged.link, "[data-page]"],
    ["problem: no key", limited.link.split("#")[0], "[data-problem=missing_key]"],
    ["problem: gone", gone.link, "[data-problem=gone]"],
    ["delete page", deletable.deleteLink, "text=Delete this share now?"],
    ["delete page: bad link", `${server.url}/d/${id}`, "[data-problem=bad_link]"],
    ["404", `${server.url}/no/such/page`, "h1"],
  ];

  for (const colorScheme of ["light", "dark"] as const) {
    await t.step(`a11y - no axe-core violation on any page (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      const problems: string[] = [];
      for (const [name, url, ready] of pages) {
        await page.goto(url);
        await page.waitForSelector(ready);
        if (name === "several files") {
          // Open each preview so its content is checked too.
          const closed = page.locator(".file-toggle[aria-expanded=false]");
          while (await closed.count() > 0) await closed.first().click();
          await page.waitForSelector(".file-list .markdown h1");
        }
        problems.push(...(await violations(page)).map((v) => `${name}: ${v}`));
      }
      // The upload page with a result and the list of shares made in this browser.
      await page.goto(server.url + "/");
      await submitForm(page, { text: "a11y check" });
      problems.push(...(await violations(page)).map((v) => `home with a result: ${v}`));
      await page.click(".history button.danger");
      problems.push(...(await violations(page)).map((v) => `history asking: ${v}`));
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
