/**
 * Several files: a list with per-file download and preview, and "download all" as a zip built in
 * the browser (the zip writer loads only when asked for).
 * @module
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { formatBytes } from "../../lib/format.ts";
import { saveBlob } from "../ui/save.ts";
import type { DecodedFile } from "./files.ts";
import { FileView } from "./FileView.tsx";
import { lazyBundle, type LazyUrls } from "./lazy.ts";
import type * as Zip from "../lazy/zip.ts";

const ZIP = lazyBundle<typeof Zip>("zip");

/** Props of {@link FilesView}. */
export interface FilesViewProps {
  files: DecodedFile[];
  lazy: LazyUrls;
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
  const [open, setOpen] = useState<Set<number>>(new Set());
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
  const toggle = (i: number, isOpen: boolean) => {
    const next = new Set(open);
    if (isOpen) next.add(i);
    else next.delete(i);
    setOpen(next);
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
        {files.map((f, i) => (
          <li key={i}>
            <details
              class="file"
              onToggle={(e) => toggle(i, (e.currentTarget as HTMLDetailsElement).open)}
            >
              <summary>
                <span class="name">{f.name}</span>{" "}
                <span class="muted">{formatBytes(f.blob.size)}</span>
              </summary>
              {open.has(i) && <FileView file={f} share="files" lazy={lazy} />}
            </details>
            <button type="button" onClick={() => saveBlob(f.blob, f.name)}>
              Download <span class="sr-only">{f.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
