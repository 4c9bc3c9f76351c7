/**
 * The shares made in this browser, with delete buttons.
 * @module
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
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
  // Stays mounted while it has something to say, so "Deleted" is heard after the last row goes.
  if (shares.length === 0 && !status) return null;
  const remove = async (share: SavedShare) => {
    setStatus(`Deleting ${share.label}…`);
    try {
      const gone = await removeShare(share.deleteLink);
      onForget(share.id);
      setStatus(gone ? `Deleted ${share.label}.` : `${share.label} was already gone.`);
    } catch (e) {
      setStatus(`Could not delete ${share.label}: ${describeError(e)}`);
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
          <table>
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
                  <td>
                    <button type="button" class="danger" onClick={() => remove(s)}>
                      Delete <span class="sr-only">{s.label}</span>
                    </button>
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
