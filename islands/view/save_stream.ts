/**
 * Saving a large share as a browser download, streamed through the service worker
 * (islands/view/stream_download.ts): one file under its own name, several as one zip. What the
 * browser receives ends only once the whole share authenticated, so a download that completes is
 * the share, whole and unaltered; anything else fails the download.
 * @module
 */
import { decodeBody, type FileEntry } from "../../lib/crypto/mod.ts";
import { safeName, safeNames } from "../../lib/names.ts";
import type * as Zip from "../lazy/zip.ts";
import { lazyBundle, type LazyUrls } from "./lazy.ts";
import type { Opening } from "./open.ts";
import { streamDownload } from "./stream_download.ts";
import { ARCHIVE_NAME } from "./large_facts.ts";

const ZIP = lazyBundle<typeof Zip>("zip");

/**
 * Streams every file of a share into a download through `worker`: one file under its own name,
 * several as one zip. `open` starts the share's download (openShare, or a share already opened):
 * it is called only once the browser has asked for the download (see stream_download.ts).
 * Resolves with the number of files once the browser has every byte and the share authenticated
 * to its end.
 * @example
 * ```ts
 * import { openShare } from "./open.ts";
 * import { downloadShare } from "./save_stream.ts";
 * import { startServiceWorker } from "./service_worker.ts";
 * if ("document" in globalThis) { // in the view page, from a click handler
 *   const access = await startServiceWorker("/static/build/worker-sw-AbCd.js");
 *   const open = () => openShare(location.href, { password: null, onProgress: () => {} });
 *   const lazy = { zip: "/static/build/zip-1a2b.js" }; // the asset manifest's lazy bundles
 *   if (access.worker) console.log(await downloadShare(open, access.worker, lazy));
 * }
 * ```
 */
export async function downloadShare(
  open: () => Promise<Opening>,
  worker: ServiceWorker,
  lazy: LazyUrls,
): Promise<number> {
  // Loaded before the share is opened: a share whose only view the download spends must not be
  // lost to a bundle that fails to load (a deploy removed it) after the view was counted.
  const { zipStream } = await ZIP.load(lazy);
  let count = 0;
  await streamDownload(worker, async () => {
    const share = await open();
    const entries = share.manifest.files;
    count = entries.length;
    if (entries.length === 1) {
      const name = safeName(entries[0].name, "download");
      return { name, size: decodedSize(entries[0]), body: wholeFile(share) };
    }
    const decoded = (async function* () {
      for await (const { entry, body } of share.files) yield { body: decodeBody(entry, body) };
    })();
    const names = safeNames(entries.map((e) => e.name));
    return { name: ARCHIVE_NAME, size: null, body: zipStream(decoded, names) };
  });
  return count;
}

/** The bytes a file saves as, when the manifest says (the browser then shows real progress). */
function decodedSize(entry: FileEntry): number | null {
  return entry.encoding === undefined ? entry.size : entry.decodedSize ?? null;
}

/**
 * A one-file share's decoded bytes, ending only once the share's stream authenticated to its end
 * (its last records may hold nothing but padding, after the file's bytes).
 */
function wholeFile(share: Opening): ReadableStream<Uint8Array> {
  const files = share.files;
  let body: ReadableStreamDefaultReader<Uint8Array> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!body) {
        const first = await files.next();
        if (first.done) throw new Error("the share holds no file");
        body = decodeBody(first.value.entry, first.value.body).getReader();
      }
      const { done, value } = await body.read();
      if (!done) return controller.enqueue(value);
      const rest = await files.next(); // throws unless the stream authenticated to its end
      if (!rest.done) throw new Error("the share holds more files than its manifest lists");
      controller.close();
    },
    async cancel(reason) {
      await body?.cancel(reason);
      await files.return?.();
    },
  });
}
