/**
 * The viewer's renderer registry: which renderer shows which file (today's choices, pinned), that
 * an SVG never reaches a renderer giving it a URL, that a renderer written elsewhere joins the
 * registry, with its lazy bundle found by name, without changes to any other module, and what it
 * predicts from a manifest entry alone (a large share's "open in this page" notice).
 * @module
 */
import assert from "node:assert/strict";
import { lazyBundle } from "../../islands/view/lazy.ts";
import { openingNotice } from "../../islands/view/choice.ts";
import {
  entryFacts,
  fileFacts,
  type FileRenderer,
  HEAD_BYTES,
} from "../../islands/view/renderer.tsx";
import { previews, rendererFor, RENDERERS } from "../../islands/view/renderers/mod.ts";
import { textRenderer } from "../../islands/view/renderers/text.tsx";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { TEXT_FORMATS, textEntry } from "../../lib/text_format.ts";

const TEXT = new TextEncoder().encode("hello\n");

async function pick(
  name: string,
  type: string,
  bytes: Uint8Array<ArrayBuffer> = TEXT,
  share: Manifest["kind"] = "files",
  renderers?: readonly FileRenderer[],
): Promise<string> {
  const facts = await fileFacts({ name, type, blob: new Blob([bytes]) }, share);
  return rendererFor(facts, renderers).name;
}

Deno.test("renderers - each file goes to the renderer it went to before the registry", async () => {
  const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
  const cases: [string, string, Uint8Array<ArrayBuffer>, string][] = [
    ["notes.md", "", TEXT, "markdown"],
    ["notes", "text/markdown; charset=utf-8", TEXT, "markdown"],
    ["README.MARKDOWN", "text/plain", TEXT, "markdown"],
    ["logo.svg", "", TEXT, "svg"],
    ["logo", "Image/SVG+XML", TEXT, "svg"],
    ["photo.png", "image/png", binary, "media"],
    ["song", "audio/x-unknown", binary, "media"],
    ["clip.mp4", "video/mp4", binary, "media"],
    ["paper.pdf", "application/pdf", binary, "media"],
    ["data.json", "application/json", TEXT, "text"],
    ["main.rs", "application/octet-stream", binary, "text"],
    ["Dockerfile", "", TEXT, "text"],
    ["notes", "application/octet-stream", TEXT, "text"],
    ["blob.bin", "application/octet-stream", binary, "download"],
    ["latin1.txt.gz", "", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x21]), "download"],
    ["photo.heic", "image/heic", binary, "download"],
  ];
  for (const [name, type, bytes, expected] of cases) {
    assert.equal(await pick(name, type, bytes), expected, `${name} (${type})`);
  }
});

Deno.test("renderers - plain text reads as prose; code and logs keep numbered lines", async () => {
  const cases: [string, string, string][] = [
    ["paste.txt", "text/plain; charset=utf-8", "plain"],
    ["LICENSE", "text/plain", "plain"],
    ["paste.txt", "text/x-code; charset=utf-8", "text"],
    ["server.log", "text/plain", "text"],
    ["main.py", "text/plain", "text"],
  ];
  for (const [name, type, expected] of cases) {
    assert.equal(await pick(name, type, TEXT, "text"), expected, `${name} (${type})`);
  }
});

Deno.test("renderers - a pasted text's format (lib/text_format.ts) picks the renderer that shows it so", async () => {
  const shownBy = { plain: "plain", markdown: "markdown", code: "text" };
  for (const format of TEXT_FORMATS) {
    const { name, type } = textEntry(format);
    for (const share of ["text", "files"] as const) {
      assert.equal(await pick(name, type, TEXT, share), shownBy[format], `${format} in ${share}`);
    }
  }
});

Deno.test("renderers - a conversation share's file goes to the conversation renderer whatever it is named", async () => {
  assert.equal(
    await pick("session.jsonl", "application/x-ndjson", TEXT, "conversation"),
    "conversation",
  );
  assert.equal(await pick("session.jsonl", "application/x-ndjson", TEXT, "files"), "text");
});

Deno.test("renderers - an SVG is drawn and shown as source, never handed to a renderer that makes a URL", async () => {
  for (const type of ["image/svg+xml", "image/png", "text/html", ""]) {
    assert.equal(await pick("evil.svg", type), "svg", type);
  }
});

Deno.test("renderers - unknown types are sniffed from the first bytes, and only up to 8 MiB", async () => {
  const facts = await fileFacts(
    { name: "x", type: " Text/Plain ; a=b", blob: new Blob([new Uint8Array(HEAD_BYTES + 10)]) },
    "files",
  );
  assert.equal(facts.head.length, HEAD_BYTES);
  assert.equal(facts.type, "text/plain");
  const big = { ...facts, type: "", head: TEXT, size: 8 * 1024 * 1024 + 1 };
  assert.equal(rendererFor(big).name, "download");
  assert.equal(rendererFor({ ...big, size: 8 * 1024 * 1024 }).name, "text");
});

Deno.test("renderers - a renderer from its own module joins the registry and loads its lazy bundle by name", async () => {
  // What a CSV renderer's module would hold; nothing else in the viewer changes.
  const CSV = lazyBundle<{ columns: (line: string) => string[] }>("csv");
  const csvRenderer: FileRenderer = {
    name: "csv",
    matches: ({ type, ext }) => type === "text/csv" || ext === "csv",
    View: ({ file }) => <p>{file.name}</p>,
  };
  // Its registry entry: before text, which would otherwise take text/csv.
  const renderers = RENDERERS.toSpliced(RENDERERS.indexOf(textRenderer), 0, csvRenderer);
  assert.equal(await pick("table.csv", "", TEXT, "files", renderers), "csv");
  assert.equal(await pick("t", "text/csv", TEXT, "files", renderers), "csv");
  assert.equal(await pick("notes.md", "", TEXT, "files", renderers), "markdown");
  assert.equal(await pick("main.rs", "", TEXT, "files", renderers), "text");
  // The page hands over the asset manifest's whole `lazy` map; the bundle is found by its name.
  const source = "export const columns = (line) => line.split(',');";
  const urls = { csv: `data:text/javascript,${encodeURIComponent(source)}` };
  assert.deepEqual((await CSV.load(urls)).columns("a,b"), ["a", "b"]);
  await assert.rejects(CSV.load({}), /no lazy bundle "csv" was built/);
});

Deno.test("renderers - a file known only from its manifest entry is matched on name, type and size, never sniffed", () => {
  const size = 20 * 1024 * 1024;
  const cases: [string, string, number | null, boolean][] = [
    ["talk.mp4", "video/mp4", size, true],
    ["server.log", "text/plain", size, true],
    ["notes.md", "", size, true],
    ["backup.tar", "application/x-tar", size, false],
    // Small and of no known type: its bytes would be sniffed, but none arrived yet.
    ["notes", "application/octet-stream", 100, false],
    ["stream", "", null, false],
  ];
  for (const [name, type, bytes, shown] of cases) {
    const facts = entryFacts({ name, type, size: bytes }, "files");
    assert.equal(facts.head.length, 0);
    assert.equal(previews(facts), shown, `${name} (${type}, ${bytes} bytes)`);
  }
  // A gzip entry is as large as it decodes to; a bidi trick is named as the viewer shows it.
  const gz = entryFacts(
    { name: "a\u202Egnp.txt", type: "", size: 10, encoding: "gzip", decodedSize: 4096 },
    "files",
  );
  assert.equal(gz.size, 4096);
  assert.equal(gz.name, "a\uFFFDgnp.txt");
});

Deno.test("renderers - what opening a large share in the page will do follows whether it previews", () => {
  const size = 300 * 1024 * 1024;
  assert.equal(
    openingNotice([{ name: "talk.mp4", type: "video/mp4", size }], size),
    "Opening it in this page downloads all 300 MiB into memory, then shows it here.",
  );
  assert.equal(
    openingNotice([{ name: "disk.img", type: "application/octet-stream", size }], size),
    "Opening it in this page downloads all 300 MiB into memory, then only offers it to save: " +
      "this page cannot show this type of file.",
  );
  const half = { type: "video/mp4", size: size / 2 };
  assert.equal(
    openingNotice([{ name: "a.mp4", ...half }, { name: "b.mp4", ...half }], size),
    "Opening it in this page downloads all 300 MiB into memory, then lists the files to show or " +
      "save one by one.",
  );
});
