/**
 * Text typed or piped in as a share's text, as the upload form and the share script store it: a
 * file entry named {@link PASTE_NAME} of type {@link PASTE_TYPE}. A share of text alone is kind
 * "text"; the upload form puts text typed alongside files first in a "files" share, and the
 * viewer shows it first and open ({@link isPastedText}). The manifest format has no field for
 * this: the name, type and place say it.
 * @module
 */

/**
 * The name pasted text is stored under.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PASTE_NAME } from "./pasted_text.ts";
 * assert.equal(PASTE_NAME, "paste.txt");
 * ```
 */
export const PASTE_NAME = "paste.txt";

/**
 * The type pasted text is stored with. A file chosen in a browser carries its type without a
 * charset (`text/plain`), so a chosen file named paste.txt is not taken for typed text.
 * @example
 * ```ts
 * import { PASTE_TYPE } from "./pasted_text.ts";
 * const body = new Blob(["hello"], { type: PASTE_TYPE });
 * ```
 */
export const PASTE_TYPE = "text/plain; charset=utf-8";

/**
 * Whether entry `index` of a "files" share is the text typed alongside its files in the upload
 * form: the first entry, named {@link PASTE_NAME}, of type {@link PASTE_TYPE}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPastedText } from "./pasted_text.ts";
 * const files = [
 *   { name: "paste.txt", type: "text/plain; charset=utf-8" },
 *   { name: "photo.png", type: "image/png" },
 * ];
 * assert.deepEqual(files.map(isPastedText), [true, false]);
 * assert.equal(isPastedText({ name: "paste.txt", type: "text/plain" }, 0), false); // a chosen file
 * ```
 */
export function isPastedText(entry: { name: string; type: string }, index: number): boolean {
  return index === 0 && entry.name === PASTE_NAME && entry.type === PASTE_TYPE;
}
