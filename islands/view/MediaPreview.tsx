/**
 * Images, audio, video and PDF previewed from `blob:` URLs (allowed by the CSP; nothing is
 * fetched). The blob gets a fixed, safe type per preview kind, never the sender's type string.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { DecodedFile, PreviewKind } from "./files.ts";

/** Props of {@link MediaPreview}. */
export interface MediaPreviewProps {
  file: DecodedFile;
  kind: Extract<PreviewKind, "image" | "audio" | "video" | "pdf">;
}

function previewType(file: DecodedFile, kind: MediaPreviewProps["kind"]): string {
  if (kind === "pdf") return "application/pdf";
  // image/audio/video types were matched by previewKind; SVG in <img> cannot run scripts.
  return file.type.split(";")[0].trim().toLowerCase();
}

/**
 * Shows a media preview; the object URL is revoked when the preview goes away.
 * @example
 * ```tsx
 * <MediaPreview file={file} kind="image" />
 * ```
 */
export function MediaPreview({ file, kind }: MediaPreviewProps): VNode {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(new Blob([file.blob], { type: previewType(file, kind) }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  if (!url) return <p class="muted">Preparing preview…</p>;
  return (
    <div class="preview">
      {kind === "image" && <img src={url} alt={file.name} />}
      {kind === "audio" && <audio controls src={url} aria-label={file.name} />}
      {kind === "video" && <video controls src={url} aria-label={file.name} />}
      {kind === "pdf" && (
        <object data={url} type="application/pdf" aria-label={file.name}>
          <p>This browser cannot show PDFs inline; use Download.</p>
        </object>
      )}
    </div>
  );
}
