/**
 * A button that copies a string to the clipboard and says so.
 * @module
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";

/** Props of {@link CopyButton}. */
export interface CopyButtonProps {
  /** Text to copy. */
  text: string;
  /** Button label (default "Copy"). */
  label?: string;
  /** Class of the button ("primary", "danger"…), so that different copies look different. */
  variant?: string;
}

/**
 * Copies `text` on click; shows "Copied" (or the failure) in a live region.
 * @example
 * ```tsx
 * import { CopyButton } from "./CopyButton.tsx";
 * const link = "https://share.example/s/q3Xh0s5c9m1Jd0l5bY2Vtw#…";
 * const button = <CopyButton text={link} label="Copy link" />;
 * ```
 */
export function CopyButton({ text, label = "Copy", variant }: CopyButtonProps): VNode {
  const [status, setStatus] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("Copied");
    } catch {
      setStatus("Copy failed: select the text and copy it by hand");
    }
  };
  return (
    <span class="copy">
      <button type="button" class={variant} onClick={copy}>{label}</button>
      <span class="muted" role="status">{status}</span>
    </span>
  );
}
