/**
 * Small shared pieces of the islands' use of the API client: deleting by delete link, and
 * turning client errors into one sentence for the page.
 * @module
 */
import {
  ApiError,
  deleteShare,
  NetworkError,
  NotFoundError,
  ServerError,
} from "../lib/client/mod.ts";

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
 * One sentence, in the page's words, saying what went wrong and what to do. The client's own
 * messages are written for the share script (flags, addresses); the ones a person meets in the page
 * are reworded here.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeError } from "./api.ts";
 * import { NetworkError, NotFoundError } from "../lib/client/mod.ts";
 * assert(describeError(new NotFoundError()).startsWith("The share does not exist"));
 * assert(!describeError(new NetworkError("https://share.example")).includes("that it runs"));
 * ```
 */
export function describeError(e: unknown): string {
  if (e instanceof NetworkError) {
    return e.timedOut
      ? "The server stopped answering. Check your internet connection, then try again."
      : "The server could not be reached. Check your internet connection, then try again.";
  }
  if (e instanceof ApiError && e.status === 403) return "The server refused the token.";
  if (e instanceof ApiError) {
    const reworded = PAGE_WORDS[e.serverCode];
    if (reworded) return reworded;
    if (e instanceof ServerError) {
      return "The server could not do it just now (a fault on its side). Try again in a moment.";
    }
  }
  return sentence(e instanceof Error ? e.message : String(e));
}

const PAGE_WORDS: Partial<Record<ApiError["serverCode"], string>> = {
  too_large: "This is larger than the server accepts.",
  rate_limited: "Too many shares from here in a short time. Wait a minute, then try again.",
  storage_full: "The server has no room left for now. Try a smaller share, or try later.",
  busy: "The server is busy. Try again in a moment.",
};

/** "the share does not exist: …" → "The share does not exist: ….". */
function sentence(text: string): string {
  const s = text.trim();
  if (s === "") return "Something went wrong.";
  return s[0].toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? "" : ".");
}
