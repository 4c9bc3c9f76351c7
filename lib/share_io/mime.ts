/**
 * MIME types guessed from file extensions: a small table of what people share; everything else
 * is `application/octet-stream`.
 * @module
 */

const TYPES: Record<string, string> = {
  txt: "text/plain; charset=utf-8",
  log: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  tsv: "text/tab-separated-values; charset=utf-8",
  json: "application/json",
  jsonl: "application/jsonl",
  xml: "application/xml",
  yaml: "application/yaml",
  yml: "application/yaml",
  toml: "application/toml",
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  ts: "text/x-typescript; charset=utf-8",
  tsx: "text/x-typescript; charset=utf-8",
  py: "text/x-python; charset=utf-8",
  rs: "text/x-rust; charset=utf-8",
  go: "text/x-go; charset=utf-8",
  c: "text/x-c; charset=utf-8",
  h: "text/x-c; charset=utf-8",
  cpp: "text/x-c++; charset=utf-8",
  java: "text/x-java; charset=utf-8",
  sh: "text/x-shellscript; charset=utf-8",
  sql: "application/sql",
  diff: "text/x-diff; charset=utf-8",
  patch: "text/x-diff; charset=utf-8",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
  ico: "image/x-icon",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  wav: "audio/wav",
  flac: "audio/flac",
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  tar: "application/x-tar",
  wasm: "application/wasm",
};

/**
 * Guesses the MIME type of a file name from its extension.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { guessType } from "./mime.ts";
 * assert.equal(guessType("notes.md"), "text/markdown; charset=utf-8");
 * assert.equal(guessType("blob"), "application/octet-stream");
 * ```
 */
export function guessType(name: string): string {
  const dot = name.lastIndexOf(".");
  return (dot >= 0 && TYPES[name.slice(dot + 1).toLowerCase()]) || "application/octet-stream";
}
