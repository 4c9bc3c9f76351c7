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
      <label for="files">Files (drop them here or choose)</label>
      <input
        id="files"
        type="file"
        multiple
        disabled={disabled}
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          add(input.files);
          input.value = "";
        }}
      />
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
