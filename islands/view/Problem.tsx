/**
 * Clear pages for everything that can stop a share from opening, each saying what happened and
 * what the reader can do.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef } from "preact/hooks";

/** Why a share could not be shown. */
export type ProblemCode =
  | "gone"
  | "missing_key"
  | "bad_key"
  | "bad_link"
  | "key_rejected"
  | "tampered"
  | "unsupported"
  | "network"
  | "rate_limited"
  | "failed";

const TEXT: Record<ProblemCode, [string, string]> = {
  gone: [
    "This share is gone",
    "It does not exist: it expired, was viewed as many times as allowed (burn after reading), " +
    "or was deleted. Ask the sender for a new link.",
  ],
  missing_key: [
    "The link has no key",
    "The part after # is missing, so the share cannot be decrypted. Copy the whole link, " +
    "including everything after #.",
  ],
  bad_key: [
    "The link's key is damaged",
    "The part after # is not a valid key (wrong length or characters). It was probably cut or " +
    "changed while being copied; copy the whole link again.",
  ],
  bad_link: [
    "This link is damaged",
    "It is not a complete hushlink view link. Copy the whole link again.",
  ],
  key_rejected: [
    "The link's key does not open this share",
    "The key in the link is not this share's key. No view was used. Copy the whole link again.",
  ],
  tampered: [
    "The data was altered",
    "The encrypted data failed its integrity check, so nothing from it is shown. It was changed " +
    "or cut off on the way or on the server.",
  ],
  unsupported: [
    "Unsupported format",
    "This share was made with a format this page does not understand.",
  ],
  network: [
    "Cannot reach the server",
    "Check your connection and reload the page. No view was used unless the download started.",
  ],
  rate_limited: [
    "Too many attempts",
    "The server is limiting requests from your network. Wait a minute and try again.",
  ],
  failed: ["Something went wrong", "The share could not be opened."],
};

/**
 * Renders one problem page; focus moves to its heading.
 * @example
 * ```tsx
 * import { Problem } from "./Problem.tsx";
 * <Problem code="gone" />
 * ```
 */
export function Problem({ code, detail }: { code: ProblemCode; detail?: string }): VNode {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const [title, text] = TEXT[code];
  return (
    <section class="panel problem" data-problem={code}>
      <h1 tabIndex={-1} ref={heading}>{title}</h1>
      <p>{text}</p>
      {detail && <p class="muted">{detail}</p>}
      <p>
        <a href="/">Make a new share</a>
      </p>
    </section>
  );
}
