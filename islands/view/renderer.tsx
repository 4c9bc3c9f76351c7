/**
 * The viewer's extension point: a {@link FileRenderer} says which files it shows (from
 * {@link FileFacts}: the share's kind, the file's name, type, size and first bytes) and how. The
 * registry (islands/view/renderers/mod.ts) lists renderers in priority order; the first that
 * matches a file shows it. Code a renderer needs only sometimes goes in a lazy bundle
 * (islands/view/lazy.ts).
 * @module
 */
import type { ComponentType, VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { FileEntry, Manifest } from "../../lib/crypto/mod.ts";
import { shownName } from "../../lib/names.ts";
import { bareType } from "../ui/object_url.ts";
import { type DecodedFile, extension } from "./files.ts";
import type { LazyUrls } from "./lazy.ts";

/** How many leading bytes {@link FileFacts.head} holds: enough to sniff a format. */
export const HEAD_BYTES = 4096;

/** What a renderer may match a file on. The sender chose all of it: match, never trust. */
export interface FileFacts {
  /** The kind of share the file came in (a conversation share is one transcript file). */
  share: Manifest["kind"];
  /** Name as the sender gave it. */
  name: string;
  /** Its extension in lower case, without the dot (`"dockerfile"` for a Dockerfile); or "". */
  ext: string;
  /** MIME type without parameters, in lower case (see islands/ui/object_url.ts `bareType`). */
  type: string;
  /** Size in bytes. */
  size: number;
  /**
   * Its first {@link HEAD_BYTES} bytes (fewer when the file is shorter); empty for a file none of
   * whose bytes arrived yet (see {@link entryFacts}): nothing may then match on content.
   */
  head: Uint8Array;
}

/**
 * Gathers the facts renderers match `file` on.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileFacts } from "./renderer.tsx";
 * import type { DecodedFile } from "./files.ts";
 * const file: DecodedFile = { name: "Notes.MD", type: "Text/Markdown; charset=utf-8", blob: new Blob(["# Hi"]) };
 * const facts = await fileFacts(file, "files"); // the manifest's kind
 * assert(facts.ext === "md" && facts.type === "text/markdown" && facts.size === 4);
 * ```
 */
export async function fileFacts(file: DecodedFile, share: Manifest["kind"]): Promise<FileFacts> {
  return {
    share,
    name: file.name,
    ext: extension(file.name),
    type: bareType(file.type),
    size: file.blob.size,
    head: new Uint8Array(await file.blob.slice(0, HEAD_BYTES).arrayBuffer()),
  };
}

/**
 * The facts of a file known only from its manifest entry, before any of its bytes arrived (a large
 * share's "save or open here" choice): `head` is empty, so only name, type and size decide.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { entryFacts } from "./renderer.tsx";
 * const entry = { name: "Talk.MP4", type: "video/mp4", size: 300 * 1024 * 1024 }; // a manifest entry
 * const facts = entryFacts(entry, "files");
 * assert(facts.ext === "mp4" && facts.head.length === 0);
 * ```
 */
export function entryFacts(entry: FileEntry, share: Manifest["kind"]): FileFacts {
  // As the viewer will name it (islands/view/open.ts), so that both facts match alike.
  const name = shownName(entry.name);
  return {
    share,
    name,
    ext: extension(name),
    type: bareType(entry.type),
    // A size the sender left unstated (the last file, streamed) is past any limit a renderer sets.
    size: entry.decodedSize ?? entry.size ?? Number.POSITIVE_INFINITY,
    head: new Uint8Array(0),
  };
}

/** Props of a renderer's view. */
export interface RendererProps {
  file: DecodedFile;
  /** URLs of the lazy bundles (see islands/view/lazy.ts). */
  lazy: LazyUrls;
  /**
   * Whether the view shows the file's name and a Download button itself: false in a list whose
   * row already shows them (islands/view/FilesView.tsx), so that neither appears twice.
   */
  header: boolean;
}

/** One way of showing a file. */
export interface FileRenderer {
  /** Short name, for tests. */
  readonly name: string;
  /** Whether it shows the file; decided from the facts alone, at once (the registry asks in order). */
  matches(facts: FileFacts): boolean;
  /** Shows the file (wrap it in {@link withText} to get the file as text). */
  readonly View: ComponentType<RendererProps>;
}

/** Props of a view wrapped in {@link withText}. */
export interface TextRendererProps extends RendererProps {
  /** The file decoded as UTF-8. */
  text: string;
}

/**
 * A renderer view that gets the file decoded as UTF-8 text ("Preparing…" until it is).
 * @example
 * ```tsx
 * import { withText } from "./renderer.tsx";
 * const View = withText(({ file, text }) => <pre aria-label={file.name}>{text}</pre>);
 * const view = <View file={{ name: "a.txt", type: "text/plain", blob: new Blob(["hi"]) }} lazy={{}} header />;
 * ```
 */
export function withText(View: ComponentType<TextRendererProps>): ComponentType<RendererProps> {
  return function WithText({ file, lazy, header }: RendererProps): VNode {
    const [read, setRead] = useState<{ file: DecodedFile; text: string } | null>(null);
    useEffect(() => {
      let live = true;
      file.blob.text().then((text) => live && setRead({ file, text }));
      return () => {
        live = false;
      };
    }, [file]);
    // Until this file's text is in, an earlier file's must not show under its name.
    if (read?.file !== file) return <p class="muted">Preparing…</p>;
    return <View file={file} text={read.text} lazy={lazy} header={header} />;
  };
}
