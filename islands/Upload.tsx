/**
 * The upload island: text and/or files, expiry, views, optional password; encrypts in the
 * browser (in a worker, off the page's thread), uploads with progress and a Cancel, shows the
 * result and the list of shares made here.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ServerConfig } from "../lib/api/mod.ts";
import { largestFile } from "../lib/crypto/mod.ts";
import { contentProgress, durationInWords, formatBytes } from "../lib/format.ts";
import { detectTextFormat, TEXT_FORMATS, type TextFormat } from "../lib/text_format.ts";
import { Progress } from "./ui/Progress.tsx";
import { History } from "./upload/History.tsx";
import { forget, forgetAll, loadHistory, remember, type SavedShare } from "./upload/history.ts";
import { Result, type ShareResult } from "./upload/Result.tsx";
import { DropZone } from "./upload/DropZone.tsx";
import { startUpload, type UploadJob, UploadWorkers } from "./upload/run.ts";
import { TokenField } from "./upload/TokenField.tsx";
import { forgetUploadToken, loadUploadToken, saveUploadToken } from "./upload/token.ts";

/** Props of {@link Upload} (JSON, from the server). */
export interface UploadProps {
  /** The server's limits, which the form respects (the same as `GET /api/config`). */
  limits: ServerConfig;
  /** URL of the upload worker's bundle (the asset manifest's `workers.upload`). */
  worker: string;
}

const EXPIRY_CHOICES = [600, 3600, 86400, 7 * 86400, 30 * 86400];
const VIEW_CHOICES = [2, 5, 10, 100];
const FORMAT_NAMES: Record<TextFormat, string> = {
  plain: "Plain text",
  markdown: "Markdown",
  code: "Code",
};

type Phase =
  | { s: "form"; error?: string; tokenRefused?: boolean; cancelled?: boolean }
  | { s: "working"; done: number; total: number | null; started: number; cancelling: boolean }
  | { s: "done"; result: ShareResult };

/**
 * The upload form.
 * @example
 * ```tsx
 * import { Upload } from "./Upload.tsx";
 * import type { ServerConfig } from "../lib/client/mod.ts";
 * const limits: ServerConfig = {
 *   partSize: 4194304,
 *   maxShareBytes: 1073741824,
 *   defaultExpires: 604800,
 *   maxExpires: 2592000,
 *   maxViews: 1000,
 *   uploadTokenRequired: false,
 * }; // routes/pages/home.tsx passes the server's own (publicConfig) and the worker's bundle
 * const form = <Upload limits={limits} worker="/static/build/worker-upload-AbCd.js" />;
 * ```
 */
export function Upload({ limits, worker }: UploadProps): VNode {
  // The limit is on ciphertext; what fits of a file is less (padding, framing).
  const largest = useMemo(() => largestFile(limits.maxShareBytes), [limits.maxShareBytes]);
  const [text, setText] = useState("");
  const [format, setFormat] = useState<TextFormat | "auto">("auto");
  const detected = useMemo(() => detectTextFormat(text), [text]);
  const [files, setFiles] = useState<File[]>([]);
  const [expires, setExpires] = useState(String(limits.defaultExpires));
  const [views, setViews] = useState("");
  const [password, setPassword] = useState("");
  // A private server's upload token: typed in `uploadToken` until the server accepts it, then
  // kept in localStorage (`savedToken`) so the page asks only once.
  const [uploadToken, setUploadToken] = useState("");
  const [savedToken, setSavedToken] = useState<string | null>(null);
  const tokenRef = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<Phase>({ s: "form" });
  const job = useRef<UploadJob | null>(null);
  // Created once the island runs (there are no workers while rendering on the server).
  const workers = useRef<UploadWorkers | null>(null);
  const [history, setHistory] = useState<SavedShare[]>([]);
  // False during server rendering: the submit button stays disabled until the island runs, so a
  // page without JavaScript can never submit the text as a plain (unencrypted) form.
  const [ready, setReady] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  // Set by "Make another share": the button goes away with the result, so the focus is put on the
  // form's first field instead of falling back to the page.
  const focusForm = useRef(false);
  const cancelledRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    setHistory(loadHistory());
    if (limits.uploadTokenRequired) setSavedToken(loadUploadToken());
    workers.current = new UploadWorkers(worker);
    workers.current.prepare();
    setReady(true);
  }, []);
  useEffect(() => {
    if (phase.s === "form" && focusForm.current) {
      focusForm.current = false;
      textRef.current?.focus();
    }
    // The Cancel button is gone with the upload: the note that says what happened takes the focus.
    if (phase.s === "form" && phase.cancelled) cancelledRef.current?.focus();
    if (phase.s !== "form" || !phase.error) return;
    // A refused token: the person types it again, so the input gets the focus (the alert is read
    // out through role="alert" all the same).
    if (phase.tokenRefused) tokenRef.current?.focus();
    else errorRef.current?.focus();
  }, [phase]);

  const expiryChoices = [...new Set([...EXPIRY_CHOICES, limits.defaultExpires])]
    .filter((s) => s >= 60 && s <= limits.maxExpires).sort((a, b) => a - b);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!text && files.length === 0) {
      setPhase({ s: "form", error: "Type or paste some text, or add a file." });
      return;
    }
    const total = new Blob([text]).size + files.reduce((n, f) => n + f.size, 0);
    if (total > largest) {
      setPhase({
        s: "form",
        error: `That is ${formatBytes(total)}; this server accepts up to ${
          formatBytes(largest)
        } per share.`,
      });
      return;
    }
    const token = limits.uploadTokenRequired ? savedToken ?? uploadToken : "";
    if (limits.uploadTokenRequired && !token) {
      setPhase({ s: "form", error: "Enter this server's upload token.", tokenRefused: true });
      return;
    }
    setPhase({ s: "working", done: 0, total: null, started: performance.now(), cancelling: false });
    const viewLimit = views === "" ? null : Number(views);
    const running = startUpload(workers.current!.take(), {
      text,
      textFormat: format === "auto" ? detected : format,
      files,
      expiresIn: Number(expires),
      views: viewLimit,
      password: password || null,
      uploadToken: token || null,
    }, (sent, of) =>
      // In the files' own sizes, not the ciphertext's (a few percent more): see contentProgress.
      setPhase((p) => p.s === "working" ? { ...p, ...contentProgress(sent, of, total) } : p));
    job.current = running;
    const outcome = await running.outcome;
    job.current = null;
    // For the next share, in a task of its own: not in the one that shows this share's link.
    setTimeout(() => workers.current!.prepare(), 0);
    if (outcome.type === "done") {
      const result = outcome.share;
      setHistory(remember({
        id: result.id,
        link: result.link,
        deleteLink: result.deleteLink,
        expiresAt: result.expiresAt,
        label: files.length === 0
          ? `Text, ${text.length} characters`
          : files.length === 1 && !text
          ? files[0].name
          : `${files.length + (text ? 1 : 0)} files`,
      }));
      if (limits.uploadTokenRequired && savedToken === null) {
        saveUploadToken(token);
        setSavedToken(token);
        setUploadToken("");
      }
      setPhase({ s: "done", result: { ...result, views: viewLimit, qr: outcome.qr } });
      setText("");
      setFormat("auto");
      setFiles([]);
      setPassword("");
    } else if (outcome.type === "cancelled") {
      setPhase({ s: "form", cancelled: true });
    } else {
      if (limits.uploadTokenRequired && outcome.tokenRefused) {
        forgetUploadToken();
        setSavedToken(null);
        setUploadToken("");
        setPhase({
          s: "form",
          error: "The server refused the upload token: nothing was uploaded. " +
            "Check the token and enter it again.",
          tokenRefused: true,
        });
        return;
      }
      setPhase({ s: "form", error: outcome.message });
    }
  };

  const cancel = () => {
    job.current?.cancel();
    setPhase((p) => p.s === "working" ? { ...p, cancelling: true } : p);
  };

  const working = phase.s === "working";
  return (
    <>
      {phase.s === "done"
        ? (
          <Result
            result={phase.result}
            onAgain={() => {
              focusForm.current = true;
              setPhase({ s: "form" });
            }}
          />
        )
        : (
          <form
            class="panel needs-js"
            onSubmit={submit}
            aria-busy={working}
            data-ready={ready || undefined}
          >
            <label for="text">Text or code</label>
            <textarea
              id="text"
              ref={textRef}
              class="code"
              value={text}
              spellcheck={false}
              placeholder="Paste text or code here"
              disabled={working}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
            <div class="inline-field">
              <label for="text-format">Show the text as</label>
              <select
                id="text-format"
                value={format}
                disabled={working}
                onChange={(e) =>
                  setFormat((e.currentTarget as HTMLSelectElement).value as TextFormat | "auto")}
              >
                <option value="auto">
                  {text
                    ? `Detected: ${FORMAT_NAMES[detected].toLowerCase()}`
                    : "Detect from the text"}
                </option>
                {TEXT_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_NAMES[f]}</option>)}
              </select>
            </div>
            <DropZone files={files} onChange={setFiles} disabled={working} />
            <div class="options">
              <div>
                <label for="expires">Expires after</label>
                <select
                  id="expires"
                  value={expires}
                  disabled={working}
                  onChange={(e) => setExpires((e.currentTarget as HTMLSelectElement).value)}
                >
                  {expiryChoices.map((s) => (
                    <option key={s} value={String(s)}>{durationInWords(s)}</option>
                  ))}
                </select>
              </div>
              <div>
                <label for="views">Views</label>
                <select
                  id="views"
                  value={views}
                  disabled={working}
                  onChange={(e) => setViews((e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">Unlimited</option>
                  <option value="1">Burn after reading (1 view)</option>
                  {VIEW_CHOICES.filter((v) => v <= limits.maxViews).map((v) => (
                    <option key={v} value={String(v)}>{v} views</option>
                  ))}
                </select>
              </div>
              <div>
                <label for="password">Password (optional)</label>
                <input
                  id="password"
                  type="password"
                  autocomplete="new-password"
                  value={password}
                  disabled={working}
                  onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
                />
              </div>
              {limits.uploadTokenRequired && (
                <TokenField
                  saved={savedToken !== null}
                  value={uploadToken}
                  onInput={setUploadToken}
                  onReplace={() => {
                    forgetUploadToken();
                    setSavedToken(null);
                  }}
                  disabled={working}
                  inputRef={tokenRef}
                />
              )}
            </div>
            {phase.s === "form" && phase.error && (
              <p class="notice problem" role="alert" tabIndex={-1} ref={errorRef}>{phase.error}</p>
            )}
            {phase.s === "form" && phase.cancelled && (
              <p class="notice" role="status" tabIndex={-1} ref={cancelledRef}>
                Upload cancelled: nothing was shared.
              </p>
            )}
            <div class="actions">
              <button type="submit" class="primary" disabled={!ready || working}>
                Encrypt and share
              </button>
              {working && (
                <button type="button" onClick={cancel} disabled={phase.cancelling}>
                  {phase.cancelling ? "Cancelling…" : "Cancel"}
                </button>
              )}
              <span class="muted">Up to {formatBytes(largest)}.</span>
            </div>
            {working && (
              <Progress
                label={phase.cancelling ? "Cancelling" : "Encrypting and uploading"}
                done={phase.done}
                total={phase.total}
                elapsedMs={performance.now() - phase.started}
              />
            )}
          </form>
        )}
      <History
        shares={history}
        onForget={(id) => setHistory(forget(id))}
        onForgetAll={() => setHistory(forgetAll())}
      />
    </>
  );
}
