/**
 * The viewer island: reads the key from the fragment (it never leaves the browser), fetches the
 * ciphertext with the derived read token (one request for a share without a password), asks for
 * the password when the share has one, decrypts with progress, and renders by manifest kind.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Countdown } from "./ui/Countdown.tsx";
import { Progress } from "./ui/Progress.tsx";
import { RENDERERS } from "./view/Content.tsx";
import type { LazyUrls } from "./view/lazy.ts";
import { type OpenedShare, openShare, problemFor } from "./view/open.ts";
import { Problem, type ProblemCode } from "./view/Problem.tsx";

/** Props of {@link Viewer} (JSON, from the server). */
export interface ViewerProps {
  /** URLs of the lazily loaded renderers. */
  lazy: LazyUrls;
}

type State =
  | { s: "start" }
  | { s: "problem"; code: ProblemCode; detail?: string }
  | { s: "password"; wrong: boolean; busy: boolean }
  | { s: "loading"; done: number; total: number | null; started: number }
  | { s: "ready"; share: OpenedShare };

/**
 * The viewer.
 * @example
 * ```tsx
 * <Viewer lazy={{ highlight, markdown, zip }} />
 * ```
 */
export function Viewer({ lazy }: ViewerProps): VNode {
  const [state, setState] = useState<State>({ s: "start" });

  const attempt = async (password: string | null) => {
    const started = performance.now();
    try {
      const share = await openShare(
        location.href,
        password,
        (done, total) => setState({ s: "loading", done, total, started }),
      );
      setState({ s: "ready", share });
    } catch (e) {
      const outcome = problemFor(e);
      if (outcome === "password_required") setState({ s: "password", wrong: false, busy: false });
      else if (outcome === "wrong_password") setState({ s: "password", wrong: true, busy: false });
      else setState({ s: "problem", ...outcome });
    }
  };
  useEffect(() => {
    attempt(null);
    // A corrected link pasted into this tab changes only the fragment: start over with it.
    const restart = () => location.reload();
    addEventListener("hashchange", restart);
    return () => removeEventListener("hashchange", restart);
  }, []);

  switch (state.s) {
    case "start":
      return (
        <p class="panel needs-js" aria-live="polite">
          Decrypting in your browser…
        </p>
      );
    case "problem":
      return <Problem code={state.code} detail={state.detail} />;
    case "password":
      return (
        <PasswordForm
          wrong={state.wrong}
          busy={state.busy}
          onSubmit={(pw) => {
            setState({ s: "password", wrong: false, busy: true });
            attempt(pw);
          }}
        />
      );
    case "loading":
      return (
        <section class="panel">
          <Progress
            label="Downloading and decrypting"
            done={state.done}
            total={state.total}
            elapsedMs={performance.now() - state.started}
          />
        </section>
      );
    case "ready": {
      const { share } = state;
      const Renderer = RENDERERS[share.manifest.kind];
      return (
        <>
          <Meta share={share} />
          <Renderer files={share.files} lazy={lazy} />
        </>
      );
    }
  }
}

function Meta({ share }: { share: OpenedShare }): VNode {
  return (
    <>
      <h1>
        {share.manifest.kind === "text"
          ? "Shared text"
          : share.manifest.kind === "conversation"
          ? "Shared conversation"
          : share.files.length === 1
          ? share.files[0].name
          : `${share.files.length} files`}
      </h1>
      <p class="meta">
        <span>Decrypted in your browser</span>
        <Countdown expiresAt={share.expiresAt} />
        <span>
          {share.viewsLeft === null
            ? "unlimited views"
            : `${share.viewsLeft} view${share.viewsLeft === 1 ? "" : "s"} left`}
        </span>
      </p>
      {share.viewsLeft === 0 && (
        <p class="notice last-view" role="alert">
          This was the last view: the share has been deleted from the server. Save anything you need
          before you leave this page.
        </p>
      )}
    </>
  );
}

function PasswordForm(
  { wrong, busy, onSubmit }: { wrong: boolean; busy: boolean; onSubmit: (pw: string) => void },
): VNode {
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
      <p>
        The sender protected it with a password. Opening it uses a view only when the password is
        right.
      </p>
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
        <p id="password-error" class="problem-text" role="alert">
          Wrong password. No view was used; try again.
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
