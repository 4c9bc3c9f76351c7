/**
 * A QR code of a link, painted from a drawing made elsewhere (islands/ui/qr_drawing.ts; the
 * upload worker draws the share's).
 * @module
 */
import type { VNode } from "preact";
import type { QrDrawing } from "./qr_drawing.ts";

/**
 * Paints a QR code drawing as inline SVG.
 * @example
 * ```tsx
 * import { Qr } from "./Qr.tsx";
 * import { drawQr } from "./qr_drawing.ts";
 * <Qr drawing={drawQr("https://share.example/s/abc#key")} />
 * ```
 */
export function Qr({ drawing }: { drawing: QrDrawing }): VNode {
  const pad = 4;
  const size = drawing.size + pad * 2;
  return (
    <svg
      class="qr"
      role="img"
      aria-label="QR code of the link"
      viewBox={`${-pad} ${-pad} ${size} ${size}`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect class="qr-bg" x={-pad} y={-pad} width={size} height={size} />
      <path class="qr-fg" d={drawing.path} />
    </svg>
  );
}
