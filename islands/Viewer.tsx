/**
 * The viewer island: reads the key from the fragment (it never leaves the browser), fetches the
 * ciphertext with the derived read token (one request for a share without a password), decrypts
 * with progress, and renders by manifest kind. The page carries the share's public metadata: a
 * share without a view limit or password opens at once; one with a limit waits for a click, and
 * one with a password for its form, each saying what opening costs.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { Countdown } from "./ui/Countdown.tsx";
import { Progress } from "./ui/Progress.tsx";
import { Content } from "./view/Content.tsx";
import type { LazyUrls } from "./view/lazy.ts";
import {
  cleanPageLink,
  collectShare,
  type OpenedShare,
  type Opening,
  openShare,
  problemFor,
} from "./view/open.ts";
import { ConfirmOpen, PasswordForm, type ShareFacts } from "./view/OpenStep.tsx";
import { hasPicker, isLargeShare, pickTarget, saveToDisk } from "./view/disk.ts";
import { ARCHIVE_NAME, downloadShare } from "./view/save_stream.ts";
import {
  type NoWorkerReason,
  type ServiceWorkerAccess,
  startServiceWorker,
} from "./view/service_worker.ts";
import { openingNotice } from "./view/choice.ts";
import { type InPlaceMedia, openInPlace } from "./view/play_in_place.ts";
import { InPlacePlayer } from "./view/InPlacePlayer.tsx";
import { formatBytes } from "../lib/format.ts";
import { contentSize } from "../lib/crypto/mod.ts";
import { Problem, type ProblemCode } from "./view/Problem.tsx";
import { isPastedText } from "../lib/text_format.ts";

/** Props of {@link Viewer} (JSON, from the server). */
export interface ViewerProps {
  /** URLs of the lazily loaded bundles: the asset manifest's `lazy` map. */
  lazy: LazyUrls;
  /** The share's public metadata, read by the server as it rendered the page (no view used). */
  share: ShareFacts;
  /** URL of the service worker's bundle (the asset manifest's `workers.sw`). */
  sw: string;
}

/** How a large share is saved: with the browser's picker, or as a download the worker streams. */
type SaveMethod = { kind: "picker" } | { kind: "stream"; worker: ServiceWorker };

type State =
  | { s: "start" }
  | { s: "confirm"; viewsLeft: number }
  | { s: "problem"; code: ProblemCode; detail?: string }
  | { s: "password"; wrong: boolean; busy: boolean }
  | { s: "loading"; notice?: string }
  | { s: "choose"; opening: Opening; method: SaveMethod }
  | { s: "saved"; count: number; opening: Opening; method: SaveMethod["kind"] }
  | { s: "ready"; share: OpenedShare; notice?: string }
  | { s: "media"; media: InPlaceMedia; password: string | null };

interface Transfer {
  done: number;
  total: number | null;
  started: number;
}

/**
 * The viewer.
 * @example
 * ```tsx
 * import { Viewer } from "./Viewer.tsx";
 * // The lazy renderer bundles and the service worker from static/build/manifest.json, and the
 * // share's public metadata (routes/pages/view.tsx).
 * const lazy = { markdown: "/static/build/markdown-1a2b.js" };
 * const sw = "/static/build/worker-sw-3c4d.js";
 * const share = { viewsLeft: 1, password: false, expiresAt: "2026-12-01T10:00:00.000Z", size: 900 };
 * const viewer = <Viewer lazy={lazy} share={share} sw={sw} />;
 * ```
 */
export function Viewer({ lazy, share: facts, sw }: ViewerProps): VNode {
  const [state, setState] = useState<State>({ s: "start" });
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  // Registered as the page starts, so that it is active by the time a large share needs it.
  const worker = useRef<Promise<ServiceWorkerAccess> | null>(null);

  const fail = (e: unknown) => {
    setTransfer(null);
    const outcome = problemFor(e);
    if (outcome === "password_required") setState({ s: "password", wrong: false, busy: false });
    else if (outcome === "wrong_password") setState({ s: "password", wrong: true, busy: false });
    else setState({ s: "problem", ...outcome });
  };
  const collect = async (opening: Opening, notice?: string) => {
    setState({ s: "loading", notice });
    setState({ s: "ready", share: await collectShare(opening), notice });
    setTransfer(null);
  };
  const attempt = async (password: string | null, inPlace = true) => {
    const started = performance.now();
    try {
      // A large audio or video share plays through the worker, fetching only what is played.
      const media = inPlace && await openInPlace(location.href, password, facts, worker.current!);
      if (media) return setState({ s: "media", media, password });
      const opening = await openShare(location.href, {
        password,
        onProgress: (done, total) => setTransfer({ done, total, started }),
      });
      if (!isLargeShare(opening)) return await collect(opening);
      const access = await worker.current!;
      if (hasPicker(opening)) setState({ s: "choose", opening, method: { kind: "picker" } });
      else if (access.worker) {
        setState({ s: "choose", opening, method: { kind: "stream", worker: access.worker } });
      } else await collect(opening, IN_MEMORY_BECAUSE[access.reason]);
    } catch (e) {
      fail(e);
    }
  };
  const save = async (opening: Opening, method: SaveMethod) => {
    let saving: () => Promise<number>;
    if (method.kind === "stream") saving = () => downloadShare(opening, method.worker, lazy);
    else {
      try {
        const target = await pickTarget(opening);
        saving = () => saveToDisk(opening, target);
      } catch {
        return; // the user closed the picker: the choice stays open
      }
    }
    try {
      setState({ s: "loading" });
      const count = await saving();
      setTransfer(null);
      setState({ s: "saved", count, opening, method: method.kind });
    } catch (e) {
      fail(e);
    }
  };
  useEffect(() => {
    // A corrected link pasted into this tab changes only the fragment: start over with it.
    const restart = () => location.reload();
    addEventListener("hashchange", restart);
    worker.current = startServiceWorker(sw);
    try {
      cleanPageLink(); // a damaged link says so before any click
      if (facts.password) setState({ s: "password", wrong: false, busy: false });
      else if (facts.viewsLeft !== null) setState({ s: "confirm", viewsLeft: facts.viewsLeft });
      else attempt(null);
    } catch (e) {
      fail(e);
    }
    return () => removeEventListener("hashchange", restart);
  }, []);

  switch (state.s) {
    case "start":
      return (
        <p class="panel needs-js" aria-live="polite">
          {facts.viewsLeft === null && !facts.password
            ? "Decrypting in your browser…"
            : "Reading the link…"}
        </p>
      );
    case "confirm":
      return (
        <ConfirmOpen
          viewsLeft={state.viewsLeft}
          expiresAt={facts.expiresAt}
          size={facts.size}
          onOpen={() => {
            setState({ s: "loading" });
            attempt(null);
          }}
        />
      );
    case "problem":
      return <Problem code={state.code} detail={state.detail} />;
    case "password":
      return (
        <PasswordForm
          viewsLeft={facts.viewsLeft}
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
          {state.notice && <p class="notice">{state.notice}</p>}
          {transfer
            ? (
              <Progress
                label="Downloading and decrypting"
                done={transfer.done}
                total={transfer.total}
                elapsedMs={performance.now() - transfer.started}
              />
            )
            : <p aria-live="polite">Decrypting in your browser…</p>}
        </section>
      );
    case "choose": {
      const { opening, method } = state;
      const several = opening.manifest.files.length > 1;
      // What the files hold, as the upload form showed it (the ciphertext is a few % larger).
      const size = contentSize(opening.manifest) ?? opening.size;
      return (
        <>
          <Meta info={{ ...opening, files: opening.manifest.files }} />
          <section class="panel">
            <p>
              This share is large ({formatBytes(size)}). {method.kind === "stream"
                ? "Downloading it as it decrypts keeps nothing big in memory."
                : "Saving it straight to disk keeps nothing big in memory."}
            </p>
            <p id="open-notice">{openingNotice(opening.manifest.files, size)}</p>
            <div class="actions">
              <button type="button" class="primary" onClick={() => save(opening, method)}>
                {SAVE_LABELS[method.kind][several ? 1 : 0]}
              </button>
              <button
                type="button"
                aria-describedby="open-notice"
                onClick={() => collect(opening).catch(fail)}
              >
                Open in this page
              </button>
            </div>
          </section>
        </>
      );
    }
    case "saved":
      return (
        <>
          <Meta info={{ ...state.opening, files: state.opening.manifest.files }} />
          <section class="panel success" role="status">
            <h2>Saved</h2>
            <p>
              {state.count === 1 ? "The file was" : `${state.count} files were`}{" "}
              decrypted and saved{state.method === "stream"
                ? (state.count === 1
                  ? " to your downloads"
                  : ` to your downloads as ${ARCHIVE_NAME}`)
                : ""}, and every byte passed its integrity check.
            </p>
          </section>
        </>
      );
    case "media": {
      const { media, password } = state;
      const { manifest } = media;
      const info = { manifest, files: manifest.files, viewsLeft: null, expiresAt: facts.expiresAt };
      return (
        <>
          <Meta info={info} />
          <InPlacePlayer media={media} onDownload={() => attempt(password, false)} />
        </>
      );
    }
    case "ready": {
      const { share } = state;
      return (
        <>
          <Meta info={share} />
          {state.notice && <p class="notice">{state.notice}</p>}
          <Content kind={share.manifest.kind} files={share.files} lazy={lazy} />
        </>
      );
    }
  }
}

/** The save button's label, for one file and for several, by save method. */
const SAVE_LABELS: Record<SaveMethod["kind"], [string, string]> = {
  picker: ["Save to disk…", "Save the files to a folder…"],
  stream: ["Download", "Download all as a zip"],
};

/** Why a large share is opened in memory rather than saved as it decrypts, by missing worker. */
const IN_MEMORY_BECAUSE: Record<NoWorkerReason, string> = {
  insecure:
    "This page is not served over HTTPS, so your browser cannot save the share as it decrypts: it is held in memory instead.",
  unsupported:
    "This browser (or window) cannot save the share as it decrypts: it is held in memory instead.",
  failed:
    "Your browser did not start this page's download helper, so the share is held in memory instead.",
};

/** What the header needs: the manifest, file names and types, views left and expiry. */
interface MetaInfo {
  manifest: OpenedShare["manifest"];
  files: { name: string; type: string }[];
  viewsLeft: number | null;
  expiresAt: string;
}

/**
 * The heading of a "files" share: a lone file's name, or how many files. Text typed beside the
 * files is stored as the first entry, but it is no file the sender chose: it is named apart
 * ("Text and 2 files", "Text and report.pdf").
 */
function filesHeading(entries: MetaInfo["files"]): string {
  const text = entries.length > 0 && isPastedText(entries[0], 0);
  const files = text ? entries.slice(1) : entries;
  const chosen = files.length === 1 ? files[0].name : `${files.length} files`;
  if (!text) return chosen;
  // The form makes a "text" share of text alone; another client may not.
  return files.length === 0 ? "Shared text" : `Text and ${chosen}`;
}

function Meta({ info: share }: { info: MetaInfo }): VNode {
  return (
    <>
      <h1>
        {share.manifest.kind === "text"
          ? "Shared text"
          : share.manifest.kind === "conversation"
          ? "Shared conversation"
          : filesHeading(share.files)}
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
