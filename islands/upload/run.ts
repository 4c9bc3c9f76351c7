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
 * Uploads `input` in a worker loaded from `workerUrl` (the asset manifest's `workers.upload`).
 * @example
 * ```ts
 * import { startUpload } from "./run.ts";
 * const input = {
 *   text: "hi",
 *   textFormat: "plain" as const,
 *   files: [],
 *   expiresIn: 3600,
 *   views: null,
 *   password: null,
 *   uploadToken: null,
 * };
 * const job = startUpload("/static/build/upload-AbCd.js", input, (sent, total) => console.log(sent, total));
 * const outcome = await job.outcome; // { type: "done", share } | { type: "failed", … } | { type: "cancelled" }
 * ```
 */
export function startUpload(
  workerUrl: string,
  input: ShareInput,
  onProgress: (sent: number, total: number | null) => void,
): UploadJob {
  const worker = new Worker(workerUrl, { type: "module", name: "upload" });
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
    worker.onerror = (e) => {
      e.preventDefault();
      end({
        type: "failed",
        message: `the upload could not start: ${e.message || "its script did not load"}`,
        tokenRefused: false,
      });
    };
  });
  post({ type: "start", input });
  return { outcome, cancel: () => post({ type: "cancel" }) };
}
