/**
 * The dispatch point on the manifest kind: each kind has one renderer. Conversations are drawn by
 * their own lazily loaded bundle (islands/conversation/), mounted into an element this owns.
 * @module
 */
import type { ComponentType, VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { DecodedFile } from "./files.ts";
import { FilesView } from "./FilesView.tsx";
import { FileView } from "./FileView.tsx";
import { type LazyUrls, loadConversation, loadHighlight } from "./lazy.ts";
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
  const [failed, setFailed] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    files[0].blob.text().then((decrypted) => {
      // The conversation bench measures from here (bench/conversation.ts).
      performance.mark("hushlink:conversation-data");
      setText(decrypted);
    });
  }, [files]);
  useEffect(() => {
    if (text === null || !host.current) return;
    const el = host.current;
    let unmount: (() => void) | null = null;
    let live = true;
    loadConversation(lazy).then(({ mountConversation }) => {
      if (!live) return;
      unmount = mountConversation(el, {
        text,
        fileName: files[0].name,
        loadHighlighter: () => loadHighlight(lazy).then((m) => m.highlightLines),
      });
    }, () => live && setFailed(true));
    return () => {
      live = false;
      unmount?.();
    };
  }, [text]);
  if (text === null) return <p class="muted">Preparing…</p>;
  // The transcript renderer failed to load: the raw transcript is still readable.
  if (failed) return <TextView file={files[0]} text={text} lazy={lazy} highlight={false} />;
  return <div class="conversation-host" ref={host} />;
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
