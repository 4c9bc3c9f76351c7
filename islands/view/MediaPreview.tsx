/**
 * Images, audio, video and PDF previewed from `blob:` URLs (allowed by the CSP; nothing is
 * fetched). The URL's type is inert whatever the sender wrote (islands/ui/object_url.ts): opened
 * in a tab of its own it shows a picture, a player or a PDF, or downloads. A PDF is shown in the
 * app's one frame (the view page's CSP allows `frame-src blob:` for it, lib/http/security_headers.ts).
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { mediaType, objectUrl, OPAQUE_TYPE } from "../ui/object_url.ts";
import type { DecodedFile } from "./files.ts";

const PDF_TYPE = "application/pdf";

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
    // A browser without a PDF viewer would offer the frame's PDF as a download: say so instead.
    if (kind === "pdf" && navigator.pdfViewerEnabled === false) {
      setUrl("");
      return;
    }
    // Whatever the sender wrote or the bytes are, a PDF entry's URL is typed application/pdf: in
    // a frame or a tab of its own, the browser's PDF viewer shows it or reports it broken.
    const typed = kind === "pdf" ? Promise.resolve(PDF_TYPE) : mediaType(file.blob, file.type);
    typed.then((type) => {
      if (!live) return;
      // Not a container we know (an HLS playlist, say, which a player would follow to the hosts
      // it lists): no player gets these bytes.
      if (kind !== "image" && type === OPAQUE_TYPE) return setUrl("");
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
        <p class="not-playable muted">
          {kind === "pdf"
            ? "This browser cannot show PDFs in a page; use Download."
            : "This is not an audio or video file this page can play."}
        </p>
      </div>
    );
  }
  return (
    <div class="preview">
      {kind === "image" && <img src={url} alt={file.name} />}
      {kind === "audio" && <audio controls src={url} aria-label={file.name} />}
      {kind === "video" && <video controls src={url} aria-label={file.name} />}
      {
        // The app's one frame: its URL is this page's own blob of a PDF entry, typed
        // application/pdf above, never a blob of another type (which would render as a document of
        // this origin). No sandbox attribute: it stops the PDF viewer in Chromium and Firefox.
        kind === "pdf" && <iframe class="pdf" src={url} title={file.name} />
      }
    </div>
  );
}
