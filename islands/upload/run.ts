/**
 * The page's side of an upload: starts the upload worker (its own bundle, from this origin),
 * posts it the form's input, passes its progress on, and resolves with its outcome. The page's
 * thread never reads, encrypts or sends the content.
 * @module
 */
import type { ShareInput } from "./create.ts";
import type { FromWorker, ToWorker, UploadOutcome } from "./protocol.ts";

/** An upload running in its worker. */
export interface UploadJob {
  /** How it ended; never rejects. */
  outcome: Promise<UploadOutcome>;
  /** Asks the worker to stop and delete what the server holds; `outcome` then says so. */
  cancel(): void;
}

/**
 * Upload workers started ahead of need, one at a time: the worker's bundle loads while the person
 * fills in the form, so a submit starts at once, and a server that went away meanwhile is
 * reported by the upload itself (as unreachable), not as a script that did not load.
 */
export class UploadWorkers {
  #url: string;
  #spare: PreparedWorker | null = null;

  /** `url`: the asset manifest's `workers.upload`. */
  constructor(url: string) {
    this.#url = url;
  }

  /** Starts the spare worker now, if none is waiting. */
  prepare(): void {
    if (!this.#spare || this.#spare.broken) this.#spare = prepareWorker(this.#url);
  }

  /** The spare worker (a fresh one if it failed to load); the caller owns it. */
  take(): PreparedWorker {
    this.prepare();
    const taken = this.#spare!;
    this.#spare = null;
    return taken;
  }
}

/** A started upload worker, and why it failed, once it does. */
export interface PreparedWorker {
  worker: Worker;
  /** Resolves with the reason when the worker fails (its script did not load, or it crashed). */
  failed: Promise<string>;
  /** Whether it has failed already. */
  readonly broken: boolean;
}

function prepareWorker(url: string): PreparedWorker {
  const worker = new Worker(url, { type: "module", name: "upload" });
  let broken = false;
  // Listened to from the start: a load error may come before any upload is asked for.
  const failed = new Promise<string>((resolve) =>
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      broken = true;
      resolve(e.message || "its script did not load");
    }, { once: true })
  );
  return {
    worker,
    failed,
    get broken() {
      return broken;
    },
  };
}

/**
 * Uploads `input` in a worker from {@link UploadWorkers}.
 * @example
 * ```ts
 * import { startUpload, UploadWorkers } from "./run.ts";
 * const workers = new UploadWorkers("/static/build/worker-upload-AbCd.js");
 * const input = {
 *   text: "hi",
 *   textFormat: "plain" as const,
 *   files: [],
 *   expiresIn: 3600,
 *   views: null,
 *   password: null,
 *   uploadToken: null,
 * };
 * const job = startUpload(workers.take(), input, (sent, total) => console.log(sent, total));
 * const outcome = await job.outcome; // { type: "done", share } | { type: "failed", … } | { type: "cancelled" }
 * ```
 */
export function startUpload(
  { worker, failed }: PreparedWorker,
  input: ShareInput,
  onProgress: (sent: number, total: number | null) => void,
): UploadJob {
  const post = (message: ToWorker) => worker.postMessage(message);
  const outcome = new Promise<UploadOutcome>((resolve) => {
    const end = (result: UploadOutcome) => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
      if (data.type === "progress") onProgress(data.sent, data.total);
      else end(data);
    };
    failed.then((reason) =>
      end({ type: "failed", message: `the upload stopped: ${reason}`, tokenRefused: false })
    );
  });
  post({ type: "start", input });
  return { outcome, cancel: () => post({ type: "cancel" }) };
}
