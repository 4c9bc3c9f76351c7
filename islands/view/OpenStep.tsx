/**
 * The steps before a share opens, from its public metadata (which the server put in the page; no
 * view used): the click that opens a view-limited share, so that loading or reloading the page
 * spends nothing, and the password form. Both say what opening will cost.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Countdown } from "../ui/Countdown.tsx";
import { formatBytes } from "../../lib/format.ts";

/** A share's public metadata, as the server read it when it rendered the page. */
export interface ShareFacts {
  /** Views left, or null when unlimited. */
  viewsLeft: number | null;
  /** Whether opening needs a password as well as the link. */
  password: boolean;
  /** Expiry (ISO 8601). */
  expiresAt: string;
  /**
   * Ciphertext bytes: what opening downloads. Padded and framed, so it says little of the
   * content's size (a few words make a few hundred bytes; a large file is within a few percent).
   */
  size: number;
}

/**
 * What a view-limited share allows: "This share can be opened 1 more time: after that it is
 * deleted."
 * @example
 * ```ts
 * import { viewsLeftText } from "./OpenStep.tsx";
 * const text = viewsLeftText(3); // "This share can be opened 3 more times: after that it is deleted."
 * ```
 */
export function viewsLeftText(viewsLeft: number): string {
  return `This share can be opened ${viewsLeft} more time${viewsLeft === 1 ? "" : "s"}: ` +
    "after that it is deleted.";
}

/** What opening here costs, after {@link viewsLeftText}. */
function costText(viewsLeft: number): string {
  return viewsLeft === 1
    ? "Opening it here uses that last view, so save what you need before you leave the page."
    : "Opening it here uses one of them.";
}

/** Props of {@link ConfirmOpen}. */
export interface ConfirmOpenProps {
  /** Views left (the share has a limit). */
  viewsLeft: number;
  /** Expiry (ISO 8601). */
  expiresAt: string;
  /** Ciphertext bytes, said as what opening downloads. */
  size: number;
  /** Opens the share, using a view. */
  onOpen: () => void;
  /**
   * For a large share this browser saves as it decrypts: downloads it, using a view, instead of
   * opening it in the page.
   */
  onDownload?: () => void;
}

/**
 * The click step of a view-limited share without a password.
 * @example
 * ```tsx
 * import { ConfirmOpen } from "./OpenStep.tsx";
 * <ConfirmOpen viewsLeft={1} expiresAt="2026-12-01T10:00:00.000Z" size={1200} onOpen={() => {}} />
 * ```
 */
export function ConfirmOpen(
  { viewsLeft, expiresAt, size, onOpen, onDownload }: ConfirmOpenProps,
): VNode {
  // The one size known before opening is the padded ciphertext's: said as what it is, the
  // download, since the content's own size is inside it and may be far smaller.
  return (
    <section class="panel open-step">
      <h1>Open this share?</h1>
      <p class="views-notice">{viewsLeftText(viewsLeft)}</p>
      <p>{costText(viewsLeft)}</p>
      <p class="meta">
        <Countdown expiresAt={expiresAt} />
        <span>{formatBytes(size)} to download</span>
      </p>
      {onDownload && (
        <p id="large-notice">
          It is large: downloading saves it to disk as it decrypts, while opening it in this page
          holds all of it in memory.
        </p>
      )}
      <div class="actions">
        {onDownload && <button type="button" class="primary" onClick={onDownload}>Download</button>}
        <button
          type="button"
          class={onDownload ? undefined : "primary"}
          aria-describedby={onDownload ? "large-notice" : undefined}
          onClick={onOpen}
        >
          {onDownload ? "Open in this page" : "Open the share"}
        </button>
      </div>
    </section>
  );
}

/** Props of {@link PasswordForm}. */
export interface PasswordFormProps {
  /** Views left (null: unlimited), said next to the form. */
  viewsLeft: number | null;
  /** The last password did not open the share. */
  wrong: boolean;
  /** A password is being tried. */
  busy: boolean;
  /** Tries a password; a view is used only when it opens the share. */
  onSubmit: (password: string) => void;
}

/**
 * The password form: submitting it is the one click that opens (and, with a view limit, spends a
 * view of) the share.
 * @example
 * ```tsx
 * import { PasswordForm } from "./OpenStep.tsx";
 * <PasswordForm viewsLeft={1} wrong={false} busy={false} onSubmit={(pw) => console.log(pw.length)} />
 * ```
 */
export function PasswordForm({ viewsLeft, wrong, busy, onSubmit }: PasswordFormProps): VNode {
  const [pw, setPw] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [wrong]);
  return (
    <form
      class="panel password-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (pw) onSubmit(pw);
      }}
    >
      <h1>This share has a password</h1>
      <p>The sender protected it with a password.</p>
      {viewsLeft !== null && (
        <>
          <p class="views-notice">{viewsLeftText(viewsLeft)}</p>
          <p>Opening it uses a view only when the password is right.</p>
        </>
      )}
      <label for="share-password">Password</label>
      <input
        id="share-password"
        ref={input}
        type="password"
        autocomplete="off"
        value={pw}
        disabled={busy}
        aria-invalid={wrong}
        aria-describedby={wrong ? "password-error" : undefined}
        onInput={(e) => setPw((e.currentTarget as HTMLInputElement).value)}
      />
      {wrong && (
        // The read token mixes the link's key and the password: a damaged link and a wrong
        // password are refused alike, and nothing can tell them apart.
        <p id="password-error" class="problem-text" role="alert">
          Wrong password, or the link was changed or cut. No view was used: check the password, or
          copy the whole link again.
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !pw}>
          {busy ? "Checking…" : "Open"}
        </button>
      </div>
    </form>
  );
}
