/**
 * An SVG drawn as a picture on a canvas. An SVG is a document that may carry scripts: the page
 * never gives one a `blob:` URL (opened on its own, that would run the sender's script in this
 * origin). The bytes are decoded by a detached image from a `data:` URL, which is never in the
 * page, cannot be opened from it, is dropped once drawn, and would have an opaque origin even if
 * opened; an image runs no script and loads nothing, whatever the SVG says.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";

/** SVGs larger than this are shown only as source: decoding them could stall the page. */
const MAX_DRAWN_CHARS = 8 * 1024 * 1024;
/** Canvas side limit in device pixels (browsers refuse, or run out of memory, far above it). */
const MAX_SIDE = 4096;
/** CSS size used when the SVG states none (the browser's default for replaced elements). */
const DEFAULT_SIZE = { width: 300, height: 150 };
/**
 * Elements an SVG may draw once every `<use>` is expanded. Nested `<use>` multiplies: 9 levels of
 * 10 copies is 10⁹ elements in a 2 KB file, and the browser would hang drawing it.
 */
const MAX_DRAWN_ELEMENTS = 20_000;
const XLINK = "http://www.w3.org/1999/xlink";

/**
 * `svg` with every attribute whose name starts with `on` renamed to `data-inert-on…`. Complete
 * for XML: an attribute always follows whitespace and its name is literal (no entity or character
 * reference can spell it). Text that merely looks like one inside a value is renamed too, which
 * changes no element.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withoutHandlers } from "./SvgPicture.tsx";
 * assert.equal(withoutHandlers('<svg\n onload="x()"/>'), '<svg\n data-inert-onload="x()"/>');
 * ```
 */
export function withoutHandlers(svg: string): string {
  return svg.replace(/(\s)(on[^\s=/>]*\s*=)/gi, "$1data-inert-$2");
}

/**
 * How many elements `svg` draws with each `<use>` expanded, counting up to `limit` (past it, or
 * for a `<use>` cycle or a nesting too deep to follow, `Infinity`). The text is parsed by
 * DOMParser, which loads nothing and runs no script; but Chromium (from 156) attempts an SVG
 * element's `onload` even in a parsed document, which only the page's CSP then blocks. So every
 * `on…` attribute is renamed first (see {@link withoutHandlers}): nothing is left to attempt.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawnElements } from "./SvgPicture.tsx";
 * assert.equal(drawnElements('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'), 2);
 * ```
 */
export function drawnElements(svg: string, limit = MAX_DRAWN_ELEMENTS): number {
  const doc = new DOMParser().parseFromString(withoutHandlers(svg), "image/svg+xml");
  const memo = new Map<Element, number>();
  const open = new Set<Element>();
  const count = (el: Element): number => {
    const known = memo.get(el);
    if (known !== undefined) return known;
    if (open.has(el)) return Infinity;
    open.add(el);
    let total = 1;
    for (const child of el.children) {
      total += count(child);
      if (total > limit) break;
    }
    if (el.localName === "use" && total <= limit) {
      const ref = el.getAttribute("href") ?? el.getAttributeNS(XLINK, "href") ?? "";
      const target = ref.startsWith("#") ? doc.getElementById(ref.slice(1)) : null;
      if (target) total += count(target);
    }
    open.delete(el);
    const result = total > limit ? Infinity : total;
    memo.set(el, result);
    return result;
  };
  try {
    return count(doc.documentElement);
  } catch {
    return Infinity; // nested deeper than the stack: not something to draw
  }
}

/**
 * Draws `svg` onto `canvas` at its own size, scaled to fit `maxWidth` CSS pixels and sharp on
 * high-density screens.
 */
async function draw(svg: string, canvas: HTMLCanvasElement, maxWidth: number): Promise<void> {
  const image = new Image();
  image.src = `data:image/svg+xml;base64,${new TextEncoder().encode(svg).toBase64()}`;
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
 * import { SvgPicture } from "./SvgPicture.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const file: DecodedFile = { name: "logo.svg", type: "image/svg+xml", blob: new Blob(["<svg/>"]) };
 * const picture = <SvgPicture svg="<svg/>" label={file.name} />;
 * ```
 */
export function SvgPicture({ svg, label }: { svg: string; label: string }): VNode {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Decided before any drawing: the browser would hang on a file too large or too complex.
  const drawable = useMemo(
    () => svg.length <= MAX_DRAWN_CHARS && drawnElements(svg) <= MAX_DRAWN_ELEMENTS,
    [svg],
  );
  const [state, setState] = useState<"drawing" | "drawn" | "failed">("drawing");
  useEffect(() => {
    const el = canvas.current;
    if (!el || !drawable) return;
    let live = true;
    const width = el.parentElement?.clientWidth || DEFAULT_SIZE.width;
    draw(svg, el, width).then(
      () => live && setState("drawn"),
      () => live && setState("failed"),
    );
    return () => {
      live = false;
    };
  }, [svg, drawable]);
  return (
    <div class="preview svg-picture">
      <canvas ref={canvas} role="img" aria-label={label} hidden={state !== "drawn"} />
      {state === "failed" && <p class="muted">This SVG could not be drawn; its source is below.</p>}
      {!drawable && (
        <p class="muted">This SVG is too large or complex to draw; its source is below.</p>
      )}
    </div>
  );
}
