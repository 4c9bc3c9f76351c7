/**
 * The viewer's header: the share's heading (a file's name, how many files, or what kind of share),
 * its expiry and views left, and the warning that a last view has been used.
 * @module
 */
import type { VNode } from "preact";
import { Countdown } from "../ui/Countdown.tsx";
import { isPastedText } from "../../lib/text_format.ts";
import type { OpenedShare, Opening } from "./open.ts";

/**
 * The header's facts of an opened share.
 * @example
 * ```ts
 * import { metaOf } from "./Meta.tsx";
 * import { openShare } from "./open.ts";
 * if ("document" in globalThis) { // in the viewer page
 *   const meta = metaOf(await openShare(location.href, { password: null, onProgress: () => {} }));
 * }
 * ```
 */
export function metaOf(share: Opening | OpenedShare): MetaInfo {
  const { manifest, viewsLeft, expiresAt } = share;
  return { manifest, files: manifest.files, viewsLeft, expiresAt };
}

/** What the header needs: the manifest, file names and types, views left and expiry. */
export interface MetaInfo {
  manifest: OpenedShare["manifest"];
  files: { name: string; type: string }[];
  viewsLeft: number | null;
  expiresAt: string;
}

/**
 * The heading of a "files" share: a lone file's name, or how many files. Text typed beside the
 * files is stored as the first entry, but it is no file the sender chose: it is named apart
 * ("Text and 2 files", "Text and report.pdf").
 */
function filesHeading(entries: MetaInfo["files"]): string {
  const text = entries.length > 0 && isPastedText(entries[0], 0);
  const files = text ? entries.slice(1) : entries;
  const chosen = files.length === 1 ? files[0].name : `${files.length} files`;
  if (!text) return chosen;
  // The form makes a "text" share of text alone; another client may not.
  return files.length === 0 ? "Shared text" : `Text and ${chosen}`;
}

/**
 * The share's heading, and what the page knows of it: decrypted here, the time left, the views
 * left, and a warning when this was the last view.
 * @example
 * ```tsx
 * import { Meta } from "./Meta.tsx";
 * const manifest = { v: 1 as const, kind: "text" as const, created: "", files: [] };
 * const meta = { manifest, files: [], viewsLeft: 0, expiresAt: "2026-12-01T10:00:00.000Z" };
 * const header = <Meta info={meta} />;
 * ```
 */
export function Meta({ info: share }: { info: MetaInfo }): VNode {
  return (
    <>
      <h1>
        {share.manifest.kind === "text"
          ? "Shared text"
          : share.manifest.kind === "conversation"
          ? "Shared conversation"
          : filesHeading(share.files)}
      </h1>
      <p class="meta">
        <span>Decrypted in your browser</span>
        <Countdown expiresAt={share.expiresAt} />
        <span>
          {share.viewsLeft === null
            ? "unlimited views"
            : `${share.viewsLeft} view${share.viewsLeft === 1 ? "" : "s"} left`}
        </span>
      </p>
      {share.viewsLeft === 0 && (
        <p class="notice last-view" role="alert">
          This was the last view: the share has been deleted from the server. Save anything you need
          before you leave this page.
        </p>
      )}
    </>
  );
}
