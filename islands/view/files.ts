/**
 * Decrypted files as the viewer holds them, and how each one is shown: its preview class and its
 * highlighting language.
 * @module
 */
import { bareType, isInertImage } from "../ui/object_url.ts";

/** One decrypted file. */
export interface DecodedFile {
  /** Name as the sender gave it. */
  name: string;
  /** MIME type as the sender gave it (untrusted: used only to pick a safe preview). */
  type: string;
  /** Its bytes (already gunzipped when the manifest said so). */
  blob: Blob;
}

/**
 * How a file is shown. An SVG is a document that can hold scripts: it is drawn as a picture and
 * shown as source (see SvgPicture.tsx), never given a URL of its own.
 */
export type PreviewKind =
  | "markdown"
  | "text"
  | "svg"
  | "image"
  | "audio"
  | "video"
  | "pdf"
  | "binary";
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-sh|x-yaml|toml|sql)\b)/;
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
 * if (text.length <= MAX_HIGHLIGHT_CHARS) highlightLines(text, null);
 * ```
 */
export const MAX_HIGHLIGHT_CHARS = 400_000;
/** Unknown-type files up to this size are sniffed for text. */
const MAX_SNIFF = 8 * 1024 * 1024;

function extension(name: string): string {
  const base = name.toLowerCase().split("/").pop() ?? "";
  if (base === "dockerfile") return "dockerfile";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1) : "";
}

/**
 * The highlight.js language for a file name, or null to auto-detect.
 * @example
 * ```ts
 * languageFor("main.rs"); // "rust"
 * ```
 */
export function languageFor(name: string): string | null {
  return LANGUAGE_BY_EXT[extension(name)] ?? null;
}

/** True when the bytes look like UTF-8 text (no NUL, decodes cleanly). */
async function looksLikeText(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 4096).arrayBuffer());
  if (head.includes(0)) return false;
  try {
    // A multi-byte character may be cut at the end of the sample: `stream` tolerates that.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides how to show a file, from its type and name, sniffing unknown types for text.
 * @example
 * ```ts
 * await previewKind({ name: "a.png", type: "image/png", blob }); // "image"
 * ```
 */
export async function previewKind(file: DecodedFile): Promise<PreviewKind> {
  const type = bareType(file.type);
  const ext = extension(file.name);
  if (type === "text/markdown" || ext === "md" || ext === "markdown") return "markdown";
  if (type === "image/svg+xml" || ext === "svg") return "svg";
  if (isInertImage(type)) return "image";
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  if (type === "application/pdf") return "pdf";
  if (TEXT_TYPES.test(type) || ext in LANGUAGE_BY_EXT) return "text";
  if (file.blob.size <= MAX_SNIFF && await looksLikeText(file.blob)) return "text";
  return "binary";
}
