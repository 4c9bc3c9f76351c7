/**
 * Lazily loaded zip writer (fflate), used only for "download all".
 * @module
 */
import { zipSync } from "fflate";
import { safeFileName } from "../ui/save.ts";

/** One file to put in the archive. */
export interface ZipInput {
  /** File name as the sender gave it. */
  name: string;
  /** Its bytes. */
  data: Uint8Array;
}

/**
 * Builds a zip (stored, not compressed: shares are often already compressed and this keeps the
 * browser fast). Duplicate names get " (2)", " (3)"… so no file is lost.
 * @example
 * ```ts
 * import { zipFiles } from "./zip.ts";
 * const zip = zipFiles([{ name: "a.txt", data: new Uint8Array([104, 105]) }]);
 * ```
 */
export function zipFiles(files: ZipInput[]): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  for (const { name, data } of files) {
    const safe = safeFileName(name);
    let unique = safe;
    for (let n = 2; unique in tree; n++) {
      const dot = safe.lastIndexOf(".");
      unique = dot > 0 ? `${safe.slice(0, dot)} (${n})${safe.slice(dot)}` : `${safe} (${n})`;
    }
    tree[unique] = data;
  }
  return zipSync(tree, { level: 0 });
}
