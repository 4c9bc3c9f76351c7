/**
 * Several files: a list with per-file download and preview, and "download all" as a zip built in
 * the browser (the zip writer loads only when asked for). Text typed alongside the files comes
 * first and open, and so does the first file the page can show; the others open on demand. A row
 * shows its file's name and Download button once: the preview below it leaves them out.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { formatBytes } from "../../lib/format.ts";
import { isPastedText } from "../../lib/text_format.ts";
import { saveBlob } from "../ui/save.ts";
import type { DecodedFile } from "./files.ts";
import { FileView } from "./FileView.tsx";
import { lazyBundle, type LazyUrls } from "./lazy.ts";
import { fileFacts } from "./renderer.tsx";
import { previews } from "./renderers/mod.ts";
import type * as Zip from "../lazy/zip.ts";

const ZIP = lazyBundle<typeof Zip>("zip");

/** Props of {@link FilesView}. */
export interface FilesViewProps {
  files: DecodedFile[];
  lazy: LazyUrls;
}

/** The index of the first file (typed text aside) the page can show, or null. */
async function firstPreviewable(files: DecodedFile[]): Promise<number | null> {
  for (const [i, file] of files.entries()) {
    if (!isPastedText(file, i) && previews(await fileFacts(file, "files"))) return i;
  }
  return null;
}

/**
 * Renders the file list.
 * @example
 * ```tsx
 * import { FilesView } from "./FilesView.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const files: DecodedFile[] = [
 *   { name: "a.txt", type: "text/plain", blob: new Blob(["a"]) },
 *   { name: "b.png", type: "image/png", blob: new Blob([new Uint8Array(8)]) },
 * ];
 * const urls = { zip: "/static/build/zip-1a2b.js" }; // the lazy bundles
 * const view = <FilesView files={files} lazy={urls} />;
 * ```
 */
export function FilesView({ files, lazy }: FilesViewProps): VNode {
  const [zipping, setZipping] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<number>>(
    () => new Set(files.flatMap((f, i) => isPastedText(f, i) ? [i] : [])),
  );
  const toggle = (i: number, isOpen: boolean) =>
    setOpen((was) => {
      if (was.has(i) === isOpen) return was;
      const next = new Set(was);
      if (isOpen) next.add(i);
      else next.delete(i);
      return next;
    });
  useEffect(() => {
    let live = true;
    firstPreviewable(files).then((i) => live && i !== null && toggle(i, true));
    return () => {
      live = false;
    };
  }, [files]);
  const total = files.reduce((n, f) => n + f.blob.size, 0);
  const downloadAll = async () => {
    setZipping("Building the zip…");
    try {
      const { zipFiles } = await ZIP.load(lazy);
      const inputs = await Promise.all(
        files.map(async (f) => ({
          name: f.name,
          data: new Uint8Array(await f.blob.arrayBuffer()),
        })),
      );
      saveBlob(new Blob([zipFiles(inputs) as Uint8Array<ArrayBuffer>]), "hushlink-files.zip");
      setZipping(null);
    } catch (e) {
      setZipping(`Could not build the zip: ${(e as Error).message}`);
    }
  };
  return (
    <section aria-label="Files">
      <div class="toolbar">
        <span class="name">{files.length} files · {formatBytes(total)}</span>
        <button type="button" class="primary" onClick={downloadAll} disabled={zipping !== null}>
          Download all (zip)
        </button>
        <span role="status" class="muted">{zipping ?? ""}</span>
      </div>
      <ul class="file-list">
        {files.map((f, i) => {
          const isOpen = open.has(i);
          return (
            <li key={i} class="file">
              {/* A disclosure button rather than <details>: the preview then spans the row. */}
              <button
                type="button"
                class="file-toggle"
                aria-expanded={isOpen}
                aria-controls={isOpen ? `file-${i}` : undefined}
                onClick={() => toggle(i, !isOpen)}
              >
                <span class="name">{isPastedText(f, i) ? "Text" : f.name}</span>{" "}
                <span class="muted">{formatBytes(f.blob.size)}</span>
              </button>
              <button type="button" onClick={() => saveBlob(f.blob, f.name)}>
                Download <span class="sr-only">{f.name}</span>
              </button>
              {isOpen && (
                <div class="file-body" id={`file-${i}`}>
                  <FileView file={f} share="files" lazy={lazy} header={false} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
