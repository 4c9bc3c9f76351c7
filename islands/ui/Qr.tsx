/**
 * A QR code for a link, drawn as inline SVG generated in the browser (lean-qr): the link, and so
 * its key, is never sent to any service.
 * @module
 */
import type { VNode } from "preact";
import { generate, mode } from "lean-qr";
import { toSvgPath } from "lean-qr/extras/svg";

/**
 * lean-qr's default modes without Shift-JIS: considering it builds a table of ~8,000 characters
 * on the page's thread first (half of the code's cost, measured in Chromium), and a link never
 * needs it.
 */
const MODES = [mode.numeric, mode.alphaNumeric, mode.ascii, mode.iso8859_1, mode.utf8];

/**
 * Renders `text` as a QR code.
 * @example
 * ```tsx
 * import { Qr } from "./Qr.tsx";
 * <Qr text="https://share.example/s/abc#key" />
 * ```
 */
export function Qr({ text }: { text: string }): VNode {
  const code = generate(text, { modes: MODES });
  const pad = 4;
  const size = code.size + pad * 2;
  return (
    <svg
      class="qr"
      role="img"
      aria-label="QR code of the link"
      viewBox={`${-pad} ${-pad} ${size} ${size}`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect class="qr-bg" x={-pad} y={-pad} width={size} height={size} />
      <path class="qr-fg" d={toSvgPath(code)} />
    </svg>
  );
}
