/**
 * The upload token of a private instance (`UPLOAD_TOKEN` on the server), kept in this browser's
 * localStorage once the server has accepted it, so the page asks for it only once. It is the
 * instance's shared secret, not a share's key: it never goes into a link, only into the
 * `Authorization` header of the create request, to this origin.
 * @module
 */
import { ApiError } from "../../lib/client/mod.ts";

const STORAGE_KEY = "hushlink.uploadToken";

/**
 * The token saved in this browser, or null.
 * @example
 * ```ts
 * import { loadUploadToken } from "./token.ts";
 * const askForToken = () => ""; // the form shows the token field instead
 * const token = loadUploadToken() ?? askForToken();
 * ```
 */
export function loadUploadToken(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY) || null;
  } catch {
    // Storage disabled (some private modes): the page asks every time instead.
    return null;
  }
}

/**
 * Saves the token for the next visit (after the server accepted it).
 * @example
 * ```ts
 * import { saveUploadToken } from "./token.ts";
 * const token = "the-token-the-server-accepted";
 * saveUploadToken(token);
 * ```
 */
export function saveUploadToken(token: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage full or disabled: the token just is not remembered.
  }
}

/**
 * Removes the saved token (refused by the server, or the person asked).
 * @example
 * ```ts
 * import { forgetUploadToken } from "./token.ts";
 * forgetUploadToken();
 * ```
 */
export function forgetUploadToken(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing saved then.
  }
}

/**
 * True when an upload failed because the server wants an upload token it did not get: 401
 * `token_required`, or 403 `bad_token` (the only token the create request carries is the upload
 * token; the parts' write tokens come from the server itself).
 * @example
 * ```ts
 * import { forgetUploadToken, isTokenRefused } from "./token.ts";
 * import { ApiError } from "../../lib/client/mod.ts";
 * const err = new ApiError(403, "bad_token", "Wrong upload token"); // as createShare throws it
 * if (isTokenRefused(err)) forgetUploadToken();
 * ```
 */
export function isTokenRefused(err: unknown): boolean {
  return err instanceof ApiError &&
    ((err.status === 401 && err.serverCode === "token_required") ||
      (err.status === 403 && err.serverCode === "bad_token"));
}
