/**
 * The choice a large share of files offers before anything large is downloaded: save it to disk
 * as it decrypts (with the browser's picker, or as a download streamed through the service
 * worker), or open it in the page, which holds all of it in memory.
 * @module
 */
import type { VNode } from "preact";
import { contentSize, type Manifest } from "../../lib/crypto/mod.ts";
import { formatBytes } from "../../lib/format.ts";
import { openingNotice } from "./choice.ts";

/** How a large share is saved: with the browser's picker, or as a download the worker streams. */
export type SaveKind = "picker" | "stream";

/** Props of {@link SaveChoice}. */
export interface SaveChoiceProps {
  manifest: Manifest;
  /** Ciphertext bytes, for a manifest that leaves a size open. */
  size: number;
  kind: SaveKind;
  onSave: () => void;
  onOpen: () => void;
}

/** The save button's label, for one file and for several, by save method. */
const SAVE_LABELS: Record<SaveKind, [string, string]> = {
  picker: ["Save to disk…", "Save the files to a folder…"],
  stream: ["Download", "Download all as a zip"],
};

/**
 * The panel with the two choices.
 * @example
 * ```tsx
 * import { SaveChoice } from "./SaveChoice.tsx";
 * const manifest = {
 *   v: 1 as const,
 *   kind: "files" as const,
 *   created: "2026-12-01T10:00:00.000Z",
 *   files: [{ name: "backup.tar", type: "application/x-tar", size: 300 * 1024 * 1024 }],
 * };
 * const panel = (
 *   <SaveChoice manifest={manifest} size={315_000_000} kind="stream" onSave={() => {}} onOpen={() => {}} />
 * );
 * ```
 */
export function SaveChoice({ manifest, size, kind, onSave, onOpen }: SaveChoiceProps): VNode {
  const several = manifest.files.length > 1;
  // What the files hold, as the upload form showed it (the ciphertext is a few % larger).
  const shown = contentSize(manifest) ?? size;
  return (
    <section class="panel">
      <p>
        This share is large ({formatBytes(shown)}). {kind === "stream"
          ? "Downloading it as it decrypts keeps nothing big in memory."
          : "Saving it straight to disk keeps nothing big in memory."}
      </p>
      <p id="open-notice">{openingNotice(manifest.files, shown)}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onSave}>
          {SAVE_LABELS[kind][several ? 1 : 0]}
        </button>
        <button type="button" aria-describedby="open-notice" onClick={onOpen}>
          Open in this page
        </button>
      </div>
    </section>
  );
}
