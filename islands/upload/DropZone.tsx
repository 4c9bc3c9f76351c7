/**
 * A file picker that also accepts dropped files, with the chosen files listed (and removable).
 * @module
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { formatBytes } from "../../lib/format.ts";

/** Props of {@link DropZone}. */
export interface DropZoneProps {
  files: File[];
  onChange: (files: File[]) => void;
  disabled?: boolean;
}

/**
 * Renders the drop zone and the chosen files.
 * @example
 * ```tsx
 * import { useState } from "preact/hooks";
 * import { DropZone } from "./DropZone.tsx";
 * function Form() {
 *   const [files, setFiles] = useState<File[]>([]);
 *   return <DropZone files={files} onChange={setFiles} />;
 * }
 * ```
 */
export function DropZone({ files, onChange, disabled }: DropZoneProps): VNode {
  const [over, setOver] = useState(false);
  const add = (list: FileList | null) => {
    if (list && list.length) onChange([...files, ...Array.from(list)]);
  };
  return (
    <div
      class={over ? "drop over" : "drop"}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!disabled) add(e.dataTransfer?.files ?? null);
      }}
    >
      <p class="drop-hint">
        <strong>Files:</strong> drop them here, or
      </p>
      {
        /* The native input shows "No file chosen" whatever the list below says: it is hidden from
          sight only (still focusable, and named by its label), and the label is the button. */
      }
      <input
        id="files"
        class="file-input"
        type="file"
        multiple
        disabled={disabled}
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          add(input.files);
          input.value = "";
        }}
      />
      <label for="files" class="button">
        {files.length > 0 ? "Add more files" : "Choose files"}
      </label>
      {files.length > 0 && (
        <ul class="file-list" aria-label="Chosen files">
          {files.map((f, i) => (
            <li key={`${i}-${f.name}`}>
              <span class="name">{f.name}</span>
              <span class="muted">{formatBytes(f.size)}</span>
              <button
                type="button"
                disabled={disabled}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
              >
                Remove <span class="sr-only">{f.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
