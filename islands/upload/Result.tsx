/**
 * What the sender gets after an upload: the link (copy, QR code), the delete link, the expiry.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { CopyButton } from "../ui/CopyButton.tsx";
import { Countdown } from "../ui/Countdown.tsx";
import { Qr } from "../ui/Qr.tsx";

/** A finished share as shown to its creator. */
export interface ShareResult {
  link: string;
  deleteLink: string;
  expiresAt: string;
  /** View limit, or null for unlimited. */
  views: number | null;
}

/**
 * Renders the result panel and moves focus to it (so screen readers hear it at once).
 * @example
 * ```tsx
 * import { Result, type ShareResult } from "./Result.tsx";
 * const r: ShareResult = {
 *   link: "https://share.example/s/q3Xh0s5c9m1Jd0l5bY2Vtw#…",
 *   deleteLink: "https://share.example/d/q3Xh0s5c9m1Jd0l5bY2Vtw#…",
 *   expiresAt: "2026-11-29T10:00:00.000Z",
 *   views: 1,
 * };
 * const reset = () => {}; // back to the form
 * const panel = <Result result={r} onAgain={() => reset()} />;
 * ```
 */
export function Result({ result, onAgain }: { result: ShareResult; onAgain: () => void }): VNode {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="panel success" aria-labelledby="result-heading">
      <h2 id="result-heading" tabIndex={-1} ref={heading}>Your link is ready</h2>
      <div class="result-grid">
        <div>
          <label for="share-link">Share this link</label>
          <div class="link-box">
            <input id="share-link" type="url" readOnly value={result.link} />
            <CopyButton text={result.link} label="Copy link" />
          </div>
          <p class="muted">
            Anyone with the link can read the share. The key is the part after <code>#</code>;{" "}
            the server never sees it.
          </p>
          <p class="meta">
            <Countdown expiresAt={result.expiresAt} />
            <span>
              {result.views === 1
                ? "burns after the first view"
                : result.views
                ? `${result.views} views`
                : "unlimited views"}
            </span>
          </p>
          <label for="delete-link">Delete link (keep it to yourself)</label>
          <div class="link-box">
            <input id="delete-link" type="url" readOnly value={result.deleteLink} />
            <CopyButton text={result.deleteLink} label="Copy delete link" />
          </div>
        </div>
        <Qr text={result.link} />
      </div>
      <div class="actions">
        <button type="button" onClick={onAgain}>Make another share</button>
      </div>
    </section>
  );
}
