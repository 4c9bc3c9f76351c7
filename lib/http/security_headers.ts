/**
 * Security headers on every response (DESIGN invariant 9). The view page sets its own
 * Content-Security-Policy ({@link VIEW_CSP}, which frames PDFs); everything else gets the strict
 * default.
 * @module
 */
import type { MiddlewareHandler } from "hono";

/**
 * The default policy: nothing but same-origin scripts, styles, images, fonts and fetches.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_CSP } from "./security_headers.ts";
 * assert(DEFAULT_CSP.startsWith("default-src 'none'"));
 * assert(!DEFAULT_CSP.includes("frame-src")); // default-src 'none' forbids every frame
 * ```
 */
export const DEFAULT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/**
 * The view page's policy: {@link DEFAULT_CSP} plus `frame-src blob:`, and nothing else. Chromium
 * shows a PDF only in a frame, and CSP cannot name one `blob:` URL, only the scheme; the page's
 * one frame is the PDF preview (islands/view/MediaPreview.tsx), whose URL it made itself from a
 * PDF entry's bytes typed `application/pdf`. No other page may frame anything.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_CSP, VIEW_CSP } from "./security_headers.ts";
 * assert.equal(VIEW_CSP, `${DEFAULT_CSP}; frame-src blob:`);
 * ```
 */
export const VIEW_CSP = `${DEFAULT_CSP}; frame-src blob:`;

/**
 * The policy of a response that carries a sender's bytes (ciphertext, which the server cannot
 * check): opened as a document it would be sandboxed (an opaque origin, no script) and load
 * nothing, on top of `attachment` and `nosniff`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DOWNLOAD_CSP } from "./security_headers.ts";
 * const headers = new Headers({ "Content-Type": "application/octet-stream" });
 * headers.set("Content-Security-Policy", DOWNLOAD_CSP);
 * assert(headers.get("Content-Security-Policy")!.startsWith("sandbox"));
 * ```
 */
export const DOWNLOAD_CSP = "sandbox; default-src 'none'";

/**
 * Adds the security headers; HSTS only when the service is reached over HTTPS (the request URL or
 * the configured public origin says so).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { securityHeaders } from "./security_headers.ts";
 * const app = new Hono();
 * app.use(securityHeaders(true)); // the server's public URL is https:
 * app.get("/", (c) => c.text("ok"));
 * const res = await app.request("/");
 * assert(res.headers.has("Content-Security-Policy"));
 * assert(res.headers.has("Strict-Transport-Security"));
 * ```
 */
export function securityHeaders(httpsOrigin: boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has("Content-Security-Policy")) h.set("Content-Security-Policy", DEFAULT_CSP);
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("X-Frame-Options", "DENY");
    if (httpsOrigin || c.req.url.startsWith("https:")) {
      h.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    }
  };
}
