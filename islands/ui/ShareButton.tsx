/**
 * The system share sheet (Web Share API) for a link, where the browser has one: phones mostly.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";

/** Props of {@link ShareButton}. */
export interface ShareButtonProps {
  /** The URL to share. */
  url: string;
  /** Button label (default "Share…"). */
  label?: string;
}

/**
 * A button that hands `url` to the system share sheet; nothing where `navigator.share` does not
 * exist (decided once the island runs: the server cannot know). Only the URL is handed over: no
 * title or text that could say what the share holds.
 * @example
 * ```tsx
 * import { ShareButton } from "./ShareButton.tsx";
 * const link = "https://share.example/s/q3Xh0s5c9m1Jd0l5bY2Vtw#…";
 * const button = <ShareButton url={link} />;
 * ```
 */
export function ShareButton({ url, label = "Share…" }: ShareButtonProps): VNode | null {
  const [available, setAvailable] = useState(false);
  const [status, setStatus] = useState("");
  useEffect(() => setAvailable(typeof navigator.share === "function"), []);
  if (!available) return null;
  const share = async () => {
    setStatus("");
    try {
      await navigator.share({ url });
    } catch (e) {
      // Closing the sheet is a choice, not a failure.
      if ((e as Error)?.name !== "AbortError") setStatus("Sharing failed: copy the link instead");
    }
  };
  return (
    <span class="copy">
      <button type="button" onClick={share}>{label}</button>
      <span class="muted" role="status">{status}</span>
    </span>
  );
}
