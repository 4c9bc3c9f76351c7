/**
 * Deleting a share with its delete link.
 * @module
 */
import { apiRequest, type RequestOptions, withRetry } from "./http.ts";
import { parseDeleteLink } from "./links.ts";

/**
 * Deletes the share named by `deleteLink` (`<origin>/d/<id>#<token>`). Throws
 * {@link import("./errors.ts").NotFoundError} when it is already gone, an
 * {@link import("./errors.ts").ApiError} with status 403 when the token is wrong, and
 * {@link import("./errors.ts").DeleteLinkError} for a malformed link.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deleteShare } from "./delete.ts";
 * import { NotFoundError } from "./errors.ts";
 * // Stands in for the server: no share has this id (a deleted share answers the same).
 * const fetch = (() => Promise.resolve(new Response(null, { status: 404 }))) as typeof globalThis.fetch;
 * const link = `https://share.example/d/q3Xh0s5c9m1Jd0l5bY2Vtw#${"A".repeat(43)}`;
 * await assert.rejects(deleteShare(link, { fetch }), NotFoundError);
 * ```
 */
export async function deleteShare(deleteLink: string, options: RequestOptions = {}): Promise<void> {
  const { origin, id, token } = parseDeleteLink(deleteLink);
  const res = await withRetry(
    () =>
      apiRequest(origin, `/api/shares/${id}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${token}` },
      }, options),
    { signal: options.signal, attempts: 3 },
  );
  await res.body?.cancel();
}
