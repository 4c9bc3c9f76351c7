/**
 * Small shared pieces of the islands' use of the API client: deleting by delete link, and
 * turning client errors into one sentence for the page.
 * @module
 */
import { ApiError, ClientError, deleteShare, NotFoundError } from "../lib/client/mod.ts";

/**
 * Deletes a share by its delete link. True when deleted, false when it was already gone.
 * @example
 * ```ts
 * import { removeShare } from "./api.ts";
 * const link = `https://share.example/d/q3Xh0s5c9m1Jd0l5bY2Vtw#${"A".repeat(43)}`; // a delete link
 * const deleted = await removeShare(link); // false when the share was already gone
 * ```
 */
export async function removeShare(deleteLink: string): Promise<boolean> {
  try {
    await deleteShare(deleteLink);
    return true;
  } catch (e) {
    if (e instanceof NotFoundError) return false;
    throw e;
  }
}

/**
 * One sentence describing an error for the page.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeError } from "./api.ts";
 * import { NotFoundError } from "../lib/client/mod.ts";
 * assert(describeError(new NotFoundError()).startsWith("the share does not exist"));
 * ```
 */
export function describeError(e: unknown): string {
  if (e instanceof ApiError && e.status === 403) return "the token was refused by the server";
  if (e instanceof ApiError && e.serverCode === "too_large") {
    return "this is larger than the server accepts";
  }
  if (e instanceof ClientError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
