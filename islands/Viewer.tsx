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
import { ARCHIVE_NAME, isLargeShare, STREAM_THRESHOLD } from "./view/large_facts.ts";
import { lazyBundle } from "./view/lazy.ts";
import type * as Large from "./lazy/large.ts";
import { SaveChoice } from "./view/SaveChoice.tsx";
import type { NoWorkerReason, ServiceWorkerAccess } from "./view/service_worker.ts";
import type { InPlaceMedia } from "./view/play_in_place.ts";
import type { TextPages } from "./view/text_pages.ts";
import { TextPager } from "./view/TextPager.tsx";
import { InPlacePlayer } from "./view/InPlacePlayer.tsx";
import { Problem, type ProblemCode } from "./view/Problem.tsx";
import { Meta, type MetaInfo, metaOf } from "./view/Meta.tsx";
import type { Manifest } from "../lib/crypto/mod.ts";

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

/** The code of large shares, loaded only for a share that is large by its public metadata. */
const LARGE = lazyBundle<typeof Large>("large");

type State =
  | { s: "start" }
  /**
   * The click that opens a view-limited share; with `download`, a large one that can be saved as
   * it decrypts, which the person chooses before anything is fetched (see large.ts).
   */
  | { s: "confirm"; viewsLeft: number; password: string | null; download: ServiceWorker | null }
  | { s: "problem"; code: ProblemCode; detail?: string }
  | { s: "password"; wrong: boolean; busy: boolean }
  | { s: "loading"; notice?: string }
  | { s: "choose"; offer: LargeShare; method: SaveMethod }
  | { s: "saved"; count: number; meta: MetaInfo; method: SaveMethod["kind"] }
  | { s: "ready"; share: OpenedShare; notice?: string }
  | { s: "media"; media: InPlaceMedia; password: string | null }
  | { s: "pages"; pages: TextPages; password: string | null };

/** A large share of files on offer: what is known of it, and how to start its download. */
interface LargeShare {
  meta: MetaInfo;
  /** Ciphertext bytes. */
  size: number;
  /** Starts the download (already started for a share whose view it used). */
  open: () => Promise<Opening>;
}

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
  // For a large share, its code loads and the service worker registers as the page starts, so
  // both are ready by the time they are needed; a small share never needs them.
  const large = useRef<Promise<typeof Large> | null>(null);
  const worker = useRef<Promise<ServiceWorkerAccess> | null>(null);

  /** The header's facts of a share without a view limit read by ranges (no view counted). */
  const unlimitedMeta = (manifest: Manifest): MetaInfo => ({
    manifest,
    files: manifest.files,
    viewsLeft: null,
    expiresAt: facts.expiresAt,
  });
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
  /** Progress of a download starting now, for the panel. */
  const progress = () => {
    const started = performance.now();
    return (done: number, total: number | null) => setTransfer({ done, total, started });
  };
  /**
   * Opens the share: `"any"` way that suits it, `"save"` not playing it in place (the player's
   * Download), `"page"` in the page whatever its size (the person chose so already).
   */
  const attempt = async (password: string | null, how: "any" | "save" | "page" = "any") => {
    const open = () => openShare(location.href, { password, onProgress: progress() });
    try {
      // A large share without a view limit: its manifest first, and nothing large before a choice.
      const code = large.current && await large.current;
      const ranged = how === "page" || !code
        ? null
        : await code.openManifestFirst(location.href, password, facts);
      if (code && ranged) {
        const { playInPlace, rangedOpening, textPages } = code;
        const media = how === "any" && await playInPlace(ranged, worker.current!);
        if (media) return setState({ s: "media", media, password });
        const pages = how === "any" && textPages(ranged);
        if (pages) return setState({ s: "pages", pages, password });
        const { manifest } = ranged;
        const meta = unlimitedMeta(manifest);
        const byRanges = () => Promise.resolve(rangedOpening(ranged, facts.expiresAt, progress()));
        // A text or conversation opens in the page, unless the person asked to save it.
        if (manifest.kind === "files" || how === "save") {
          return await offer({ meta, size: facts.size, open: byRanges });
        }
      }
      const opening = await open();
      if (how === "page" || !isLargeShare(opening)) return await collect(opening);
      await offer({
        meta: metaOf(opening),
        size: opening.size,
        open: () => Promise.resolve(opening),
      });
    } catch (e) {
      fail(e);
    }
  };
  /** Offers a large share's choice, or opens it in memory where it cannot be saved as it comes. */
  const offer = async (share: LargeShare) => {
    const access = await worker.current!;
    if ((await large.current!).hasPickers()) {
      setState({ s: "choose", offer: share, method: { kind: "picker" } });
    } else if (access.worker) {
      setState({ s: "choose", offer: share, method: { kind: "stream", worker: access.worker } });
    } else await collect(await share.open(), IN_MEMORY_BECAUSE[access.reason]);
  };
  /** Saves a large share as it decrypts; `manifest` (known ahead) picks the picker's kind. */
  const save = async (open: () => Promise<Opening>, method: SaveMethod, manifest?: Manifest) => {
    const { downloadShare, pickTarget, saveToDisk } = await large.current!;
    let opening: Opening | null = null;
    const opened = async () => opening = await open();
    let saving: () => Promise<number>;
    if (method.kind === "stream") saving = () => downloadShare(opened, method.worker, lazy);
    else {
      try {
        const target = await pickTarget(manifest!); // on the click: pickers need one
        saving = async () => saveToDisk(await opened(), target);
      } catch {
        return; // the user closed the picker: the choice stays open
      }
    }
    try {
      setState({ s: "loading" });
      const count = await saving();
      setTransfer(null);
      setState({ s: "saved", count, meta: metaOf(opening!), method: method.kind });
    } catch (e) {
      fail(e);
    }
  };
  /**
   * Whether a view-limited share is large and saved by the worker in this browser: its choice
   * then comes before it opens, since a page's download in flight cannot go on beside the worker's
   * in every browser (see save_stream.ts).
   */
  const downloadFirst = async (): Promise<ServiceWorker | null> => {
    if (facts.viewsLeft === null || !large.current || (await large.current).hasPickers()) {
      return null;
    }
    return (await worker.current!).worker;
  };
  const confirm = async (password: string | null) => {
    try {
      const download = await downloadFirst();
      if (facts.viewsLeft !== null && (download || password === null)) {
        setState({ s: "confirm", viewsLeft: facts.viewsLeft, password, download });
      } else await attempt(password);
    } catch (e) {
      fail(e); // the large shares' bundle did not load
    }
  };
  useEffect(() => {
    // A corrected link pasted into this tab changes only the fragment: start over with it.
    const restart = () => location.reload();
    addEventListener("hashchange", restart);
    if (facts.size > STREAM_THRESHOLD) {
      large.current = LARGE.load(lazy);
      worker.current = large.current.then((code) => code.startServiceWorker(sw));
    }
    try {
      cleanPageLink(); // a damaged link says so before any click
      if (facts.password) setState({ s: "password", wrong: false, busy: false });
      else if (facts.viewsLeft !== null) confirm(null);
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
            attempt(state.password, state.download ? "page" : "any");
          }}
          onDownload={state.download === null ? undefined : () => {
            const { password, download: worker } = state;
            save(() => openShare(location.href, { password, onProgress: progress() }), {
              kind: "stream",
              worker: worker!,
            });
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
            confirm(pw);
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
      const { offer, method } = state;
      return (
        <>
          <Meta info={offer.meta} />
          <SaveChoice
            manifest={offer.meta.manifest}
            size={offer.size}
            kind={method.kind}
            onSave={() => save(offer.open, method, offer.meta.manifest)}
            onOpen={() => offer.open().then((o) => collect(o)).catch(fail)}
          />
        </>
      );
    }
    case "saved":
      return (
        <>
          <Meta info={state.meta} />
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
      return (
        <>
          <Meta info={unlimitedMeta(media.manifest)} />
          <InPlacePlayer media={media} onDownload={() => attempt(password, "save")} />
        </>
      );
    }
    case "pages": {
      const { pages, password } = state;
      return (
        <>
          <Meta info={unlimitedMeta(pages.manifest)} />
          <TextPager pages={pages} onDownload={() => attempt(password, "save")} onError={fail} />
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

/** Why a large share is opened in memory rather than saved as it decrypts, by missing worker. */
const IN_MEMORY_BECAUSE: Record<NoWorkerReason, string> = {
  insecure:
    "This page is not served over HTTPS, so your browser cannot save the share as it decrypts: it is held in memory instead.",
  unsupported:
    "This browser (or window) cannot save the share as it decrypts: it is held in memory instead.",
  failed:
    "Your browser did not start this page's download helper, so the share is held in memory instead.",
};
