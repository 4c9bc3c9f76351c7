/**
 * What a page says when JavaScript is off: why it is needed and what to use instead.
 * @module
 */
import type { VNode } from "preact";
import { ShareCommand } from "./ShareCommand.tsx";

/** Props of {@link NoScript}. */
export interface NoScriptProps {
  /** This server's public origin, for the share-script command. */
  origin: string;
  /** What the page would do ("encrypt your upload", "decrypt this share"…). */
  action: string;
}

/**
 * A `<noscript>` notice explaining that encryption runs in the browser.
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { NoScript } from "./NoScript.tsx";
 * const html = render(<NoScript origin="https://share.example" action="decrypt this share" />);
 * assert(html.includes("decrypt this share"));
 * ```
 */
export function NoScript({ origin, action }: NoScriptProps): VNode {
  return (
    <noscript>
      <div class="notice">
        <p>
          This page needs JavaScript to{" "}
          {action}. Encryption and decryption happen in your browser, so that the server only ever
          sees ciphertext; the key never leaves your device.
        </p>
        <p>Without JavaScript, use the share script (needs Deno):</p>
        <ShareCommand origin={origin} full />
      </div>
    </noscript>
  );
}
