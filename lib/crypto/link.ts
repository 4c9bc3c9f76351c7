/**
 * View links: `<origin>/s/<id>#<secret>`. The secret lives only in the fragment, which browsers
 * never send to a server.
 *
 * @module
 */

import { fromBase64url, toBase64url } from "./bytes.ts";
import { SECRET_SIZE } from "./constants.ts";
import { LinkError } from "./errors.ts";

/**
 * A share id: 16 random bytes in base64url, 22 characters (docs/FORMAT.md, "Links").
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ID_PATTERN } from "./link.ts";
 * assert(ID_PATTERN.test("q3Xh0s5c9m1Jd0l5bY2Vtw"));
 * ```
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const SECRET_CHARS = /^[A-Za-z0-9_-]*$/;
const SECRET_CHAR = /^[A-Za-z0-9_-]$/;
const SECRET_LENGTH = 43; // 32 bytes as unpadded base64url

/**
 * 32 fresh random bytes: the secret of one share.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateSecret } from "./link.ts";
 * assert(generateSecret().length === 32);
 * ```
 */
export function generateSecret(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(SECRET_SIZE));
}

/**
 * Builds the view link `<origin>/s/<id>#<secret>` (a trailing `/` on the origin is dropped).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLink, generateSecret } from "./link.ts";
 * const link = formatLink("https://h.example", "AAAAAAAAAAAAAAAAAAAAAA", generateSecret());
 * assert(/^https:\/\/h\.example\/s\/A{22}#[\w-]{43}$/.test(link));
 * ```
 */
export function formatLink(origin: string, id: string, secret: Uint8Array): string {
  if (!ID_PATTERN.test(id)) {
    throw new LinkError("bad_id", "share id must be 22 base64url characters");
  }
  if (secret.length !== SECRET_SIZE) {
    throw new LinkError("bad_key_length", `secret must be ${SECRET_SIZE} bytes`);
  }
  return `${origin.replace(/\/+$/, "")}/s/${id}#${toBase64url(secret)}`;
}

/** A link as pasted, cut where docs/FORMAT.md §2 cuts it: see {@link cutLink}. */
export interface CutLink {
  /** The text before the first `#`: the URL to parse. */
  address: string;
  /** The first 43 characters after the first `#`, verbatim; "" when there is no `#` or nothing after. */
  key: string;
  /** Whether a 44th base64url character follows `key`: the key is too long, not followed by text. */
  overlong: boolean;
}

/**
 * Cuts a pasted link (view or delete link alike) into its address and its 43-character key, the
 * one way both parsers read what a person pastes: whitespace around it and one `<` before it are
 * dropped (`<LINK>`, as mail and markdown wrap links), and so is whatever follows the key when it
 * starts with a character that cannot be part of a key (`LINK.`, `LINK)`, `LINK>`, `LINK%20`,
 * `LINK#…`). Checks nothing: each parser names what is wrong in its own terms.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cutLink } from "./link.ts";
 * const key = "A".repeat(43);
 * const cut = cutLink(` <https://h.example/d/AAAAAAAAAAAAAAAAAAAAAA#${key}>.`);
 * assert.deepEqual(cut, { address: "https://h.example/d/AAAAAAAAAAAAAAAAAAAAAA", key, overlong: false });
 * assert.equal(cutLink(`https://h.example/s/x#${key}A`).overlong, true);
 * ```
 */
export function cutLink(link: string): CutLink {
  const text = link.trim().replace(/^</, "");
  const hash = text.indexOf("#");
  // The fragment is taken from the raw text: URL parsing would percent-encode odd characters.
  const fragment = hash === -1 ? "" : text.slice(hash + 1);
  return {
    address: hash === -1 ? text : text.slice(0, hash),
    key: fragment.slice(0, SECRET_LENGTH),
    overlong: SECRET_CHAR.test(fragment.charAt(SECRET_LENGTH)),
  };
}

/**
 * Parses a view link, cut as {@link cutLink} cuts it, so a link pasted from a sentence, a markdown
 * link or an email (`LINK.`, `LINK)`, `LINK%20`, `<LINK>`) still opens. Throws {@link LinkError}
 * with code `bad_link` (not an http(s) URL whose path is `/s/<id>`), `bad_id`, `missing_key` (no
 * or empty fragment), `bad_key_length` (fewer than 43 characters after `#`, or a 44th that is
 * base64url: a longer key) or `bad_key_chars` (one of the 43 outside base64url, or not
 * canonical); docs/FORMAT.md §2 gives the order of the checks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLink, parseLink } from "./link.ts";
 * const link = formatLink("https://h.example", "AAAAAAAAAAAAAAAAAAAAAA", new Uint8Array(32));
 * const { origin, id, secret } = parseLink(link);
 * assert.deepEqual([origin, id, secret], ["https://h.example", "AAAAAAAAAAAAAAAAAAAAAA", new Uint8Array(32)]);
 * assert.deepEqual(parseLink(`${link}).`).secret, secret); // the ")." after the key is dropped
 * assert.deepEqual(parseLink(`<${link}>`).secret, secret); // so are the "<" and ">" around it
 * assert.throws(() => parseLink(`${link}A`), { code: "bad_key_length" }); // 44 key characters
 * ```
 */
export function parseLink(link: string): { origin: string; id: string; secret: Uint8Array } {
  const { address: before, key, overlong } = cutLink(link);
  let url: URL;
  try {
    url = new URL(before);
  } catch {
    throw new LinkError("bad_link", "not a link: expected <origin>/s/<id>#<key>");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new LinkError("bad_link", "not a link: only http and https links are supported");
  }
  const path = /^\/s\/([^/]*)$/.exec(url.pathname);
  // An empty query ("…/s/<id>?#…") is still a query, though `url.search` shows it as "".
  if (path === null || url.search !== "" || before.includes("?")) {
    throw new LinkError("bad_link", "not a view link: expected <origin>/s/<id>#<key>");
  }
  const id = path[1];
  if (!ID_PATTERN.test(id)) {
    throw new LinkError("bad_id", "the share id must be 22 base64url characters");
  }
  if (key === "") throw new LinkError("missing_key", "the link has no key after '#'");
  if (key.length < SECRET_LENGTH) {
    throw new LinkError(
      "bad_key_length",
      `the key after '#' must be ${SECRET_LENGTH} characters, not ${key.length}`,
    );
  }
  if (!SECRET_CHARS.test(key)) {
    throw new LinkError("bad_key_chars", "the key after '#' has characters outside base64url");
  }
  // A 44th key character is not punctuation picked up from the text around the link: the key
  // itself is too long (two keys run together, or a character typed into it).
  if (overlong) {
    throw new LinkError(
      "bad_key_length",
      `the key after '#' must be ${SECRET_LENGTH} characters, but more follow`,
    );
  }
  let secret: Uint8Array;
  try {
    secret = fromBase64url(key);
  } catch {
    throw new LinkError("bad_key_chars", "the key after '#' is not canonical base64url");
  }
  return { origin: url.origin, id, secret };
}
