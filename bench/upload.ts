/**
 * Web upload bench: the same random file uploaded through the upload form in headless Chromium
 * and with the share script (`share.ts FILE`, process start to exit), against one server
 * (main.ts in its own process) in one run, alternating; the ratio of the median times, and what
 * the page's main thread went through during the browser uploads: its long tasks (the Long Tasks
 * API, over 50 ms) and the longest wait between two moves of the progress bar. The browser upload
 * is timed on the page's clock, from the form's submit to the link on the page. The CPU time each
 * upload cost — Chromium's processes or the script's, and the server's — comes from /proc.
 *
 * Standalone: `deno run -A bench/upload.ts [--quick] [--runs N] [--mib N]`.
 * @module
 */
import type { Browser } from "playwright-core";
import { ensureBuilt, launchBrowser } from "../tests/helpers/browser.ts";
import { spawnServer } from "../tests/helpers/process_server.ts";
import { timed, writeRandomFile } from "./cli.ts";
import { cpuSeconds, descendants } from "./processes.ts";
import { median } from "./web.ts";
import { processCpu } from "./wrk.ts";

const MiB = 1024 * 1024;
/** How long after the link shows the page's tasks still count as the upload's. */
const AFTER_LINK_MS = 500;

/** Options of {@link benchUpload}. */
export interface UploadBenchOptions {
  /** Two runs each instead of five. */
  quick?: boolean;
  /** Runs of each (overrides `quick`). */
  runs?: number;
  /** File size in MiB (64 by default: the size the target names). */
  mib?: number;
}

/** What one browser upload measured. */
export interface BrowserUploadRun {
  /** Submit to the link on the page, ms. */
  ms: number;
  /**
   * Main-thread tasks over 50 ms during the upload and in the {@link AFTER_LINK_MS} after the link
   * showed (the result's own follow-up work), their durations in ms.
   */
  longTasks: number[];
  /** Longest time the progress bar stood still between the submit and reaching its total, ms. */
  progressMaxGapMs: number;
  /** Moves of the progress bar. */
  progressMoves: number;
  /** CPU seconds Chromium's processes used during the upload (null without /proc). */
  cpu: number | null;
}

/** CPU seconds one upload cost, medians over the runs (null without /proc). */
export interface UploadCpu {
  /** The uploader: Chromium's processes, or the share script's process. */
  client: number | null;
  /** The server, for the same upload. */
  server: number | null;
}

/** Result of {@link benchUpload}. */
export interface UploadBenchResult {
  /** Size of the file in bytes. */
  bytes: number;
  /** The share script's times, ms, in run order. */
  scriptMs: number[];
  /** The browser uploads, in run order. */
  browser: BrowserUploadRun[];
  /** Median of the browser uploads' times, ms. */
  browserMedianMs: number;
  /** Median of the share script's times, ms. */
  scriptMedianMs: number;
  /** browserMedianMs / scriptMedianMs (target ≤ 1.5). */
  ratio: number;
  /** The longest main-thread task of any browser upload, ms (0 when none was over 50 ms). */
  longestTaskMs: number;
  /** Tasks over 100 ms in the browser upload that had the most (target 0). */
  tasksOver100: number;
  /** The longest the progress bar stood still in any browser upload, ms. */
  progressMaxGapMs: number;
  /** CPU per upload through the form. */
  browserCpu: UploadCpu;
  /** CPU per upload with the share script. */
  scriptCpu: UploadCpu;
}

/** CPU seconds used so far by the processes below this one, less those of `exclude`'s tree. */
function childrenCpu(exclude: number): number | null {
  let pids: number[];
  try {
    pids = descendants(exclude);
  } catch {
    return null; // no /proc
  }
  let total = 0;
  for (const pid of pids) {
    try {
      total += cpuSeconds(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** `after - before` when both are known. */
const spent = (before: number | null, after: number | null) =>
  before === null || after === null ? null : after - before;

/** What the page records: installed before any of the page's own scripts run. */
function instrument(): void {
  type Bench = {
    submitted: number | null;
    shown: number | null;
    tasks: { start: number; duration: number }[];
    moves: number[];
    last: number;
  };
  const bench: Bench = { submitted: null, shown: null, tasks: [], moves: [], last: 0 };
  (globalThis as unknown as { __bench: Bench }).__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      bench.tasks.push({ start: e.startTime, duration: e.duration });
    }
  }).observe({ type: "longtask", buffered: true });
  document.addEventListener("submit", () => {
    bench.submitted = performance.now();
  }, true);
  new MutationObserver(() => {
    if (bench.submitted === null || bench.shown !== null) return;
    const bar = document.querySelector<HTMLProgressElement>("form progress");
    if (bar && bar.value > bench.last) {
      bench.last = bar.value;
      bench.moves.push(performance.now());
    }
    if (document.getElementById("share-link")) bench.shown = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** One upload of `file` through the form on a fresh page; checks the server holds the share. */
async function browserUpload(
  browser: Browser,
  origin: string,
  file: string,
  bytes: number,
  server: number,
): Promise<BrowserUploadRun & { serverCpu: number | null }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(instrument);
    await page.goto(`${origin}/`);
    await page.waitForSelector("[data-island=upload] form[data-ready]");
    await page.setInputFiles("#files", file);
    const cpuBefore = childrenCpu(server);
    const serverBefore = (await processCpu(server))?.total ?? null;
    await page.click("button[type=submit]");
    const link = await page.locator("#share-link").inputValue({ timeout: 600_000 });
    const cpu = spent(cpuBefore, childrenCpu(server));
    const serverCpu = spent(serverBefore, (await processCpu(server))?.total ?? null);
    // Long-task entries arrive after the task: give the observer a moment.
    await page.waitForTimeout(AFTER_LINK_MS + 300);
    const r = await page.evaluate(() => {
      const b = (globalThis as unknown as {
        __bench: {
          submitted: number;
          shown: number;
          tasks: { start: number; duration: number }[];
          moves: number[];
        };
      }).__bench;
      return { submitted: b.submitted, shown: b.shown, tasks: b.tasks, moves: b.moves };
    });
    const id = new URL(link).pathname.split("/").pop();
    const info = await fetch(`${origin}/api/shares/${id}`);
    const { size } = await info.json();
    if (!info.ok || size < bytes) throw new Error(`the browser's share is not stored whole`);
    let gap = 0;
    let previous = r.submitted;
    for (const t of r.moves) {
      gap = Math.max(gap, t - previous);
      previous = t;
    }
    return {
      ms: r.shown - r.submitted,
      longTasks: r.tasks.filter((t) =>
        t.start + t.duration >= r.submitted && t.start <= r.shown + AFTER_LINK_MS
      )
        .map((t) => t.duration),
      progressMaxGapMs: gap,
      progressMoves: r.moves.length,
      cpu,
      serverCpu,
    };
  } finally {
    await context.close();
  }
}

/**
 * Runs the bench against a fresh server process.
 * @example
 * ```ts
 * import { benchUpload } from "./upload.ts";
 * const r = await benchUpload({ quick: true });
 * console.log(r.ratio, r.longestTaskMs);
 * ```
 */
export async function benchUpload(options: UploadBenchOptions = {}): Promise<UploadBenchResult> {
  await ensureBuilt();
  const bytes = (options.mib ?? 64) * MiB;
  const runs = options.runs ?? (options.quick ? 2 : 5);
  const dir = await Deno.makeTempDir({ prefix: "hushlink-bench-upload-" });
  const server = await spawnServer({ startTask: true });
  const browser = await launchBrowser();
  try {
    const file = await writeRandomFile(`${dir}/upload.bin`, bytes);
    const scriptMs: number[] = [];
    const runsInBrowser: BrowserUploadRun[] = [];
    const cpu = {
      script: [] as number[],
      scriptServer: [] as number[],
      browserServer: [] as number[],
    };
    const known = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
    for (let i = 0; i < runs; i++) {
      // The script's CPU reaches this process's reaped children's count when it exits.
      const before = [cpuSeconds(Deno.pid, true), (await processCpu(server.pid))?.total ?? null];
      const shared = await timed(["--quiet", "--server", server.origin, file]);
      if (shared.code !== 0) throw new Error(`share.ts failed: ${shared.stderr}`);
      scriptMs.push(shared.seconds * 1000);
      cpu.script.push(cpuSeconds(Deno.pid, true) - before[0]!);
      cpu.scriptServer.push(
        ...known([spent(before[1], (await processCpu(server.pid))?.total ?? null)]),
      );
      const { serverCpu, ...run } = await browserUpload(
        browser,
        server.origin,
        file,
        bytes,
        server.pid,
      );
      runsInBrowser.push(run);
      cpu.browserServer.push(...known([serverCpu]));
    }
    const medianOrNull = (xs: number[]) => xs.length === 0 ? null : median(xs);
    const browserMedianMs = median(runsInBrowser.map((r) => r.ms));
    const scriptMedianMs = median(scriptMs);
    return {
      bytes,
      scriptMs,
      browser: runsInBrowser,
      browserMedianMs,
      scriptMedianMs,
      ratio: browserMedianMs / scriptMedianMs,
      longestTaskMs: Math.max(0, ...runsInBrowser.flatMap((r) => r.longTasks)),
      tasksOver100: Math.max(
        ...runsInBrowser.map((r) => r.longTasks.filter((d) => d > 100).length),
      ),
      progressMaxGapMs: Math.max(...runsInBrowser.map((r) => r.progressMaxGapMs)),
      browserCpu: {
        client: medianOrNull(known(runsInBrowser.map((r) => r.cpu))),
        server: medianOrNull(cpu.browserServer),
      },
      scriptCpu: { client: medianOrNull(cpu.script), server: medianOrNull(cpu.scriptServer) },
    };
  } finally {
    await browser.close();
    await server.dispose();
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The result as the lines the bench prints.
 * @example
 * ```ts
 * import { benchUpload, formatUploadBench } from "./upload.ts";
 * console.log(formatUploadBench(await benchUpload({ quick: true })));
 * ```
 */
export function formatUploadBench(r: UploadBenchResult): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const browserMs = r.browser.map((b) => b.ms);
  return [
    `web upload of ${r.bytes / MiB} MiB: form ${s(r.browserMedianMs)}, share script ${
      s(r.scriptMedianMs)
    } (medians of ${r.scriptMs.length}): ${r.ratio.toFixed(2)}× (target ≤ 1.5×)`,
    `  form runs: ${browserMs.map(s).join(", ")}; script runs: ${r.scriptMs.map(s).join(", ")}`,
    `  page's main thread: longest task ${r.longestTaskMs.toFixed(0)} ms, ` +
    `${r.tasksOver100} over 100 ms in the worst run (target 0); ` +
    `progress bar still for at most ${r.progressMaxGapMs.toFixed(0)} ms ` +
    `(${r.browser.map((b) => b.progressMoves).join(", ")} moves)`,
    `  CPU per upload (medians): ${formatUploadCpu(r)}`,
  ].join("\n");
}

/**
 * The CPU each way of uploading cost, as one phrase.
 * @example
 * ```ts
 * import { benchUpload, formatUploadCpu } from "./upload.ts";
 * console.log(formatUploadCpu(await benchUpload({ quick: true })));
 * ```
 */
export function formatUploadCpu(r: UploadBenchResult): string {
  const s = (x: number | null) => x === null ? "n/a" : `${x.toFixed(2)} s`;
  return `the form's Chromium processes ${s(r.browserCpu.client)} (server ${
    s(r.browserCpu.server)
  }), the share script ${s(r.scriptCpu.client)} (server ${s(r.scriptCpu.server)})`;
}

if (import.meta.main) {
  const arg = (name: string) => {
    const at = Deno.args.indexOf(name);
    return at >= 0 ? Number(Deno.args[at + 1]) : undefined;
  };
  console.log(formatUploadBench(
    await benchUpload({
      quick: Deno.args.includes("--quick"),
      runs: arg("--runs"),
      mib: arg("--mib"),
    }),
  ));
}
