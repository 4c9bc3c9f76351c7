/**
 * The delete island: reads the delete token from the fragment, asks for confirmation, deletes. A
 * link pasted with text after it (`LINK.`) works as the share script reads it, and the address
 * bar gets the clean link.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { formatDeleteLink, parseDeleteLink } from "../lib/client/mod.ts";
import { describeError, removeShare } from "./api.ts";

type State =
  | { s: "start" }
  | { s: "confirm"; busy: boolean; error?: string }
  | { s: "bad_link" }
  | { s: "deleted" }
  | { s: "gone" };

/**
 * The delete page body.
 * @example
 * ```tsx
 * import { Remove } from "./Remove.tsx";
 * <Remove />
 * ```
 */
export function Remove(): VNode {
  const [state, setState] = useState<State>({ s: "start" });
  useEffect(() => {
    try {
      const { origin, id, token } = parseDeleteLink(location.href);
      const clean = formatDeleteLink(origin, id, token);
      if (clean !== location.href) history.replaceState(history.state, "", clean);
      setState({ s: "confirm", busy: false });
    } catch {
      setState({ s: "bad_link" });
    }
    // A corrected link pasted into this tab changes only the fragment: start over with it.
    const restart = () => location.reload();
    addEventListener("hashchange", restart);
    return () => removeEventListener("hashchange", restart);
  }, []);
  const remove = async () => {
    setState({ s: "confirm", busy: true });
    try {
      setState(await removeShare(location.href) ? { s: "deleted" } : { s: "gone" });
    } catch (e) {
      setState({ s: "confirm", busy: false, error: describeError(e) });
    }
  };
  switch (state.s) {
    case "start":
      return <p class="panel needs-js">Reading the delete link…</p>;
    case "bad_link":
      return (
        <section class="panel problem" data-problem="bad_link">
          <h2>This delete link is incomplete</h2>
          <p>
            The token after <code>#</code>{" "}
            is missing or damaged. Copy the whole delete link you got when you made the share.
          </p>
        </section>
      );
    case "deleted":
      return (
        <section class="panel success" role="status">
          <h2>Deleted</h2>
          <p>
            The share and its encrypted data are gone from the server. The link no longer works.
          </p>
        </section>
      );
    case "gone":
      return (
        <section class="panel" role="status">
          <h2>Already gone</h2>
          <p>The share does not exist any more: it expired, was used up or was deleted.</p>
        </section>
      );
    case "confirm":
      return (
        <section class="panel">
          <p>Delete this share now? Anyone holding its link will no longer be able to open it.</p>
          {state.error && <p class="problem-text" role="alert">{state.error}</p>}
          <div class="actions">
            <button type="button" class="danger" disabled={state.busy} onClick={remove}>
              {state.busy ? "Deleting…" : "Delete the share"}
            </button>
            <a href="/">Cancel</a>
          </div>
        </section>
      );
  }
}
