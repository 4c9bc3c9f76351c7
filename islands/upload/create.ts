/**
 * Turns what the form holds into a share: a manifest (text alone is kind "text"; files, with any
 * text as one more file, kind "files") and the bodies, handed to the shared client, which
 * encrypts and uploads in parallel parts with retries. The upload worker runs it
 * (islands/workers/upload.ts), so none of this work happens on the page's thread.
 * @module
 */
import type { FileEntry, Manifest } from "../../lib/crypto/mod.ts";
import {
  type CreatedShare,
  createShare as createClientShare,
  type PartSender,
} from "../../lib/client/mod.ts";
import { textEntry, type TextFormat } from "../../lib/text_format.ts";

/** What the form submits: plain data and Files, so the page can post it to the worker. */
export interface ShareInput {
  /** Pasted text ("" for none). */
  text: string;
  /** How the text is to be shown (lib/text_format.ts): its entry's name and type say so. */
  textFormat: TextFormat;
  /** Chosen files. */
  files: File[];
  /** Lifetime in seconds. */
  expiresIn: number;
  /** View limit, or null for unlimited. */
  views: number | null;
  /** Password, or null. */
  password: string | null;
  /** Upload token for servers that require one, or null. */
  uploadToken: string | null;
}

/** How {@link createShare} runs: progress, cancelling, and the part transport. */
export interface ShareRun {
  /** Progress in ciphertext bytes sent, and the total. */
  onProgress: (sent: number, total: number | null) => void;
  /** Cancels the upload; what the server already holds of it is deleted. */
  signal?: AbortSignal;
  /** Sends the parts reporting the bytes that left (islands/upload/xhr.ts); `fetch` without. */
  sendPart?: PartSender;
}

/**
 * Encrypts and uploads the input to this page's server.
 * @example
 * ```ts
 * import { createShare } from "./create.ts";
 * import { sendWithProgress } from "./xhr.ts";
 * const { link } = await createShare(
 *   {
 *     text: "hi",
 *     textFormat: "plain",
 *     files: [],
 *     expiresIn: 3600,
 *     views: 1,
 *     password: null,
 *     uploadToken: null,
 *   },
 *   { onProgress: (sent, total) => console.log(sent, total), sendPart: sendWithProgress },
 * );
 * ```
 */
export function createShare(input: ShareInput, run: ShareRun): Promise<CreatedShare> {
  const blobs: Blob[] = [];
  const entries: FileEntry[] = [];
  // First, where the viewer looks for it (isPastedText).
  if (input.text) {
    const { name, type } = textEntry(input.textFormat);
    const blob = new Blob([input.text], { type });
    blobs.push(blob);
    entries.push({ name, type, size: blob.size });
  }
  for (const file of input.files) {
    blobs.push(file);
    entries.push({
      name: file.name,
      type: file.type || "application/octet-stream",
      size: file.size,
    });
  }
  const manifest: Manifest = {
    v: 1,
    kind: input.files.length === 0 ? "text" : "files",
    created: new Date().toISOString(),
    files: entries,
  };
  return createClientShare(manifest, blobs.map((b) => b.stream()), {
    server: location.origin,
    expiresIn: input.expiresIn,
    views: input.views,
    ...(input.password === null ? {} : { password: input.password }),
    ...(input.uploadToken === null ? {} : { uploadToken: input.uploadToken }),
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.sendPart ? { sendPart: run.sendPart } : {}),
    onProgress: run.onProgress,
  });
}
