/**
 * Images, audio, video and PDF previewed from `blob:` URLs (allowed by the CSP; nothing is
 * fetched). The URL's type is inert whatever the sender wrote (islands/ui/object_url.ts): opened
 * in a tab of its own it shows a picture, a player or a PDF, or downloads.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { objectUrl } from "../ui/object_url.ts";
import type { DecodedFile } from "./files.ts";

/** What a media preview shows. */
export type MediaKind = "image" | "audio" | "video" | "pdf";

/** Props of {@link MediaPreview}. */
export interface MediaPreviewProps {
  file: DecodedFile;
  kind: MediaKind;
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
    // A media element finds the format in the bytes: an unknown audio or video type may be opaque.
    const u = objectUrl(file.blob, kind === "pdf" ? "application/pdf" : file.type);
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
