/**
 * What the sender gets after an upload: the link (copy, system share sheet, QR code), the delete
 * link set apart, the expiry.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { CopyButton } from "../ui/CopyButton.tsx";
import { Countdown } from "../ui/Countdown.tsx";
import { Qr } from "../ui/Qr.tsx";
import type { QrDrawing } from "../ui/qr_drawing.ts";
import { ShareButton } from "../ui/ShareButton.tsx";

/** A finished share as shown to its creator. */
export interface ShareResult {
  link: string;
  deleteLink: string;
  expiresAt: string;
  /** View limit, or null for unlimited. */
  views: number | null;
  /** The link's QR code (null for a link too long for one). */
  qr: QrDrawing | null;
}

/**
 * Renders the result panel and moves focus to it (so screen readers hear it at once).
 * @example
 * ```tsx
 * import { Result, type ShareResult } from "./Result.tsx";
 * import { drawQr } from "../ui/qr_drawing.ts";
 * const r: ShareResult = {
 *   link: "https://share.example/s/q3Xh0s5c9m1Jd0l5bY2Vtw#…",
 *   deleteLink: "https://share.example/d/q3Xh0s5c9m1Jd0l5bY2Vtw#…",
 *   expiresAt: "2026-11-29T10:00:00.000Z",
 *   views: 1,
 *   qr: drawQr("https://share.example/s/q3Xh0s5c9m1Jd0l5bY2Vtw#…"),
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
            <CopyButton text={result.link} label="Copy link" variant="primary" />
            <ShareButton url={result.link} />
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
        </div>
        {result.qr && <Qr drawing={result.qr} />}
      </div>
      {
        /* Set apart and in the danger colour: on a phone, copying this instead of the link would
          hand out the power to delete. */
      }
      <div class="delete-box">
        <label for="delete-link">Delete link: keep it to yourself</label>
        <p class="muted" id="delete-link-note">
          It deletes the share for everyone. Do not send it with the link.
        </p>
        <div class="link-box">
          <input
            id="delete-link"
            type="url"
            readOnly
            value={result.deleteLink}
            aria-describedby="delete-link-note"
          />
          <CopyButton text={result.deleteLink} label="Copy delete link" variant="danger" />
        </div>
      </div>
      <div class="actions">
        <button type="button" onClick={onAgain}>Make another share</button>
      </div>
    </section>
  );
}
