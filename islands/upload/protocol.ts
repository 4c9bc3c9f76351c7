/**
 * The messages between the upload form and its worker (islands/workers/upload.ts): the page
 * posts the form's input (Files are posted as they are, not read) and may post a cancel; the
 * worker posts progress, then exactly one outcome. Errors cross as the sentence the page shows
 * (islands/api.ts describeError), since a typed error loses its class on the way.
 * @module
 */
import type { CreatedShare } from "../../lib/client/mod.ts";
import type { QrDrawing } from "../ui/qr_drawing.ts";
import { describeError } from "../api.ts";
import type { ShareInput } from "./create.ts";
import { isTokenRefused } from "./token.ts";

/** Page → worker. */
export type ToWorker =
  /** Encrypt and upload this input (once per worker). */
  | { type: "start"; input: ShareInput }
  /** Stop: abort what is in flight and delete what the server holds of the upload. */
  | { type: "cancel" };

/**
 * How an upload ended: a share (with its link's QR code, drawn in the worker: off the page's
 * thread), a failure to show, or a cancel the page asked for.
 */
export type UploadOutcome =
  | { type: "done"; share: CreatedShare; qr: QrDrawing | null }
  | {
    type: "failed";
    /** One sentence for the page. */
    message: string;
    /** The server refused the upload token (the page asks for it again). */
    tokenRefused: boolean;
  }
  | { type: "cancelled" };

/** Worker → page: progress in ciphertext bytes sent, then one outcome. */
export type FromWorker = { type: "progress"; sent: number; total: number | null } | UploadOutcome;

/**
 * The `failed` outcome for an error the upload threw.
 * @example
 * ```ts
 * import { failure } from "./protocol.ts";
 * import { ApiError } from "../../lib/client/mod.ts";
 * const outcome = failure(new ApiError(403, "bad_token", "Wrong upload token"));
 * console.log(outcome.tokenRefused); // true: the page asks for the token again
 * ```
 */
export function failure(err: unknown): Extract<UploadOutcome, { type: "failed" }> {
  return { type: "failed", message: describeError(err), tokenRefused: isTokenRefused(err) };
}
