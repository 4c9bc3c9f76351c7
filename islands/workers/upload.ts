/**
 * Bundle entry of the upload worker: reads, encrypts and uploads the form's input off the page's
 * thread with lib/client's createShare (through islands/upload/create.ts), sending the parts with
 * XMLHttpRequest so progress counts the bytes that left. Speaks islands/upload/protocol.ts.
 * @module
 */
import { createShare } from "../upload/create.ts";
import { failure, type FromWorker, type ToWorker } from "../upload/protocol.ts";
import { sendWithProgress } from "../upload/xhr.ts";
import { drawQr, type QrDrawing } from "../ui/qr_drawing.ts";

/** What this module uses of a dedicated worker's global scope. */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/** Milliseconds between progress messages: often enough to look live, few enough to be free. */
const PROGRESS_EVERY = 100;

const scope = globalThis as unknown as WorkerScope;
const controller = new AbortController();
let started = false;

scope.onmessage = ({ data }) => {
  if (data.type === "cancel") controller.abort(new DOMException("Cancelled", "AbortError"));
  else if (!started) {
    started = true;
    void upload(data.input);
  }
};

async function upload(input: Extract<ToWorker, { type: "start" }>["input"]): Promise<void> {
  const progress = throttle(
    (sent, total) => scope.postMessage({ type: "progress", sent, total }),
    PROGRESS_EVERY,
  );
  let outcome: FromWorker;
  try {
    const share = await createShare(input, {
      onProgress: progress.update,
      signal: controller.signal,
      sendPart: sendWithProgress,
    });
    outcome = { type: "done", share, qr: qrOf(share.link) };
  } catch (err) {
    outcome = controller.signal.aborted ? { type: "cancelled" } : failure(err);
  }
  progress.stop();
  scope.postMessage(outcome);
}

/** The link's QR code, or null for a link too long for one (the share is made all the same). */
function qrOf(link: string): QrDrawing | null {
  try {
    return drawQr(link);
  } catch {
    return null;
  }
}

/** Passes on at most one update per `ms`, the latest one; `stop` drops one still waiting. */
function throttle(
  post: (sent: number, total: number | null) => void,
  ms: number,
): { update: (sent: number, total: number | null) => void; stop: () => void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: [number, number | null] = [0, null];
  const flush = () => {
    timer = undefined;
    last = performance.now();
    post(...latest);
  };
  return {
    update(sent, total) {
      latest = [sent, total];
      if (timer !== undefined) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    stop: () => clearTimeout(timer),
  };
}
