/**
 * The list of shares made in this browser, kept in localStorage so their creator can find and
 * delete them later. It never leaves the browser (the links in it hold keys).
 * @module
 */

/** One remembered share. */
export interface SavedShare {
  id: string;
  /** View link (with its key). */
  link: string;
  /** Delete link (with its delete token). */
  deleteLink: string;
  /** ISO time the share expires. */
  expiresAt: string;
  /** What was shared, for the creator's eyes ("paste.txt", "3 files"). */
  label: string;
}

const STORAGE_KEY = "hushlink.shares";

function isSaved(x: unknown): x is SavedShare {
  const s = x as SavedShare;
  return typeof s?.id === "string" && typeof s.link === "string" &&
    typeof s.deleteLink === "string" && typeof s.expiresAt === "string" &&
    typeof s.label === "string";
}

function write(list: SavedShare[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled (private mode): the list is a convenience, the share still exists.
  }
}

/**
 * Remembered shares that have not expired yet, newest first; expired ones are dropped.
 * @example
 * ```ts
 * import { loadHistory } from "./history.ts";
 * for (const s of loadHistory()) console.log(s.label, s.expiresAt);
 * ```
 */
export function loadHistory(now = Date.now()): SavedShare[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
  } catch {
    parsed = [];
  }
  const all = Array.isArray(parsed) ? parsed.filter(isSaved) : [];
  const live = all.filter((s) => Date.parse(s.expiresAt) > now);
  if (live.length !== all.length) write(live);
  return live;
}

/**
 * Adds a share at the top of the list.
 * @example
 * ```ts
 * import { remember } from "./history.ts";
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * const link = `https://share.example/s/${id}#…`;
 * const deleteLink = `https://share.example/d/${id}#…`;
 * const expiresAt = "2026-11-29T10:00:00.000Z";
 * // In the browser (the list lives in localStorage):
 * const list = remember({ id, link, deleteLink, expiresAt, label: "paste.txt" });
 * ```
 */
export function remember(share: SavedShare): SavedShare[] {
  const list = [share, ...loadHistory().filter((s) => s.id !== share.id)];
  write(list);
  return list;
}

/**
 * Removes a share from the list (after deleting it, or when the server no longer has it).
 * @example
 * ```ts
 * import { forget } from "./history.ts";
 * forget("AAAAAAAAAAAAAAAAAAAAAA");
 * ```
 */
export function forget(id: string): SavedShare[] {
  const list = loadHistory().filter((s) => s.id !== id);
  write(list);
  return list;
}

/**
 * Empties the list (the shares themselves stay on the server until they expire).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { forgetAll } from "./history.ts";
 * assert.deepEqual(forgetAll(), []);
 * ```
 */
export function forgetAll(): SavedShare[] {
  write([]);
  return [];
}
