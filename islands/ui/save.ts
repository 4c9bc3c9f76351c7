/**
 * Saving decrypted bytes as a download, under a name that is safe to save (lib/names.ts): the
 * sender chose it.
 * @module
 */
import { safeName } from "../../lib/names.ts";
import { objectUrl, OPAQUE_TYPE } from "./object_url.ts";

/**
 * Saves bytes under a file name. The URL is `application/octet-stream` whatever the bytes are,
 * so the browser downloads it and never renders it as a document in this origin.
 * @example
 * ```ts
 * import { saveBlob } from "./save.ts";
 * if ("document" in globalThis) saveBlob(new Blob(["hello"]), "notes.txt");
 * ```
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = objectUrl(blob, OPAQUE_TYPE);
  const a = document.createElement("a");
  a.href = url;
  a.download = safeName(name, "download");
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; keep it briefly for slow browsers, then free memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
