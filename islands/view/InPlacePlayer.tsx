/**
 * The player of a share played in place (islands/view/play_in_place.ts): an audio or video
 * element on the service worker's URL, which fetches and decrypts only what it plays.
 * @module
 */
import type { Ref, VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { InPlaceMedia } from "./play_in_place.ts";
import { keepWorkerAlive } from "./service_worker.ts";
import { shownName } from "../../lib/names.ts";

/** Props of {@link InPlacePlayer}. */
export interface InPlacePlayerProps {
  media: InPlaceMedia;
  /** Opens the whole share to save it (the large-share save step). */
  onDownload: () => void;
}

/**
 * Plays the media; keeps the worker running while it plays (a stopped worker would also recover
 * the session from the page, but the request it stopped in would fail), and forgets the session
 * when it goes away. A failed load (a record that did not authenticate, a dropped connection)
 * says so instead of leaving a dead player.
 * @example
 * ```tsx
 * import { InPlacePlayer } from "./InPlacePlayer.tsx";
 * import type { InPlaceMedia } from "./play_in_place.ts";
 * declare const media: InPlaceMedia; // from openInPlace
 * <InPlacePlayer media={media} onDownload={() => {}} />;
 * ```
 */
export function InPlacePlayer({ media, onDownload }: InPlacePlayerProps): VNode {
  const [failed, setFailed] = useState(false);
  const keepAlive = useRef<(() => void) | undefined>(undefined);
  const element = useRef<HTMLMediaElement>(null);
  const stopKeepAlive = () => keepAlive.current?.();
  const stop = () => {
    stopKeepAlive();
    setFailed(true);
  };
  useEffect(() => {
    // The player would retry a record that failed authentication for ever: it stops here.
    media.onFailure(() => {
      stop();
      element.current?.removeAttribute("src");
      element.current?.load();
    });
    return () => {
      stopKeepAlive();
      media.close();
    };
  }, [media]);
  const name = shownName(media.manifest.files[0].name);
  const player = {
    onPlaying: () => {
      stopKeepAlive();
      keepAlive.current = keepWorkerAlive(media.worker);
    },
    onPause: stopKeepAlive,
    onEnded: stopKeepAlive,
    onError: stop,
    "aria-label": name,
    controls: true,
    preload: "metadata" as const,
    src: media.url,
  };
  return (
    <section class="panel">
      <div class="preview">
        {media.kind === "video"
          ? <video ref={element as Ref<HTMLVideoElement>} {...player} />
          : <audio ref={element as Ref<HTMLAudioElement>} {...player} />}
      </div>
      {failed && (
        <p class="notice" role="alert" data-problem="media">
          The media stopped loading: the connection dropped, or what arrived failed its integrity
          check. Reload the page to try again.
        </p>
      )}
      <p class="muted">
        Played as it is fetched and decrypted in your browser: seeking downloads only what it needs.
      </p>
      <div class="actions">
        <button type="button" onClick={onDownload}>Download…</button>
      </div>
    </section>
  );
}
