/**
 * The dispatch point on the manifest kind: each kind has one renderer. The conversation issue
 * replaces the "conversation" entry with its own renderer; until then the raw transcript shows.
 * @module
 */
import type { ComponentType, VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { DecodedFile } from "./files.ts";
import { FilesView } from "./FilesView.tsx";
import { FileView } from "./FileView.tsx";
import type { LazyUrls } from "./lazy.ts";
import { TextView } from "./TextView.tsx";

/** What every kind renderer receives. */
export interface ContentProps {
  files: DecodedFile[];
  lazy: LazyUrls;
}

function TextShare({ files, lazy }: ContentProps): VNode {
  return <FileView file={files[0]} lazy={lazy} />;
}

function FilesShare({ files, lazy }: ContentProps): VNode {
  return files.length === 1
    ? <FileView file={files[0]} lazy={lazy} />
    : <FilesView files={files} lazy={lazy} />;
}

function ConversationShare({ files, lazy }: ContentProps): VNode {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    files[0].blob.text().then(setText);
  }, [files]);
  if (text === null) return <p class="muted">Preparing…</p>;
  return <TextView file={files[0]} text={text} lazy={lazy} highlight={false} />;
}

/**
 * Renderer per manifest kind.
 * @example
 * ```tsx
 * const Renderer = RENDERERS[manifest.kind];
 * <Renderer files={files} lazy={urls} />
 * ```
 */
export const RENDERERS: Record<"text" | "files" | "conversation", ComponentType<ContentProps>> = {
  text: TextShare,
  files: FilesShare,
  conversation: ConversationShare,
};
