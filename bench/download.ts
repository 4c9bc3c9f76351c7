/**
 * Web download bench: a large share saved the way browsers without a save picker do (through the
 * service worker, islands/sw/), at two sizes, in headless Chromium (its picker taken away) and
 * Firefox, against one server (main.ts in its own process). It measures what the browser holds
 * while downloading — the proportional set size (PSS) of all the browser's processes together,
 * sampled every 50 ms — and the time from the click to the page saying the file is saved; every
 * saved file is compared byte for byte with the source. For contrast, the smaller share is also
 * opened "in this page" in Chromium, the in-memory path the page takes without a service worker.
 *
 * Standalone: `deno run -A bench/download.ts [--quick]`.
 * @module
 */
import type { Browser, Page } from "playwright-core";
import type { Browser as FirefoxBrowser } from "puppeteer-core";
import { ensureBuilt, launchBrowser } from "../tests/helpers/browser.ts";
import {
  clickText,
  FIREFOX_PATH,
  firefoxPage,
  launchFirefox,
  waitUntil,
} from "../tests/helpers/firefox.ts";
import { spawnServer } from "../tests/helpers/process_server.ts";
import { createShare } from "../lib/client/mod.ts";
import { writeRandomFile } from "./cli.ts";
import { descendants } from "./processes.ts";

const MiB = 1024 * 1024;

/** Options of {@link benchDownload}. */
export interface DownloadBenchOptions {
  /** 64 and 256 MiB instead of 64 MiB and 1 GiB. */
  quick?: boolean;
}

/** The browsers the bench drives. */
type Engine = "Chromium" | "Firefox";

/** One download measured. */
export interface DownloadRun {
  /** The browser (absent in results saved before Firefox was measured: Chromium). */
  engine?: "Chromium" | "Firefox";
  /** Size of the file in bytes. */
  bytes: number;
  /** "stream": saved through the service worker; "memory": opened in the page, then saved. */
  path: "stream" | "memory";
  /** Click to the page saying it is done, ms. */
  ms: number;
  /** PSS of all the browser's processes with the page open, before the click, bytes. */
  baseline: number;
  /** Highest PSS sampled from the click to the end, bytes. */
  peak: number;
  /** Highest PSS sampled in the first and in the second half of the download's time, bytes. */
  halves: [number, number];
}

/** How flat one browser's memory stayed over its streamed downloads. */
export interface Flatness {
  engine: "Chromium" | "Firefox";
  /** Growth of the streamed path's peak over its baseline, at the larger size less the smaller. */
  streamGrowth: number;
  /**
   * The larger streamed download's peak in the second half of its time less that in the first:
   * about 0 when memory stays flat, the size of what accumulates otherwise.
   */
  lateGrowth: number;
}

/** Result of {@link benchDownload}. */
export interface DownloadBenchResult {
  runs: DownloadRun[];
  /** Per browser (Firefox absent when it is not installed). */
  flatness: Flatness[];
}

/**
 * PSS of one browser's processes, in bytes: those below this one (but the server, `exclude`, and
 * its own) whose program is that browser's (both browsers run beside each other in the bench).
 */
function browserMemory(exclude: number, engine: Engine): number {
  let total = 0;
  for (const pid of descendants(exclude)) {
    try {
      const program = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0")[0];
      if (!program.includes(engine === "Chromium" ? "chrom" : "firefox")) continue;
      const text = Deno.readTextFileSync(`/proc/${pid}/smaps_rollup`);
      total += Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Whether two files hold the same bytes, read 4 MiB at a time (nothing big in memory). */
async function sameFiles(a: string, b: string): Promise<boolean> {
  using fa = await Deno.open(a);
  using fb = await Deno.open(b);
  if ((await fa.stat()).size !== (await fb.stat()).size) return false;
  const ba = new Uint8Array(4 * MiB);
  const bb = new Uint8Array(4 * MiB);
  for (;;) {
    const na = await readFull(fa, ba);
    const nb = await readFull(fb, bb);
    if (na !== nb) return false;
    if (na === 0) return true;
    for (let i = 0; i < na; i++) if (ba[i] !== bb[i]) return false;
  }
}

async function readFull(file: Deno.FsFile, buf: Uint8Array): Promise<number> {
  let n = 0;
  while (n < buf.length) {
    const got = await file.read(buf.subarray(n));
    if (got === null) break;
    n += got;
  }
  return n;
}

/**
 * Measures one download: `ready` brings the page to the point of the click, `save` clicks and
 * resolves with the saved file's path once the page says it is saved.
 */
async function measured(
  run: Omit<DownloadRun, "ms" | "baseline" | "peak" | "halves">,
  source: string,
  server: number,
  save: () => Promise<string>,
): Promise<DownloadRun> {
  const engine = run.engine ?? "Chromium";
  const baseline = browserMemory(server, engine);
  const start = performance.now();
  const samples: { at: number; pss: number }[] = [];
  const sample = () =>
    samples.push({ at: performance.now() - start, pss: browserMemory(server, engine) });
  const sampler = setInterval(sample, 50);
  try {
    const saved = await save();
    const ms = performance.now() - start;
    sample();
    if (!await sameFiles(saved, source)) throw new Error(`the ${run.path} download differs`);
    const peakOf = (from: number, to: number) =>
      Math.max(baseline, ...samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.pss));
    return {
      ...run,
      ms,
      baseline,
      peak: peakOf(0, Infinity),
      halves: [peakOf(0, ms / 2), peakOf(ms / 2, Infinity)],
    };
  } finally {
    clearInterval(sampler);
  }
}

/** Saves the share at `link` in Chromium, without its save picker, by `path`. */
async function inChromium(
  browser: Browser,
  link: string,
  source: string,
  bytes: number,
  path: DownloadRun["path"],
  server: number,
): Promise<DownloadRun> {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    // A browser without a save picker: Firefox, Safari, phones.
    await page.addInitScript(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      delete w.showSaveFilePicker;
      delete w.showDirectoryPicker;
    });
    await page.goto(link);
    await page.waitForSelector("text=Open in this page", { timeout: 600_000 });
    const run = { engine: "Chromium" as const, bytes, path };
    return await measured(
      run,
      source,
      server,
      () => path === "stream" ? streamed(page) : inMemory(page),
    );
  } finally {
    await context.close();
  }
}

async function streamed(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 600_000 }),
    page.click("button.primary:has-text('Download')"),
  ]);
  await page.waitForSelector("text=saved to your downloads", { timeout: 600_000 });
  return await download.path();
}

async function inMemory(page: Page): Promise<string> {
  await page.click("text=Open in this page");
  const button = page.locator("button.primary:has-text('Download')");
  await button.waitFor({ timeout: 600_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  return await download.path();
}

/** How long a download may take before the bench gives up on it, ms. */
const DEADLINE = 600_000;

/**
 * Saves the share at `link` in Firefox, through the service worker, into `dir`: the download
 * folder Firefox was launched with (Firefox 140 ESR has no WebDriver BiDi command to set one per
 * context), empty before the click and emptied again after: Firefox names a download
 * `download(1).bin` when `download.bin` is there already, so the saved file is found by its size,
 * not its name (see {@link savedIn}).
 */
async function inFirefox(
  browser: FirefoxBrowser,
  link: string,
  source: string,
  bytes: number,
  server: number,
  dir: string,
): Promise<DownloadRun> {
  const left = [...Deno.readDirSync(dir)].map((e) => e.name);
  if (left.length > 0) throw new Error(`Firefox's download folder is not empty: ${left}`);
  await using tab = await firefoxPage(browser);
  await tab.page.goto(link);
  // Puppeteer's own pollers are refused under the pages' CSP in Firefox 140 ESR (see waitUntil).
  const says = (text: string | null) =>
    document.querySelector("main")?.textContent?.includes(text!) === true;
  await waitUntil(tab.page, says, "Open in this page", DEADLINE);
  const pageText = () =>
    tab.page.evaluate(() => (document.querySelector("main") as HTMLElement | null)?.innerText ?? "")
      .catch((e) => `(unreadable: ${e})`);
  const run = { engine: "Firefox" as const, bytes, path: "stream" as const };
  const result = await measured(run, source, server, async () => {
    await clickText(tab.page, "button.primary", "Download", DEADLINE);
    const saved = await savedIn(dir, bytes, pageText);
    await waitUntil(tab.page, says, "saved to your downloads", DEADLINE);
    return saved;
  });
  for (const e of Deno.readDirSync(dir)) await Deno.remove(`${dir}/${e.name}`);
  return result;
}

/**
 * The one file Firefox saved into `dir`, once it is `bytes` long and no `.part` file (which
 * Firefox writes beside it and renames when the download is whole) is left. Fails after
 * {@link DEADLINE} with what the folder held and what the page said (`page`).
 */
async function savedIn(dir: string, bytes: number, page: () => Promise<string>): Promise<string> {
  const deadline = Date.now() + DEADLINE;
  for (;;) {
    const files = [...Deno.readDirSync(dir)].map((e) => ({
      name: e.name,
      size: sizeOf(`${dir}/${e.name}`),
    }));
    const whole = files.filter((f) => f.size === bytes);
    if (!files.some((f) => f.name.endsWith(".part")) && whole.length === 1) {
      return `${dir}/${whole[0].name}`;
    }
    if (Date.now() > deadline) {
      const held = files.map((f) => `${f.name} (${f.size} bytes)`).join(", ") || "nothing";
      throw new Error(
        `no whole ${bytes}-byte download in Firefox's download folder after ${DEADLINE} ms; ` +
          `it held ${held}; the page said: ${(await page()).slice(0, 500)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A file's size, or -1 when it is gone (Firefox renamed it meanwhile). */
function sizeOf(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch {
    return -1;
  }
}

/**
 * Runs the bench against a fresh server process.
 * @example
 * ```ts
 * import { benchDownload } from "./download.ts";
 * const r = await benchDownload({ quick: true });
 * console.log(r.flatness);
 * ```
 */
export async function benchDownload(
  options: DownloadBenchOptions = {},
): Promise<DownloadBenchResult> {
  await ensureBuilt();
  const sizes = options.quick ? [64 * MiB, 256 * MiB] : [64 * MiB, 1024 * MiB];
  const dir = await Deno.makeTempDir({ prefix: "hushlink-bench-download-" });
  const server = await spawnServer({ startTask: true });
  const browser = await launchBrowser();
  // Firefox saves every download into this one folder, set when it is launched.
  const saved = await Deno.makeTempDir({ dir, prefix: "firefox-" });
  // Not following the network: WebDriver BiDi's monitoring would add its own copies to the count.
  const firefox = await available(FIREFOX_PATH)
    ? await launchFirefox({ watchNetwork: false, downloadDir: saved })
    : null;
  try {
    const runs: DownloadRun[] = [];
    for (const bytes of sizes) {
      const source = await writeRandomFile(`${dir}/${bytes}.bin`, bytes);
      const file = await Deno.open(source);
      const { link } = await createShare(
        {
          v: 1,
          kind: "files",
          created: new Date().toISOString(),
          files: [{ name: "download.bin", type: "application/octet-stream", size: bytes }],
        },
        [file.readable],
        { server: server.origin },
      );
      runs.push(await inChromium(browser, link, source, bytes, "stream", server.pid));
      if (bytes === sizes[0]) {
        runs.push(await inChromium(browser, link, source, bytes, "memory", server.pid));
      }
      if (firefox) {
        runs.push(await inFirefox(firefox, link, source, bytes, server.pid, saved));
      }
      await Deno.remove(source);
    }
    const growth = (r: DownloadRun) => r.peak - r.baseline;
    const flatness = (["Chromium", "Firefox"] as const).flatMap((engine): Flatness[] => {
      const streams = runs.filter((r) =>
        r.path === "stream" && (r.engine ?? "Chromium") === engine
      );
      if (streams.length < 2) return [];
      const [small, large] = [streams[0], streams[streams.length - 1]];
      return [{
        engine,
        streamGrowth: growth(large) - growth(small),
        lateGrowth: large.halves[1] - large.halves[0],
      }];
    });
    return { runs, flatness };
  } finally {
    await firefox?.close();
    await browser.close();
    await server.dispose();
    await Deno.remove(dir, { recursive: true });
  }
}

async function available(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isFile, () => false);
}

/**
 * The result as the lines the bench prints.
 * @example
 * ```ts
 * import { benchDownload, formatDownloadBench } from "./download.ts";
 * console.log(formatDownloadBench(await benchDownload({ quick: true })));
 * ```
 */
export function formatDownloadBench(r: DownloadBenchResult): string {
  const mib = (b: number) => `${(b / MiB).toFixed(0)} MiB`;
  return [
    "web download without a save picker (PSS of all the browser's processes):",
    ...r.runs.map((run) =>
      `  ${run.engine ?? "Chromium"}, ${mib(run.bytes)} ${
        run.path === "stream" ? "streamed via service worker" : "in memory"
      }: ${(run.ms / 1000).toFixed(2)} s (${
        (run.bytes / MiB / (run.ms / 1000)).toFixed(0)
      } MiB/s), ` +
      `browser ${mib(run.baseline)} → peak ${mib(run.peak)} (+${mib(run.peak - run.baseline)})`
    ),
    ...r.flatness.map((f) =>
      `  ${f.engine} streamed: the peak grew ${mib(f.streamGrowth)} more for the larger file; ` +
      `in the larger download, the peak of its second half is ${mib(f.lateGrowth)} above that ` +
      `of its first (flat = about 0)`
    ),
  ].join("\n");
}

if (import.meta.main) {
  console.log(formatDownloadBench(await benchDownload({ quick: Deno.args.includes("--quick") })));
}
