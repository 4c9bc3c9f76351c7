import assert from "node:assert/strict";
import { detectTextFormat, isPastedText, TEXT_FORMATS, textEntry } from "../../lib/text_format.ts";

const README = `# hushlink

Share text and files, end-to-end encrypted.

## Start it

\`\`\`sh
deno task start
\`\`\`

See [the docs](docs/API.md) for the API.
`;

const CASES: [string, string, "plain" | "markdown" | "code"][] = [
  ["a README with headings, a fence and a link", README, "markdown"],
  [
    "a list with links",
    "Links for today:\n- [hushlink](https://example.com/a)\n- [docs](https://example.com/b)\n",
    "markdown",
  ],
  ["two headings", "# Notes\nfirst thing\n## Later\nsecond thing", "markdown"],
  ["a table", "| name | size |\n| --- | --- |\n| a.txt | 2 KiB |", "markdown"],
  [
    "text around a fenced block",
    "Run this:\n\n```\nif (x) { y(); }\n```\n\nthen wait.",
    "markdown",
  ],
  [
    "TypeScript",
    "import { a } from './a.ts';\n\nexport function b(x: number): number {\n  return a(x) + 1;\n}\n",
    "code",
  ],
  [
    "Python",
    "def greet(name):\n    print(f'hi {name}')\n\nfor n in names:\n    greet(n)\n",
    "code",
  ],
  ["a shell script with comments", "#!/bin/sh\n# install\napt-get update\nnpm ci\n", "code"],
  ["JSON", '{\n  "name": "hushlink",\n  "version": 1\n}', "code"],
  ["a one-line JSON array", "[1, 2, 3]", "code"],
  ["a diff", "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n", "code"],
  [
    "YAML",
    "on:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    "code",
  ],
  ["SQL", "SELECT id, name\nFROM users\nWHERE age > 30\nORDER BY name;", "code"],
  ["HTML", '<div class="a">\n  <p>hello</p>\n</div>', "code"],
  [
    "a chat message",
    "Hi! Can you look at the build tomorrow?\nIt failed twice tonight, no idea why.",
    "plain",
  ],
  [
    "an email with a short numbered list",
    "Hi team,\n\nThe release is on Friday. Please:\n1. merge\n2. update the changelog\n\nThanks,\nAna",
    "plain",
  ],
  ["one word", "hello", "plain"],
  ["a sentence with one list-like line", "Plan:\n- call Sam\nthen lunch.", "plain"],
  ["a poem with a colon", "Roses are red:\nviolets are blue.", "plain"],
  ["nothing but spaces", "  \n\t\n", "plain"],
];

Deno.test("text format - pasted text is detected as markdown, code or plain text", () => {
  for (const [what, text, expected] of CASES) {
    assert.equal(detectTextFormat(text), expected, what);
  }
});

Deno.test("text format - detection reads only the start of a long text", () => {
  const prose = "A line of an ordinary letter, nothing more.\n".repeat(1000);
  assert.equal(detectTextFormat(prose + "const x = 1;\n".repeat(5000)), "plain");
  assert.equal(detectTextFormat("let x = 1;\n".repeat(100_000)), "code");
});

Deno.test("text format - each format maps to the entry the viewer renders that way", () => {
  assert.deepEqual(TEXT_FORMATS.map((f) => textEntry(f)), [
    { name: "paste.txt", type: "text/plain; charset=utf-8" },
    { name: "paste.md", type: "text/markdown; charset=utf-8" },
    { name: "paste.txt", type: "text/x-code; charset=utf-8" },
  ]);
});

Deno.test("text format - only the first entry, named and typed as a pasted text, is the typed text", () => {
  for (const format of TEXT_FORMATS) {
    assert.equal(isPastedText(textEntry(format), 0), true, format);
    assert.equal(isPastedText(textEntry(format), 1), false, "typed text is stored first");
  }
  // A chosen file carries the browser's type, without a charset.
  assert.equal(isPastedText({ name: "paste.txt", type: "text/plain" }, 0), false);
  assert.equal(isPastedText({ name: "notes.txt", type: "text/plain; charset=utf-8" }, 0), false);
  assert.equal(isPastedText(textEntry("plain", "stdin"), 0), false, "piped beside files");
});
