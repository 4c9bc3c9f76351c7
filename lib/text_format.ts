/**
 * How a pasted text is meant to be read — plain text, markdown or code — and the manifest entry
 * that says so. The format travels in the entry's name and MIME type (no format change): the
 * viewer's renderers (islands/view/renderers/) show `text/plain` `.txt` as wrapped prose,
 * `text/markdown` rendered, and any other text type as numbered, highlighted code lines. The web
 * form and the share script's standard input both pick the entry here, so a text reads the same
 * however it was shared.
 * @module
 */

/** The ways a text can be shown. */
export type TextFormat = "plain" | "markdown" | "code";

/** Every {@link TextFormat}, in the order a form offers them. */
export const TEXT_FORMATS: readonly TextFormat[] = ["plain", "markdown", "code"];

/** Name and MIME type of a pasted text's manifest entry. */
export interface TextEntry {
  name: string;
  type: string;
}

const ENTRIES: Record<TextFormat, { ext: string; type: string }> = {
  plain: { ext: "txt", type: "text/plain; charset=utf-8" },
  markdown: { ext: "md", type: "text/markdown; charset=utf-8" },
  // A text type that is not text/plain: the viewer shows it as code and lets the highlighter guess
  // the language. The name stays .txt so that a saved copy opens anywhere.
  code: { ext: "txt", type: "text/x-code; charset=utf-8" },
};

/**
 * The manifest entry's name (`base` and the format's extension) and type for a text shown as
 * `format`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textEntry } from "./text_format.ts";
 * assert.deepEqual(textEntry("markdown"), { name: "paste.md", type: "text/markdown; charset=utf-8" });
 * assert.equal(textEntry("plain", "stdin").name, "stdin.txt");
 * ```
 */
export function textEntry(format: TextFormat, base = "paste"): TextEntry {
  const { ext, type } = ENTRIES[format];
  return { name: `${base}.${ext}`, type };
}

/**
 * Whether entry `index` of a "files" share is the text typed alongside its files in the upload
 * form: the first entry, named and typed as {@link textEntry} makes it for one of the formats.
 * The manifest has no field for this: name, type and place say it. A file chosen in a browser
 * carries its type without a charset (`text/plain`), so a chosen `paste.txt` is not taken for it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPastedText } from "./text_format.ts";
 * const files = [
 *   { name: "paste.md", type: "text/markdown; charset=utf-8" },
 *   { name: "photo.png", type: "image/png" },
 * ];
 * assert.deepEqual(files.map(isPastedText), [true, false]);
 * assert.equal(isPastedText({ name: "paste.txt", type: "text/plain" }, 0), false); // a chosen file
 * ```
 */
export function isPastedText(entry: { name: string; type: string }, index: number): boolean {
  return index === 0 && TEXT_FORMATS.some((format) => {
    const pasted = textEntry(format);
    return entry.name === pasted.name && entry.type === pasted.type;
  });
}

/** Detection looks at the start only: enough to tell, and cheap on every keystroke. */
const SAMPLE_CHARS = 20_000;
const SAMPLE_LINES = 200;

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^#{1,6}\s+\S/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,3}[.)])\s+\S/;
const LINK = /\[[^\]\n]+\]\((https?:\/\/|\/|\.{0,2}\/|#)[^)\s]*\)/;
const QUOTE = /^\s{0,3}>\s?\S/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const DOC_QUOTES = /"""|'''/g;
const EMPHASIS = /(\*\*|__)\S[^*_\n]*\S\1|`[^`\n]+`/;

/** Lines that are code in any common language: none of them reads as a sentence. */
const CODE_LINE = [
  // ends in a statement terminator or a brace
  /[;{}]\s*$/,
  // opens a block the way Python, Ruby or YAML does: `def f(x):`, `else:`, `key:` with nothing after
  /^\s*(def|class|if|elif|else|for|while|try|except|finally|with)\b[^.!?]*:\s*$/,
  // starts with a keyword and carries code punctuation
  /^\s*(import|export|from|package|using|namespace|def|class|function|func|fn|pub|let|const|var|val|return|struct|enum|impl|interface|async|await|static|public|private|protected|select|insert|update|delete|create|alter)\b.*[(){}=;:<>[\]"']/i,
  // comments, preprocessor lines, shebangs, tags
  /^\s*(\/\/|\/\*|\*\/|#include\b|#define\b|#!\/|<\/?[A-Za-z][\w:-]*(\s[^>]*)?\/?>)/,
  // calls, arrows, pipes, operators and assignments no sentence has
  /(=>|->|<-|\|>|::|&&|\|\||===?|!==?|\+=|-=)|^\s*[\w.$[\]]+\s*=\s*\S|^\s*[\w.$]+\(.*\)\s*;?\s*$/,
  // closing brackets on a line of their own
  /^\s*[)\]]+[\s;,)\]]*$/,
  // a line opening a block with `do` (Ruby, Elixir) or `; then` / `; do` (shell)
  /(\bdo(\s*\|[^|\n]*\|)?|;\s*then|;\s*do)\s*$/,
  // a member of a map or keyword list: `key: value,`
  /^\s*[\w"']+:\s+\S.*,\s*$/,
  // shell: declarations, and variables or command substitutions in braces or parentheses
  /^\s*(export|local|readonly|declare|unset|source)\s+[\w-]|\$\{\w|\$\(\w/,
  // Python's imports and statements that need no punctuation
  /^\s*(import [\w.]+(\s+as\s+\w+)?|from [\w.]+ import .+|(return|raise|yield|pass|break|continue)(\s.*)?)$/,
  // a decorator or a module attribute on a line of its own, or opening a doc string
  /^\s*@[\w.]+(\(.*\))?\s*("""|~S""")?\s*$|^\s*@(moduledoc|doc|spec|type|typedoc|impl|callback)\b/,
  // SQL, whose keywords are written in capitals
  /^\s*(SELECT|FROM|WHERE|GROUP BY|ORDER BY|HAVING|LIMIT|(LEFT |RIGHT |INNER )?JOIN|INSERT INTO|VALUES|UPDATE|SET|DELETE FROM|CREATE (TABLE|INDEX)|ALTER TABLE|DROP TABLE)\b/,
  // a YAML key that opens a block
  /^\s*[\w.-]+:\s*$/,
  // a JSON member on a line of its own
  /^\s*"[^"\n]*"\s*:\s*\S/,
  // unified diff
  /^(@@ -\d|\+\+\+ |--- |diff --git )/,
];

/**
 * A block's end or middle on a line of its own (Ruby, Elixir, Lua, shell): neither code nor prose
 * by itself ("done" may be a whole chat message), so such lines are left out of the count.
 */
const BLOCK_WORD = /^\s*(end|fi|done|esac|then|do|else)\s*$/;

function isCodeLine(line: string): boolean {
  return CODE_LINE.some((pattern) => pattern.test(line));
}

/** How strongly a line other than a heading suggests markdown (0 when it does not). */
function markdownScore(line: string): number {
  if (TABLE_RULE.test(line)) return 2;
  let score = 0;
  if (LIST_ITEM.test(line) || QUOTE.test(line) || TABLE_ROW.test(line)) score += 1;
  if (LINK.test(line)) score += 2;
  if (EMPHASIS.test(line)) score += 1;
  return score;
}

/**
 * Guesses how a pasted text is meant to be read: markdown when it has markdown's marks (headings,
 * lists, links, fenced code, tables, emphasis) in some number; code when many of its lines read as
 * code (braces, semicolons, keywords, operators, blocks, tags, a diff, JSON), not counting lines
 * that start with `# ` (a heading in markdown, a comment in a shell, Python or Elixir file) or
 * lie inside a `"""` doc string; otherwise plain text. It looks at the first few hundred lines
 * only.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectTextFormat } from "./text_format.ts";
 * assert.equal(detectTextFormat("# Setup\n\n- install Deno\n- run `deno task start`\n"), "markdown");
 * assert.equal(detectTextFormat("const a = 1;\nif (a) {\n  run(a);\n}\n"), "code");
 * assert.equal(detectTextFormat("See you at 5?\nI'll bring the slides."), "plain");
 * ```
 */
export function detectTextFormat(text: string): TextFormat {
  const sample = text.slice(0, SAMPLE_CHARS);
  const trimmed = sample.trim();
  if (trimmed === "") return "plain";
  // Whole JSON documents only when small: parsing runs on every keystroke of the form.
  if (/^[[{]/.test(trimmed) && text.length <= SAMPLE_CHARS && isJson(text)) return "code";
  if (/^#!\s*\//.test(trimmed)) return "code";
  let markdown = 0;
  let inFence = false;
  let fences = 0;
  let code = 0;
  let lines = 0;
  // Lines starting with `# `: markdown headings, or the comments of a shell, Python, Ruby or
  // Elixir file. Which, the other lines say: when they are code, so are these (comments); they
  // are left out of the share of code lines, and count for markdown only if it is not code.
  let hashed = 0;
  // Inside a doc string (`"""` … `"""`: Python, Elixir), whose prose says nothing of the format.
  let inDoc = false;
  for (const line of sample.split("\n").slice(0, SAMPLE_LINES)) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      fences++;
      continue;
    }
    if (inFence || line.trim() === "" || BLOCK_WORD.test(line)) continue;
    const quotes = line.match(DOC_QUOTES)?.length ?? 0;
    if (quotes > 0 || inDoc) {
      if (quotes % 2 === 1) inDoc = !inDoc;
      // The line that opens or closes one is code; the lines between are not counted.
      if (quotes > 0) {
        lines++;
        code++;
      }
      continue;
    }
    lines++;
    if (HEADING.test(line)) {
      hashed++;
      markdown += 2;
      continue;
    }
    if (isCodeLine(line)) code++;
    else markdown += markdownScore(line);
  }
  // A closed fence is markdown's own mark: text around code blocks is a document, not code.
  if (fences >= 2) markdown += 3;
  const others = lines - hashed;
  if (others > 0 && code / others >= 0.4 && fences < 2) return "code";
  return markdown >= 3 ? "markdown" : "plain";
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
