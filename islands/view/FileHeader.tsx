/**
 * The bar above a file shown without a toolbar of its own: name, size and a download button.
 * @module
 */
import type { VNode } from "preact";
import { formatBytes } from "../../lib/format.ts";
import { saveBlob } from "../ui/save.ts";
import type { DecodedFile } from "./files.ts";

/**
 * Renders the bar.
 * @example
 * ```tsx
 * import { FileHeader } from "./FileHeader.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const file: DecodedFile = { name: "notes.txt", type: "text/plain", blob: new Blob(["hi"]) };
 * const header = <FileHeader file={file} />;
 * ```
 */
export function FileHeader({ file }: { file: DecodedFile }): VNode {
  return (
    <div class="toolbar">
      <span class="name">{file.name}</span>
      <span class="muted">{formatBytes(file.blob.size)}</span>
      <button type="button" class="primary download" onClick={() => saveBlob(file.blob, file.name)}>
        Download
      </button>
    </div>
  );
}
