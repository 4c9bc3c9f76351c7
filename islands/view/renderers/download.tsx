/**
 * Anything no other renderer shows: its name, size and a download button (in a list, whose row
 * has those, a line saying there is no preview).
 * @module
 */
import { FileHeader } from "../FileHeader.tsx";
import type { FileRenderer } from "../renderer.tsx";

/**
 * The download-only renderer, the registry's fallback.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { downloadRenderer } from "./download.tsx";
 * import type { FileFacts } from "../renderer.tsx";
 * const facts: FileFacts = {
 *   share: "files",
 *   name: "data.bin",
 *   ext: "bin",
 *   type: "application/octet-stream",
 *   size: 3,
 *   head: new Uint8Array([0, 1, 2]),
 * };
 * assert(downloadRenderer.matches(facts)); // whatever the file
 * ```
 */
export const downloadRenderer: FileRenderer = {
  name: "download",
  matches: () => true,
  View: ({ file, header }) =>
    header
      ? <FileHeader file={file} />
      : <p class="muted no-preview">This page cannot show this type of file; use Download.</p>,
};
