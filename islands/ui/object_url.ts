/**
 * The one way the page makes a URL for decrypted bytes. A `blob:` URL belongs to the page's
 * origin, and opened on its own (a new tab, "open image in new tab", a pasted address) it is
 * rendered as a document of the blob's type with no CSP: an SVG or HTML blob would run the
 * sender's script next to the saved links and keys in this origin's storage. So a blob here only
 * ever carries a type that runs nothing — raster images, audio, video, PDF — and every other type
 * becomes `application/octet-stream`, which the browser downloads.
 * @module
 */

/**
 * The types a URL made by the page may carry: they render as a picture, a player or a PDF and run
 * no script in this origin. Anything else is {@link OPAQUE_TYPE}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INERT_TYPES } from "./object_url.ts";
 * assert.equal(INERT_TYPES.has("image/png"), true);
 * assert.equal(INERT_TYPES.has("image/svg+xml"), false);
 * ```
 */
export const INERT_TYPES: ReadonlySet<string> = new Set([
  "image/png",
  "image/apng",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
  "image/x-icon",
  "image/vnd.microsoft.icon",
  "audio/mpeg",
  "audio/mp4",
  "audio/aac",
  "audio/ogg",
  "audio/opus",
  "audio/wav",
  "audio/wave",
  "audio/x-wav",
  "audio/webm",
  "audio/flac",
  "audio/x-flac",
  "video/mp4",
  "video/webm",
  "video/ogg",
  "video/quicktime",
  "application/pdf",
  "application/octet-stream",
]);

/**
 * The type every URL gets whose own type is not inert: browsers download it.
 * @example
 * ```ts
 * import { OPAQUE_TYPE } from "./object_url.ts";
 * const bytes = new Uint8Array([0x3c, 0x73, 0x76, 0x67]); // "<svg": not to be rendered
 * const blob = new Blob([bytes], { type: OPAQUE_TYPE });
 * ```
 */
export const OPAQUE_TYPE = "application/octet-stream";

/**
 * The type to give a URL for bytes the sender called `type`: the type itself (without
 * parameters, lower case) when it is inert, otherwise {@link OPAQUE_TYPE}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inertType } from "./object_url.ts";
 * assert.equal(inertType("Image/PNG"), "image/png");
 * assert.equal(inertType("image/svg+xml"), "application/octet-stream");
 * ```
 */
export function inertType(type: string): string {
  const bare = bareType(type);
  return INERT_TYPES.has(bare) ? bare : OPAQUE_TYPE;
}

/**
 * True for a raster image type the page may show from a URL it makes (`image/svg+xml` is not).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isInertImage } from "./object_url.ts";
 * assert.equal(isInertImage("image/webp"), true);
 * assert.equal(isInertImage("image/svg+xml"), false);
 * ```
 */
export function isInertImage(type: string): boolean {
  const bare = bareType(type);
  return bare.startsWith("image/") && INERT_TYPES.has(bare);
}

/**
 * A MIME type without its parameters, trimmed and in lower case: the form to compare.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bareType } from "./object_url.ts";
 * assert.equal(bareType(" Text/Plain; charset=utf-8"), "text/plain");
 * ```
 */
export function bareType(type: string): string {
  return type.split(";")[0].trim().toLowerCase();
}

/** Whether `head` starts like an audio or video container that browsers play. */
function isMediaContainer(head: Uint8Array): boolean {
  const ascii = (at: number, text: string) =>
    [...text].every((c, i) => head[at + i] === c.charCodeAt(0));
  return ["ftyp", "moov", "mdat", "free", "wide"].some((box) => ascii(4, box)) || // MP4, QuickTime
    (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) || // WebM
    ascii(0, "OggS") || ascii(0, "fLaC") || ascii(0, "ID3") ||
    (ascii(0, "RIFF") && ascii(8, "WAVE")) ||
    (head[0] === 0xff && (head[1] & 0xe0) === 0xe0); // MPEG audio or ADTS frame
}

/**
 * The type for a URL of media bytes: {@link inertType}, except that an audio or video type is
 * kept only for bytes in a known container. Chromium plays some formats by their content
 * whatever the type (an HLS playlist, which then fetches the hosts it lists): opened on their
 * own, such bytes must download instead.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mediaType } from "./object_url.ts";
 * const playlist = new Blob(["#EXTM3U\n"]);
 * assert(await mediaType(playlist, "video/mp4") === "application/octet-stream");
 * ```
 */
export async function mediaType(blob: Blob, type: string): Promise<string> {
  const inert = inertType(type);
  if (!/^(audio|video)\//.test(inert)) return inert;
  return mediaTypeOfHead(new Uint8Array(await blob.slice(0, MEDIA_HEAD_BYTES).arrayBuffer()), type);
}

/** The leading bytes of a file that {@link mediaTypeOfHead} looks at. */
export const MEDIA_HEAD_BYTES = 12;

/**
 * {@link mediaType} for a file known by its first {@link MEDIA_HEAD_BYTES} bytes (one played in
 * place through the service worker, never whole in the page).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mediaTypeOfHead } from "./object_url.ts";
 * const wav = new TextEncoder().encode("RIFF\0\0\0\0WAVE");
 * assert.equal(mediaTypeOfHead(wav, "audio/wav"), "audio/wav");
 * const playlist = new TextEncoder().encode("#EXTM3U\n");
 * assert.equal(mediaTypeOfHead(playlist, "audio/wav"), "application/octet-stream");
 * ```
 */
export function mediaTypeOfHead(head: Uint8Array, type: string): string {
  const inert = inertType(type);
  if (!/^(audio|video)\//.test(inert)) return inert;
  return isMediaContainer(head) ? inert : OPAQUE_TYPE;
}

/**
 * A `blob:` URL for decrypted bytes, typed by {@link inertType}. The caller revokes it.
 * @example
 * ```ts
 * import { objectUrl } from "./object_url.ts";
 * const file = { blob: new Blob(["<svg/>"]), type: "image/svg+xml" }; // a decrypted file
 * const url = objectUrl(file.blob, file.type); // typed application/octet-stream: SVG is not inert
 * // img.src = url; …later:
 * URL.revokeObjectURL(url);
 * ```
 */
export function objectUrl(bytes: Blob | Uint8Array<ArrayBuffer>, type: string): string {
  return URL.createObjectURL(new Blob([bytes], { type: inertType(type) }));
}
