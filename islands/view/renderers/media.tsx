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
 * mediaRenderer.matches({ ...facts, type: "image/png" }); // true
 * ```
 */
export const mediaRenderer: FileRenderer = {
  name: "media",
  matches: ({ type }) => mediaKind(type) !== null,
  View: ({ file }) => (
    <>
      <FileHeader file={file} />
      <MediaPreview file={file} kind={mediaKind(bareType(file.type))!} />
    </>
  ),
};
