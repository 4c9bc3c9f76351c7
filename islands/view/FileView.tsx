/**
 * One decrypted file: picks the right renderer (markdown, text, media) and always offers a
 * download under the original name.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { formatBytes } from "../../lib/format.ts";
import { saveBlob } from "../ui/save.ts";
import { type DecodedFile, type PreviewKind, previewKind } from "./files.ts";
import type { LazyUrls } from "./lazy.ts";
import { MarkdownView } from "./MarkdownView.tsx";
import { MediaPreview } from "./MediaPreview.tsx";
import { SvgPicture } from "./SvgPicture.tsx";
import { TextView } from "./TextView.tsx";

/** Props of {@link FileView}. */
export interface FileViewProps {
  file: DecodedFile;
  lazy: LazyUrls;
}

/**
 * Renders a file by its preview kind.
 * @example
 * ```tsx
 * <FileView file={file} lazy={urls} />
 * ```
 */
export function FileView({ file, lazy }: FileViewProps): VNode {
  const [shown, setShown] = useState<{ kind: PreviewKind; text: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const kind = await previewKind(file);
      const text = kind === "text" || kind === "markdown" || kind === "svg"
        ? await file.blob.text()
        : null;
      if (live) setShown({ kind, text });
    })();
    return () => {
      live = false;
    };
  }, [file]);
  if (!shown) return <p class="muted">Preparing…</p>;
  const { kind, text } = shown;
  if (kind === "markdown" && text !== null) {
    return (
      <>
        <Header file={file} />
        <MarkdownView file={file} text={text} lazy={lazy} />
      </>
    );
  }
  if (kind === "text" && text !== null) return <TextView file={file} text={text} lazy={lazy} />;
  if (kind === "svg" && text !== null) {
    return (
      <TextView file={file} text={text} lazy={lazy} language="xml">
        <SvgPicture svg={file.blob} label={file.name} />
      </TextView>
    );
  }
  return (
    <>
      <Header file={file} />
      {(kind === "image" || kind === "audio" || kind === "video" || kind === "pdf") && (
        <MediaPreview file={file} kind={kind} />
      )}
    </>
  );
}

function Header({ file }: { file: DecodedFile }): VNode {
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
