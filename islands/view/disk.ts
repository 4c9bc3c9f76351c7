/**
 * Saving a large share straight to disk with a picker where the browser has one (the File System
 * Access API in Chromium-based browsers; other browsers download through the service worker,
 * islands/view/save_stream.ts): decrypted records stream into the file, so nothing big is held in
 * memory. The browser writes to a temporary file and keeps it only when the stream closes
 * cleanly: a file whose data fails authentication is never left behind.
 * @module
 */
import type { Opening } from "./open.ts";
import { decodeBody, type Manifest } from "../../lib/crypto/mod.ts";
import { safeName, safeNames } from "../../lib/names.ts";

interface WritableFileHandle {
  createWritable(): Promise<WritableStream<Uint8Array>>;
}
interface DirectoryHandle {
  getFileHandle(name: string, options: { create: boolean }): Promise<WritableFileHandle>;
}
interface Pickers {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<WritableFileHandle>;
  showDirectoryPicker?: (options: { mode: "readwrite" }) => Promise<DirectoryHandle>;
}

/** Where the files go: one chosen file, or a chosen folder for several. */
export type DiskTarget =
  | { kind: "file"; handle: WritableFileHandle }
  | { kind: "folder"; handle: DirectoryHandle };

const pickers = globalThis as unknown as Pickers;

/**
 * Whether this browser lets the person pick where a share's files go (a file for one, a folder
 * for several): the File System Access API, in Chromium-based browsers on a computer.
 * @example
 * ```ts
 * import { hasPickers } from "./disk.ts";
 * console.log(hasPickers() ? "save with a picker" : "save as a download");
 * ```
 */
export function hasPickers(): boolean {
  return typeof pickers.showSaveFilePicker === "function" &&
    typeof pickers.showDirectoryPicker === "function";
}

/**
 * Asks the user where to save. Call it straight from a click handler: browsers open pickers only
 * on a user gesture.
 * @example
 * ```ts
 * import { pickTarget, saveToDisk } from "./disk.ts";
 * import { openShare } from "./open.ts";
 * if ("document" in globalThis) { // in the viewer page
 *   const opening = await openShare(location.href, { password: null, onProgress: () => {} });
 *   const button = document.createElement("button");
 *   button.onclick = async () => saveToDisk(opening, await pickTarget(opening.manifest));
 * }
 * ```
 */
export async function pickTarget(manifest: Manifest): Promise<DiskTarget> {
  const files = manifest.files;
  if (files.length === 1) {
    return {
      kind: "file",
      handle: await pickers.showSaveFilePicker!({
        suggestedName: safeName(files[0].name, "download"),
      }),
    };
  }
  return { kind: "folder", handle: await pickers.showDirectoryPicker!({ mode: "readwrite" }) };
}

/**
 * Streams every file of the share into the target; resolves with the number of files once the
 * whole stream authenticated.
 * @example
 * ```ts
 * import { pickTarget, saveToDisk } from "./disk.ts";
 * import { openShare } from "./open.ts";
 * if ("document" in globalThis) { // in the viewer page, from a click handler
 *   const opening = await openShare(location.href, { password: null, onProgress: () => {} });
 *   const target = await pickTarget(opening.manifest);
 *   const count = await saveToDisk(opening, target);
 *   console.log(`${count} files saved`);
 * }
 * ```
 */
export async function saveToDisk(share: Opening, target: DiskTarget): Promise<number> {
  let count = 0;
  const names = safeNames(share.manifest.files.map((f) => f.name));
  // Each file is kept (its writable closed) only once the share's stream has gone past it, the
  // last one once the stream's end authenticated: until then a failure discards it (abort).
  let unclosed: WritableStream<Uint8Array> | null = null;
  try {
    for await (const { entry, body } of share.files) {
      await unclosed?.close();
      unclosed = null;
      const handle = target.kind === "file"
        ? target.handle
        : await target.handle.getFileHandle(names[count], { create: true });
      const file = await handle.createWritable();
      // pipeTo aborts the writable when decryption fails, which discards the temporary file.
      await decodeBody(entry, body).pipeTo(file, { preventClose: true });
      unclosed = file;
      count++;
    }
    await unclosed?.close();
  } catch (e) {
    await unclosed?.abort(e).catch(() => {});
    throw e;
  }
  return count;
}
