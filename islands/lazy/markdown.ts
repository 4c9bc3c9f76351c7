/**
 * Lazily loaded markdown renderer (marked + DOMPurify). Loaded only when a markdown file is shown.
 * Decrypted content is never trusted as HTML: raw HTML in the source is escaped, the rendered
 * markup is sanitised all the same, and anything that
 * would load a resource (images from anywhere but inline data, media, frames, styles) is removed
 * so that opening a share cannot tell a third party (or this server) that it was read.
 * @module
 */
import { marked } from "marked";
import DOMPurify from "dompurify";
import { isInertImage } from "../ui/object_url.ts";

const FORBID_TAGS = [
  "style",
  "link",
  "meta",
  "base",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "iframe",
  "frame",
  "object",
  "embed",
  "video",
  "audio",
  "source",
  "track",
  "picture",
];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// Raw HTML inside the markdown is shown as text, never parsed: even parsing it for sanitising
// would make the browser check its style attributes against the CSP and report violations.
marked.use({
  renderer: {
    html: ({ text }) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]),
  },
});

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.nodeName === "IMG") {
    const src = node.getAttribute("src") ?? "";
    node.removeAttribute("srcset");
    // Inline data only, and only raster images: an SVG could script if opened on its own.
    const inline = /^data:([^;,]*)[;,]/i.exec(src);
    if (!inline || !isInertImage(inline[1])) {
      // A remote (or same-origin) image would be fetched on render: show its alt text instead.
      const alt = node.getAttribute("alt") || "image";
      const placeholder = node.ownerDocument.createElement("span");
      placeholder.className = "blocked-image";
      placeholder.textContent = `[${alt}: remote image not loaded]`;
      node.replaceWith(placeholder);
    }
  }
  if (node.nodeName === "A") {
    node.setAttribute("rel", "noopener noreferrer nofollow");
    node.setAttribute("target", "_blank");
  }
});

/**
 * Renders markdown to sanitised HTML that loads nothing remote.
 * @example
 * ```ts
 * import { renderMarkdown } from "./markdown.ts";
 * renderMarkdown("# Hi\n![x](https://tracker.example/p.png)");
 * // '<h1>Hi</h1>\n<p><span class="blocked-image">[x: remote image not loaded]</span></p>\n'
 * ```
 */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true });
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    FORBID_ATTR: ["style", "srcset", "background", "poster", "ping"],
  });
}
