/**
 * A progress bar with the amount done and the rate, announced politely to screen readers.
 * @module
 */
import type { VNode } from "preact";
import { formatBytes } from "../../lib/format.ts";

/** Props of {@link Progress}. */
export interface ProgressProps {
  /** What is in progress ("Uploading", "Downloading"…). */
  label: string;
  /** Bytes done. */
  done: number;
  /** Bytes in total, when known. */
  total: number | null;
  /** Milliseconds since the operation started (for the rate). */
  elapsedMs: number;
}

/**
 * Renders `<progress>` (no inline style: the CSP forbids it) plus a text line in a live region.
 * @example
 * ```tsx
 * import { Progress } from "./Progress.tsx";
 * <Progress label="Uploading" done={1e6} total={4e6} elapsedMs={500} />
 * ```
 */
export function Progress({ label, done, total, elapsedMs }: ProgressProps): VNode {
  const rate = elapsedMs > 250 ? done / (elapsedMs / 1000) : 0;
  const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
  return (
    <div class="progress">
      <progress
        aria-label={label}
        max={total ?? undefined}
        value={total ? Math.min(done, total) : undefined}
      />
      <p class="muted" aria-live="polite">
        {label} {pct !== null ? `${pct}% · ` : ""}
        {formatBytes(done)}
        {total ? ` of ${formatBytes(total)}` : ""}
        {rate ? ` · ${formatBytes(rate)}/s` : ""}
      </p>
    </div>
  );
}
