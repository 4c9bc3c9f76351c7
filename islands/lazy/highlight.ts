/**
 * Lazily loaded syntax highlighter (highlight.js core with common languages). The highlighter's
 * HTML is built from decrypted content, so it is sanitised down to `<span class>` before use, then
 * split into lines (re-opening spans that cross a line break) for the line-numbered view.
 * @module
 */
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import go from "highlight.js/lib/languages/go";
import ini from "highlight.js/lib/languages/ini";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import kotlin from "highlight.js/lib/languages/kotlin";
import markdown from "highlight.js/lib/languages/markdown";
import php from "highlight.js/lib/languages/php";
import python from "highlight.js/lib/languages/python";
import ruby from "highlight.js/lib/languages/ruby";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import swift from "highlight.js/lib/languages/swift";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import DOMPurify from "dompurify";

const LANGUAGES = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  php,
  python,
  ruby,
  rust,
  sql,
  swift,
  typescript,
  xml,
  yaml,
};
for (const [name, lang] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, lang);

/** Below this auto-detection score the text is treated as prose and left plain. */
const MIN_RELEVANCE = 8;
/** Auto-detection runs every grammar over its input: it looks at a sample, never the whole text. */
const DETECT_SAMPLE = 4096;

/**
 * Highlights `text` and returns one sanitised HTML string per line, or null when the language is
 * unknown and auto-detection is not confident (plain text stays plain).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { highlightLines } from "./highlight.ts";
 * assert.equal(highlightLines("const a = 1;\nconst b = 2;", "javascript")?.length, 2);
 * ```
 */
export function highlightLines(text: string, language: string | null): string[] | null {
  let lang = language && hljs.getLanguage(language) ? language : null;
  if (!lang) {
    const auto = hljs.highlightAuto(text.slice(0, DETECT_SAMPLE));
    if (auto.relevance < MIN_RELEVANCE || !auto.language) return null;
    lang = auto.language;
  }
  const html = hljs.highlight(text, { language: lang, ignoreIllegals: true }).value;
  const clean = DOMPurify.sanitize(html, { ALLOWED_TAGS: ["span"], ALLOWED_ATTR: ["class"] });
  return splitLines(clean);
}

const TOKEN = /<span class="([^"]*)">|<\/span>|\n|[^<\n]+/g;

/** Splits well-formed span markup at newlines, closing and re-opening spans across the break. */
function splitLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let line = "";
  for (const [token, cls] of html.matchAll(TOKEN)) {
    if (token === "\n") {
      lines.push(line + "</span>".repeat(open.length));
      line = open.map((c) => `<span class="${c}">`).join("");
    } else if (token === "</span>") {
      open.pop();
      line += token;
    } else if (cls !== undefined) {
      open.push(cls);
      line += token;
    } else {
      line += token;
    }
  }
  lines.push(line);
  return lines;
}
