/**
 * Saving decrypted bytes as a download, under a name that is safe to save: the sender chose it.
 * @module
 */
import { objectUrl, OPAQUE_TYPE } from "./object_url.ts";

/**
 * A sender's file name made safe to save: no path separators, no leading dots (no hidden files
 * like `.bashrc`), never empty.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { safeFileName } from "./save.ts";
 * assert.equal(safeFileName("../.bashrc"), "_.bashrc");
 * assert.equal(safeFileName(".env"), "env");
 * ```
 */
export function safeFileName(name: string): string {
  return name.replaceAll(/[\\/]/g, "_").replace(/^\.+/, "") || "file";
}

/**
 * Saves bytes under a file name. The URL is `application/octet-stream` whatever the bytes are,
 * so the browser downloads it and never renders it as a document in this origin.
 * @example
 * ```ts
 * import { saveBlob } from "./save.ts";
 * const file = { name: "report.pdf", blob: new Blob(["%PDF-1.7"]) }; // a decrypted file
 * // In the browser (it clicks a temporary download link):
 * if ("document" in globalThis) saveBlob(file.blob, file.name);
 * ```
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = objectUrl(blob, OPAQUE_TYPE);
  const a = document.createElement("a");
  a.href = url;
  a.download = safeFileName(name);
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; keep it briefly for slow browsers, then free memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
