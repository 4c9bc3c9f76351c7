/**
 * A QR code for a link as an SVG path, generated where it runs (lean-qr): the link, and so its
 * key, is never sent to any service. The upload worker draws the share's code, so that the page's
 * thread only paints it (islands/ui/Qr.tsx).
 * @module
 */
import { generate, mode } from "lean-qr";
import { toSvgPath } from "lean-qr/extras/svg";

/**
 * lean-qr's default modes without Shift-JIS: considering it builds a table of ~8,000 characters
 * first (half of the code's cost, measured in Chromium), and a link never needs it.
 */
const MODES = [mode.numeric, mode.alphaNumeric, mode.ascii, mode.iso8859_1, mode.utf8];

/** A QR code drawn: its width in modules and the SVG path of its dark modules. */
export interface QrDrawing {
  size: number;
  path: string;
}

/**
 * Draws `text` as a QR code (lean-qr scores all eight mask patterns: 5–50 ms, more the first
 * time).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawQr } from "./qr_drawing.ts";
 * const { size, path } = drawQr("https://share.example/s/abc#key");
 * assert.ok(size >= 21 && path.startsWith("M"));
 * ```
 */
export function drawQr(text: string): QrDrawing {
  const code = generate(text, { modes: MODES });
  return { size: code.size, path: toSvgPath(code) };
}
