/**
 * The registry of file renderers, in priority order: the first whose `matches` says yes shows the
 * file, and a file none of them matches is offered for download. To add a renderer, write a
 * module here exporting a {@link FileRenderer} and list it below (see islands/view/renderer.tsx).
 * @module
 */
import type { FileFacts, FileRenderer } from "../renderer.tsx";
import { conversationRenderer } from "./conversation.tsx";
import { downloadRenderer } from "./download.tsx";
import { markdownRenderer } from "./markdown.tsx";
import { mediaRenderer } from "./media.tsx";
import { plainRenderer } from "./plain.tsx";
import { svgRenderer } from "./svg.tsx";
import { textRenderer } from "./text.tsx";

/**
 * The renderers, first match wins.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RENDERERS } from "./mod.ts";
 * assert.deepEqual(
 *   RENDERERS.map((r) => r.name),
 *   ["conversation", "markdown", "svg", "media", "plain", "text"],
 * );
 * ```
 */
export const RENDERERS: readonly FileRenderer[] = [
  conversationRenderer,
  markdownRenderer,
  // Before media and text: an SVG is shown as a picture and its source, never from a URL.
  svgRenderer,
  mediaRenderer,
  // Plain text as prose; any other text (code) goes on to the text renderer's numbered lines.
  plainRenderer,
  // Last: it sniffs unknown types, and would take what a more specific renderer should show.
  textRenderer,
];

/**
 * The renderer for a file: the first of `renderers` that matches, else download only.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rendererFor } from "./mod.ts";
 * import { fileFacts } from "../renderer.tsx";
 * const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
 * const file = { name: "cat.png", type: "image/png", blob: new Blob([png]) };
 * assert.equal(rendererFor(await fileFacts(file, "files")).name, "media");
 * ```
 */
export function rendererFor(
  facts: FileFacts,
  renderers: readonly FileRenderer[] = RENDERERS,
): FileRenderer {
  return renderers.find((r) => r.matches(facts)) ?? downloadRenderer;
}

/**
 * Whether the page shows a file with these facts (any renderer but the download-only fallback).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { previews } from "./mod.ts";
 * import { fileFacts } from "../renderer.tsx";
 * const file = { name: "data.bin", type: "application/octet-stream", blob: new Blob([new Uint8Array(4)]) };
 * assert.equal(previews(await fileFacts(file, "files")), false);
 * ```
 */
export function previews(facts: FileFacts): boolean {
  return rendererFor(facts) !== downloadRenderer;
}
