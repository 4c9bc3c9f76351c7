/**
 * Lazily loaded zip writer (fflate), used only for "download all".
 * @module
 */
import { zipSync } from "fflate";
import { safeNames } from "../../lib/names.ts";

/** One file to put in the archive. */
export interface ZipInput {
  /** File name as the sender gave it. */
  name: string;
  /** Its bytes. */
  data: Uint8Array;
}

/**
 * Builds a zip (stored, not compressed: shares are often already compressed and this keeps the
 * browser fast). Names are made safe the one way lib/names.ts does it everywhere; duplicates get
 * " (2)", " (3)"… so no file is lost.
 * @example
 * ```ts
 * import { zipFiles } from "./zip.ts";
 * const zip = zipFiles([{ name: "a.txt", data: new Uint8Array([104, 105]) }]);
 * ```
 */
export function zipFiles(files: ZipInput[]): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  const names = safeNames(files.map((f) => f.name));
  files.forEach(({ data }, i) => tree[names[i]] = data);
  return zipSync(tree, { level: 0 });
}
