/**
 * SVG files (by type or extension): drawn as a picture on a canvas above their source. An SVG is a
 * document that can hold scripts, so it never gets a URL of its own (see ../SvgPicture.tsx); this
 * renderer must come before any that would give a file a URL.
 * @module
 */
import { type FileRenderer, withText } from "../renderer.tsx";
import { SvgPicture } from "../SvgPicture.tsx";
import { TextView } from "../TextView.tsx";

/**
 * The SVG renderer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { svgRenderer } from "./svg.tsx";
 * import type { FileFacts } from "../renderer.tsx";
 * const facts: FileFacts = {
 *   share: "files",
 *   name: "data.bin",
 *   ext: "bin",
 *   type: "application/octet-stream",
 *   size: 3,
 *   head: new Uint8Array([0, 1, 2]),
 * };
 * assert(svgRenderer.matches({ ...facts, type: "image/svg+xml" }));
 * ```
 */
export const svgRenderer: FileRenderer = {
  name: "svg",
  matches: ({ type, ext }) => type === "image/svg+xml" || ext === "svg",
  View: withText(({ file, text, lazy, header }) => (
    <TextView file={file} text={text} lazy={lazy} header={header} language="xml">
      <SvgPicture svg={text} label={file.name} />
    </TextView>
  )),
};
