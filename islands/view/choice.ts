/**
 * What the viewer says before a large share is opened in the page rather than saved to disk:
 * opening it here holds all of it in memory, and what follows depends on whether the page can
 * show it, which the renderer registry decides from the manifest alone.
 * @module
 */
import type { FileEntry } from "../../lib/crypto/mod.ts";
import { formatBytes } from "../../lib/format.ts";
import { entryFacts } from "./renderer.tsx";
import { previews } from "./renderers/mod.ts";

/**
 * The sentence that says what "Open in this page" will do with a share of `files` and `size`
 * ciphertext bytes (what the download costs).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openingNotice } from "./choice.ts";
 * const size = 300 * 1024 * 1024;
 * const video = [{ name: "talk.mp4", type: "video/mp4", size }];
 * const archive = [{ name: "backup.tar", type: "application/x-tar", size }];
 * assert.match(openingNotice(video, size), /300 MiB into memory, then shows it here/);
 * assert.match(openingNotice(archive, size), /then only offers it to save/);
 * ```
 */
export function openingNotice(files: readonly FileEntry[], size: number): string {
  const cost = `Opening it in this page downloads all ${formatBytes(size)} into memory`;
  if (files.length !== 1) return `${cost}, then lists the files to show or save one by one.`;
  return previews(entryFacts(files[0], "files"))
    ? `${cost}, then shows it here.`
    : `${cost}, then only offers it to save: this page cannot show this type of file.`;
}
