/**
 * What a share shows: several files as a list (each previewed on demand), otherwise its one file
 * with its renderer.
 * @module
 */
import type { VNode } from "preact";
import type { Manifest } from "../../lib/crypto/mod.ts";
import type { DecodedFile } from "./files.ts";
import { FilesView } from "./FilesView.tsx";
import { FileView } from "./FileView.tsx";
import type { LazyUrls } from "./lazy.ts";

/** Props of {@link Content}. */
export interface ContentProps {
  /** The share's kind. */
  kind: Manifest["kind"];
  files: DecodedFile[];
  lazy: LazyUrls;
}

/**
 * Renders a decrypted share's content.
 * @example
 * ```tsx
 * import { Content } from "./Content.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const manifest = { kind: "text" as const }; // the decrypted manifest
 * const files: DecodedFile[] = [{ name: "paste.txt", type: "text/plain", blob: new Blob(["hi"]) }];
 * const urls = { highlight: "/static/build/highlight-1a2b.js" }; // the lazy bundles
 * const content = <Content kind={manifest.kind} files={files} lazy={urls} />;
 * ```
 */
export function Content({ kind, files, lazy }: ContentProps): VNode {
  return kind === "files" && files.length !== 1
    ? <FilesView files={files} lazy={lazy} />
    : <FileView file={files[0]} share={kind} lazy={lazy} />;
}
