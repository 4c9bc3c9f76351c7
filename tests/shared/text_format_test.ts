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

/** Shaped like /etc/profile: a comment block, then `if … then` / `fi` blocks. */
const SHELL_PROFILE = `# ~/.profile: run by the login shell.
# It sets the path and the prompt.

if [ "$(id -u)" -eq 0 ]; then
  PATH="/usr/local/sbin:/usr/sbin:/sbin"
else
  PATH="/usr/local/bin:/usr/bin:/bin"
fi
export PATH

# Read the user's own settings, when there are any.
if [ -d /etc/profile.d ]; then
  for i in /etc/profile.d/*.sh; do
    if [ -r $i ]; then
      . $i
    fi
  done
  unset i
fi
`;

/** Shaped like a standard-library module: licence comments, a long doc string, then code. */
const PYTHON_MODULE = `# Copyright (C) 2026 The Example Authors.
# Written for the tests of hushlink.

"""Wrapping and filling of text.

This module offers a few small helpers. Each of them takes a string
and returns a new one; nothing is changed in place.

Use wrap() for a list of lines, fill() for a single string.
"""

import re

__all__ = ['wrap', 'fill']

# The whitespace characters this module knows.
_spaces = ' \\t\\n'

class Wrapper:
    """Wraps text to a width.

    The width counts characters, not bytes.
    """

    width = 70

    def wrap(self, text):
        return [text]
`;

/** Shaped like an Elixir module: `do`/`end` blocks, attributes, doc strings, keyword lists. */
const ELIXIR_MODULE = `defmodule Example.Lines do
  @moduledoc """
  Reads lines of a transcript.
  Returns \`{:ok, list}\` or \`{:error, reason}\`.
  """

  require Logger

  @doc """
  Parses one file.
  """
  def parse_file(path) do
    with {:ok, lines} <- read(path) do
      {:ok,
       %{
         count: length(lines),
         first: List.first(lines),
         lines: lines
       }}
    end
  end
end
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
  // Real files read as markdown before: their `# comment` lines looked like headings and their
  // lines of Python, Elixir or shell like no code (2026-12-03: of the Python standard library's
  // modules on a Debian machine, 42 of 171 were taken for markdown, 9 of 63 shell scripts).
  ["a shell script without a shebang", SHELL_PROFILE, "code"],
  ["a shebang with a space", "#! /bin/sh\necho hello\n", "code"],
  ["a Python module under a comment block and a doc string", PYTHON_MODULE, "code"],
  ["an Elixir module with doc strings", ELIXIR_MODULE, "code"],
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
  ["a reply of block words", "sounds good\ndone", "plain"],
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
