/**
 * The shares made in this browser, with delete buttons that ask first (as the delete page does).
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Countdown } from "../ui/Countdown.tsx";
import { describeError, removeShare } from "../api.ts";
import type { SavedShare } from "./history.ts";

/** Props of {@link History}. */
export interface HistoryProps {
  shares: SavedShare[];
  /** Drops a share from the list (it was deleted or is gone). */
  onForget: (id: string) => void;
  /** Empties the list without deleting the shares. */
  onForgetAll: () => void;
}

/**
 * Renders the list; nothing when it is empty.
 * @example
 * ```tsx
 * import { History } from "./History.tsx";
 * import { forget, forgetAll, loadHistory } from "./history.ts";
 * // In the browser (the list lives in localStorage):
 * const history = <History shares={loadHistory()} onForget={forget} onForgetAll={forgetAll} />;
 * ```
 */
export function History({ shares, onForget, onForgetAll }: HistoryProps): VNode | null {
  const [status, setStatus] = useState("");
  // The share whose deletion waits for a second, deliberate click.
  const [asking, setAsking] = useState<string | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const asked = useRef<string | null>(null);
  // The question replaces the Delete button: the focus goes to "Keep it", so that a double click
  // or a second Enter deletes nothing; keeping the share puts it back on that row's Delete.
  useEffect(() => {
    if (asking) keepRef.current?.focus();
    else if (asked.current) {
      tableRef.current?.querySelector<HTMLButtonElement>(`[data-share="${asked.current}"]`)
        ?.focus();
    }
    asked.current = asking;
  }, [asking]);
  // Stays mounted while it has something to say, so "Deleted" is heard after the last row goes.
  if (shares.length === 0 && !status) return null;
  const remove = async (share: SavedShare) => {
    setAsking(null);
    setStatus(`Deleting ${share.label}…`);
    try {
      const gone = await removeShare(share.deleteLink);
      onForget(share.id);
      setStatus(gone ? `Deleted ${share.label}.` : `${share.label} was already gone.`);
    } catch (e) {
      setStatus(`Could not delete ${share.label}. ${describeError(e)}`);
    }
  };
  return (
    <section class="history" aria-labelledby="history-heading">
      <h2 id="history-heading">Shares made in this browser</h2>
      <p class="muted">
        Kept only in this browser's storage (the links include their keys), so you can delete them
        early.
      </p>
      {shares.length > 0 && (
        <>
          <table ref={tableRef}>
            <thead>
              <tr>
                <th scope="col">Share</th>
                <th scope="col" class="when">Expiry</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shares.map((s) => (
                <tr key={s.id}>
                  <td class="link">
                    <a href={s.link} rel="noreferrer">{s.label}</a>
                  </td>
                  <td class="when">
                    <Countdown expiresAt={s.expiresAt} />
                  </td>
                  <td class="row-actions">
                    {asking === s.id
                      ? (
                        <span
                          class="confirm"
                          role="group"
                          aria-label={`Delete ${s.label}?`}
                          onKeyDown={(e) => e.key === "Escape" && setAsking(null)}
                        >
                          <span>Delete it for everyone?</span>
                          <button type="button" class="danger" onClick={() => remove(s)}>
                            Delete now <span class="sr-only">{s.label}</span>
                          </button>
                          {/* Last, where Delete was: a double click's second click keeps. */}
                          <button type="button" ref={keepRef} onClick={() => setAsking(null)}>
                            Keep it
                          </button>
                        </span>
                      )
                      : (
                        <button
                          type="button"
                          class="danger"
                          data-share={s.id}
                          onClick={() => setAsking(s.id)}
                        >
                          Delete <span class="sr-only">{s.label}</span>
                        </button>
                      )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="actions">
            <button type="button" onClick={onForgetAll}>Clear this list</button>
            <span class="muted">The shares stay online until they expire; only the list goes.</span>
          </div>
        </>
      )}
      <p role="status" class="muted">{status}</p>
    </section>
  );
}
