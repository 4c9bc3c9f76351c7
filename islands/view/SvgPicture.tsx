/**
 * An SVG drawn as a picture on a canvas. An SVG is a document that may carry scripts: the page
 * never gives one a `blob:` URL (opened on its own, that would run the sender's script in this
 * origin). The bytes are decoded by a detached image from a `data:` URL, which is never in the
 * page, cannot be opened from it, is dropped once drawn, and would have an opaque origin even if
 * opened; an image runs no script and loads nothing, whatever the SVG says.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

/** SVGs larger than this are shown only as source: decoding them could stall the page. */
const MAX_DRAWN_BYTES = 8 * 1024 * 1024;
/** Canvas side limit in device pixels (browsers refuse, or run out of memory, far above it). */
const MAX_SIDE = 4096;
/** CSS size used when the SVG states none (the browser's default for replaced elements). */
const DEFAULT_SIZE = { width: 300, height: 150 };

/**
 * Draws `svg` onto `canvas` at its own size, scaled to fit `maxWidth` CSS pixels and sharp on
 * high-density screens.
 */
async function draw(svg: Blob, canvas: HTMLCanvasElement, maxWidth: number): Promise<void> {
  const image = new Image();
  image.src = `data:image/svg+xml;base64,${new Uint8Array(await svg.arrayBuffer()).toBase64()}`;
  try {
    await image.decode();
    const natural = image.naturalWidth > 0 && image.naturalHeight > 0
      ? { width: image.naturalWidth, height: image.naturalHeight }
      : DEFAULT_SIZE;
    const css = Math.min(1, maxWidth / natural.width);
    const width = natural.width * css;
    const height = natural.height * css;
    const density = Math.min(devicePixelRatio || 1, MAX_SIDE / width, MAX_SIDE / height);
    canvas.width = Math.max(1, Math.round(width * density));
    canvas.height = Math.max(1, Math.round(height * density));
    // The stylesheet scales the height with it (height: auto keeps the canvas's ratio).
    canvas.style.width = `${width}px`;
    canvas.getContext("2d")!.drawImage(image, 0, 0, canvas.width, canvas.height);
  } finally {
    image.src = "";
  }
}

/**
 * Shows an SVG file as a picture; says so when it cannot be drawn (its source is shown beside).
 * @example
 * ```tsx
 * <SvgPicture svg={file.blob} label={file.name} />
 * ```
 */
export function SvgPicture({ svg, label }: { svg: Blob; label: string }): VNode {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<"drawing" | "drawn" | "failed" | "too-big">(
    svg.size > MAX_DRAWN_BYTES ? "too-big" : "drawing",
  );
  useEffect(() => {
    const el = canvas.current;
    if (!el || svg.size > MAX_DRAWN_BYTES) return;
    let live = true;
    const width = el.parentElement?.clientWidth || DEFAULT_SIZE.width;
    draw(svg, el, width).then(
      () => live && setState("drawn"),
      () => live && setState("failed"),
    );
    return () => {
      live = false;
    };
  }, [svg]);
  return (
    <div class="preview svg-picture">
      <canvas ref={canvas} role="img" aria-label={label} hidden={state !== "drawn"} />
      {state === "failed" && <p class="muted">This SVG could not be drawn; its source is below.</p>}
      {state === "too-big" && (
        <p class="muted">This SVG is too large to draw; its source is below.</p>
      )}
    </div>
  );
}
