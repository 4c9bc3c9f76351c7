/**
 * `/security`: the threat model in plain words (docs/SECURITY.md has the detailed version).
 * @module
 */
import type { VNode } from "preact";
import { Layout } from "../../components/Layout.tsx";
import { ShareCommand } from "../../components/ShareCommand.tsx";
import type { AssetManifest } from "../../lib/asset_manifest.ts";

/**
 * Renders the security page (no JavaScript needed).
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { SecurityPage } from "./security.tsx";
 * const assets = { islands: {}, lazy: {}, workers: {}, css: "/static/build/app-1a2b.css", share: true };
 * const html = render(<SecurityPage assets={assets} origin="https://share.example" />);
 * assert(html.includes("/static/build/app-1a2b.css"));
 * ```
 */
export function SecurityPage({ assets, origin }: { assets: AssetManifest; origin: string }): VNode {
  return (
    <Layout title="Security" css={assets.css}>
      <h1>How hushlink protects what you share</h1>
      <p>
        Your browser (or the share script) encrypts everything before it leaves your device. The
        server stores only scrambled bytes it cannot read, and deletes them when the share expires
        or has been viewed as often as you allowed.
      </p>

      <h2>What the link is</h2>
      <p>
        A link looks like <code>{origin}/s/ID#KEY</code>. The part after <code>#</code>{" "}
        is the key. Browsers never send that part to any server, so the server only ever learns the
        ID. Whoever has the whole link can read the share; whoever has only the ID cannot.
      </p>

      <h2>What the server can see</h2>
      <ul>
        <li>that a share exists, when it was made and when it expires;</li>
        <li>its size, rounded up by a few percent so exact sizes do not leak;</li>
        <li>how many views are left, and whether it has a password.</li>
      </ul>

      <h2>What the server cannot see</h2>
      <ul>
        <li>the key, the password, or any of the content;</li>
        <li>file names, file types and the sizes of individual files (they are encrypted too);</li>
        <li>your IP address in storage or logs (rate limits use a short-lived scrambled value).</li>
      </ul>

      <h2>What a password adds</h2>
      <p>
        With a password, the link alone is not enough: the key is mixed with the password, slowly on
        purpose, so guessing is expensive. A wrong password gets no data and does not use up a view.
        Send the password by a different channel than the link.
      </p>

      <h2>Views and expiry</h2>
      <p>
        Opening a share needs the key, so link previews in chat apps cannot use up a
        burn-after-reading share. In this page, a share with a view limit opens only when you click,
        so opening or reloading the link uses nothing. When the last allowed view starts, the server
        deletes the share. Expired shares are never served, even before they are swept away.
      </p>

      <h2>What is not protected</h2>
      <ul>
        <li>
          <strong>A leaked link.</strong>{" "}
          Anyone who gets the whole link (from a chat history, a screenshot, a shared screen) can
          read the share until it expires or runs out of views. Use a password, few views and a
          short expiry for anything sensitive.
        </li>
        <li>
          <strong>A compromised device or browser.</strong>{" "}
          Malware or a malicious browser extension on the sender's or the reader's side sees what
          they see.
        </li>
        <li>
          <strong>A dishonest server operator.</strong>{" "}
          The page code comes from this server. An operator who changes it could make a future visit
          leak keys. If you do not trust the operator, use the share script from a copy you have
          checked, or run your own server.
        </li>
        <li>
          <strong>Metadata.</strong>{" "}
          The server and your network can see that you used hushlink, when, and roughly how much you
          shared.
        </li>
      </ul>

      <h2>Without a browser</h2>
      <p>The share script does the same encryption on your machine:</p>
      <ShareCommand origin={origin} full />
    </Layout>
  );
}
