/**
 * Delete links: `<origin>/d/<id>#<deleteToken>`. (View links belong to lib/crypto, which
 * derives keys from them; a delete link carries only a server token.)
 * @module
 */
import { cutLink, ID_PATTERN } from "../crypto/mod.ts";
import { DeleteLinkError } from "./errors.ts";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The parts of a delete link. */
export interface DeleteLink {
  /** The server's origin, e.g. `https://share.example`. */
  origin: string;
  /** The share id. */
  id: string;
  /** The delete token (base64url, 43 characters). */
  token: string;
}

/**
 * Builds a delete link.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDeleteLink } from "./links.ts";
 * const link = formatDeleteLink("https://share.example", "q3Xh0s5c9m1Jd0l5bY2Vtw", "A".repeat(43));
 * assert(link === `https://share.example/d/q3Xh0s5c9m1Jd0l5bY2Vtw#${"A".repeat(43)}`);
 * ```
 */
export function formatDeleteLink(origin: string, id: string, token: string): string {
  return `${origin}/d/${id}#${token}`;
}

/**
 * Parses a delete link, cut as a view link is (`cutLink` in lib/crypto/link.ts): text pasted
 * around it (`<LINK>`, `LINK.`, `LINK)`, `LINK%20`) is dropped. Throws {@link DeleteLinkError}
 * naming what is wrong.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDeleteLink } from "./links.ts";
 * const link = `https://share.example/d/q3Xh0s5c9m1Jd0l5bY2Vtw#${"A".repeat(43)}`;
 * const { origin, id, token } = parseDeleteLink(link);
 * assert(origin === "https://share.example" && id === "q3Xh0s5c9m1Jd0l5bY2Vtw");
 * assert(token === "A".repeat(43));
 * assert.deepEqual(parseDeleteLink(`<${link}>.`), { origin, id, token });
 * ```
 */
export function parseDeleteLink(link: string): DeleteLink {
  const { address, key: token, overlong } = cutLink(link);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new DeleteLinkError("bad_link", "not a delete link: expected https://HOST/d/ID#TOKEN");
  }
  const match = /^\/d\/([^/]+)$/.exec(url.pathname);
  if (!match || !/^https?:$/.test(url.protocol)) {
    throw new DeleteLinkError("bad_link", "not a delete link: expected https://HOST/d/ID#TOKEN");
  }
  if (!ID_PATTERN.test(match[1])) {
    throw new DeleteLinkError(
      "bad_id",
      "the delete link's id is damaged; copy the whole link again",
    );
  }
  if (!token) {
    throw new DeleteLinkError("missing_key", "the delete link has no #token; copy the whole link");
  }
  // Fewer than 43 token characters, one outside base64url, or a 44th: not what the server made.
  if (!TOKEN.test(token) || overlong) {
    throw new DeleteLinkError(
      "bad_key",
      "the delete link's #token is damaged; copy the whole link",
    );
  }
  return { origin: url.origin, id: match[1], token };
}
