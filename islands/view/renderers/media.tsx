/**
 * Raster images, audio, video and PDF: previewed from an inert `blob:` URL (../MediaPreview.tsx).
 * @module
 */
import { bareType, isInertImage } from "../../ui/object_url.ts";
import { FileHeader } from "../FileHeader.tsx";
import { type MediaKind, MediaPreview } from "../MediaPreview.tsx";
import type { FileRenderer } from "../renderer.tsx";

/** The preview a (bare) type gets, or null when it is no media the page previews. */
function mediaKind(type: string): MediaKind | null {
  if (isInertImage(type)) return "image";
  if (type.startsWith("audio/")) return "audio";
  if (type.startsWith("video/")) return "video";
  if (type === "application/pdf") return "pdf";
  return null;
}

/**
 * The media renderer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mediaRenderer } from "./media.tsx";
 * import type { FileFacts } from "../renderer.tsx";
 * const facts: FileFacts = {
 *   share: "files",
 *   name: "data.bin",
 *   ext: "bin",
 *   type: "application/octet-stream",
 *   size: 3,
 *   head: new Uint8Array([0, 1, 2]),
 * };
 * assert(mediaRenderer.matches({ ...facts, type: "image/png" }));
 * ```
 */
export const mediaRenderer: FileRenderer = {
  name: "media",
  matches: ({ type }) => mediaKind(type) !== null,
  View: ({ file, header }) => (
    <>
      {header && <FileHeader file={file} />}
      <MediaPreview file={file} kind={mediaKind(bareType(file.type))!} />
    </>
  ),
};
