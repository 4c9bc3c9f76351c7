/**
 * Images, audio, video and PDF previewed from `blob:` URLs (allowed by the CSP; nothing is
 * fetched). The URL's type is inert whatever the sender wrote (islands/ui/object_url.ts): opened
 * in a tab of its own it shows a picture, a player or a PDF, or downloads.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { mediaType, objectUrl, OPAQUE_TYPE } from "../ui/object_url.ts";
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
 * import { MediaPreview } from "./MediaPreview.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const file: DecodedFile = { name: "cat.png", type: "image/png", blob: new Blob([new Uint8Array(8)]) };
 * const preview = <MediaPreview file={file} kind="image" />;
 * ```
 */
export function MediaPreview({ file, kind }: MediaPreviewProps): VNode {
  // null while checking; "" for audio or video bytes in no known container.
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    mediaType(file.blob, kind === "pdf" ? "application/pdf" : file.type).then((type) => {
      if (!live) return;
      // Not a container we know (an HLS playlist, say, which a player would follow to the hosts
      // it lists): no player gets these bytes.
      if (kind !== "image" && kind !== "pdf" && type === OPAQUE_TYPE) return setUrl("");
      made = objectUrl(file.blob, type);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file]);
  if (url === null) return <p class="muted">Preparing preview…</p>;
  if (url === "") {
    return (
      <div class="preview">
        <p class="not-playable muted">This is not an audio or video file this page can play.</p>
      </div>
    );
  }
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
