/**
 * Decrypted files as the viewer holds them, and what their names say: extension and
 * highlighting language.
 * @module
 */

/** One decrypted file. */
export interface DecodedFile {
  /**
   * Name as the sender gave it, for showing: its bidi and control characters made visible
   * (`shownName` in lib/names.ts). Saving makes it safe again (`safeName`).
   */
  name: string;
  /** MIME type as the sender gave it (untrusted: used only to pick a safe preview). */
  type: string;
  /** Its bytes (already gunzipped when the manifest said so). */
  blob: Blob;
}

const LANGUAGE_BY_EXT: Record<string, string> = {
  sh: "bash",
  bash: "bash",
  zsh: "bash",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  hpp: "cpp",
  cs: "csharp",
  css: "css",
  diff: "diff",
  patch: "diff",
  dockerfile: "dockerfile",
  go: "go",
  ini: "ini",
  toml: "ini",
  java: "java",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  json: "json",
  jsonl: "json",
  kt: "kotlin",
  md: "markdown",
  php: "php",
  py: "python",
  rb: "ruby",
  rs: "rust",
  sql: "sql",
  swift: "swift",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  html: "xml",
  xml: "xml",
  svg: "xml",
  yml: "yaml",
  yaml: "yaml",
};
/**
 * Texts larger than this are shown plain: highlighting them would freeze the page.
 * @example
 * ```ts
 * import { MAX_HIGHLIGHT_CHARS } from "./files.ts";
 * const text = "fn main() {}";
 * const highlight = text.length <= MAX_HIGHLIGHT_CHARS; // else shown plain: the page stays responsive
 * ```
 */
export const MAX_HIGHLIGHT_CHARS = 400_000;
/**
 * A file name's extension in lower case without the dot (`"dockerfile"` for a Dockerfile), or "".
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extension } from "./files.ts";
 * assert.equal(extension("src/Main.RS"), "rs");
 * ```
 */
export function extension(name: string): string {
  const base = name.toLowerCase().split("/").pop() ?? "";
  if (base === "dockerfile") return "dockerfile";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1) : "";
}

/**
 * The highlight.js language for a file name, or null to auto-detect.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { languageFor } from "./files.ts";
 * assert.equal(languageFor("main.rs"), "rust");
 * ```
 */
export function languageFor(name: string): string | null {
  return LANGUAGE_BY_EXT[extension(name)] ?? null;
}
