/**
 * One decrypted file, shown by the first renderer of the registry that matches it
 * (islands/view/renderers/mod.ts).
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Manifest } from "../../lib/crypto/mod.ts";
import type { DecodedFile } from "./files.ts";
import type { LazyUrls } from "./lazy.ts";
import { fileFacts, type FileRenderer } from "./renderer.tsx";
import { rendererFor } from "./renderers/mod.ts";

/** Props of {@link FileView}. */
export interface FileViewProps {
  file: DecodedFile;
  /** The kind of share the file came in. */
  share: Manifest["kind"];
  lazy: LazyUrls;
  /** False where a list row shows the file's name and Download button (see RendererProps). */
  header?: boolean;
}

/**
 * Renders a file with its renderer.
 * @example
 * ```tsx
 * import { FileView } from "./FileView.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const file: DecodedFile = { name: "notes.md", type: "text/markdown", blob: new Blob(["# Hi"]) };
 * const urls = { markdown: "/static/build/markdown-1a2b.js" }; // the lazy bundles
 * const view = <FileView file={file} share="files" lazy={urls} />;
 * ```
 */
export function FileView({ file, share, lazy, header = true }: FileViewProps): VNode {
  const [picked, setPicked] = useState<{ file: DecodedFile; renderer: FileRenderer } | null>(null);
  useEffect(() => {
    let live = true;
    fileFacts(file, share).then((facts) =>
      live && setPicked({ file, renderer: rendererFor(facts) })
    );
    return () => {
      live = false;
    };
  }, [file]);
  // An earlier file's renderer must not show this one.
  if (picked?.file !== file) return <p class="muted">Preparing…</p>;
  return <picked.renderer.View file={file} lazy={lazy} header={header} />;
}
