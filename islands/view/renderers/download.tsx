/**
 * Anything no other renderer shows: its name, size and a download button.
 * @module
 */
import { FileHeader } from "../FileHeader.tsx";
import type { FileRenderer } from "../renderer.tsx";

/**
 * The download-only renderer, the registry's fallback.
 * @example
 * ```ts
 * downloadRenderer.matches(facts); // true, whatever the file
 * ```
 */
export const downloadRenderer: FileRenderer = {
  name: "download",
  matches: () => true,
  View: ({ file }) => <FileHeader file={file} />,
};
