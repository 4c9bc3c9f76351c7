/**
 * Web viewer bench in headless Chromium: the JavaScript needed to show a text share (raw and
 * gzipped; the lazily loaded renderers listed apart), and the time from navigation to decrypted
 * content on the page for a 1 KiB text share and a 50 MiB file. Shares are made with the shared
 * client from Deno so only the viewer is measured.
 *
 * Standalone: `deno run -A bench/web.ts [--quick]`.
 * @module
 */
import type { Browser } from "playwright-core";
import { createShare } from "../lib/client/mod.ts";
import type { Manifest } from "../lib/crypto/mod.ts";
import { ensureBuilt, launchBrowser } from "../tests/helpers/browser.ts";
import { startTestServer } from "../tests/helpers/server.ts";
import type { AssetManifest } from "../lib/asset_manifest.ts";

/** Options of {@link benchWeb}. */
export interface WebBenchOptions {
  /** Fewer runs and a smaller large file, for a smoke run. */
  quick?: boolean;
}

/** Result of {@link benchWeb}. */
export interface WebBenchResult {
  /** JS fetched before a text share is shown, raw and gzipped bytes. */
  textShareJs: { raw: number; gzip: number; files: string[] };
  /** Lazily loaded bundles (not needed to show text), gzipped bytes each. */
  lazyJsGzip: Record<string, number>;
  /** Lazy bundles whose fetch started before the text share was shown (should be none). */
  lazyBeforeText: string[];
  /** Lazy bundles fetched after the text was shown (the highlighter upgrading it, by design). */
  lazyAfterText: string[];
  /** Median ms from navigation start to the decrypted 1 KiB text on the page. */
  text1KiBMs: number;
  /** Median ms from navigation start to the decrypted large file ready to save. */
  largeFileMs: number;
  /** Size of the large file in bytes. */
  largeFileBytes: number;
}

async function gzipSize(bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/**
 * The middle value (the upper one of the two middles for an even count).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { median } from "./web.ts";
 * assert.equal(median([3, 1, 2]), 2);
 * ```
 */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function share(server: string, name: string, type: string, body: Blob): Promise<string> {
  const manifest: Manifest = {
    v: 1,
    kind: name === "paste.txt" ? "text" : "files",
    created: new Date().toISOString(),
    files: [{ name, type, size: body.size }],
  };
  return (await createShare(manifest, [body.stream()], { server })).link;
}

/**
 * Opens `link` in a fresh context; ms from navigation start until `selector` exists, and the paths
 * of the resources whose fetch started before then. With `click`, the page clicks the button with
 * that text as soon as it shows (a person's choice, made at once).
 */
async function timeToShown(
  browser: Browser,
  link: string,
  selector: string,
  onScript?: (url: string, body: Uint8Array<ArrayBuffer>) => void,
  click?: string,
): Promise<{ ms: number; before: string[] }> {
  const context = await browser.newContext();
  const bodies: Promise<void>[] = [];
  try {
    const page = await context.newPage();
    if (onScript) {
      page.on("response", (res) => {
        if (res.request().resourceType() !== "script") return;
        bodies.push(res.body().then((b) => onScript(res.url(), new Uint8Array(b))));
      });
    }
    // Observe from the first byte of the document, so the time is the page's own clock.
    await page.addInitScript(({ sel, click }: { sel: string; click: string | null }) => {
      new MutationObserver((_m, obs) => {
        const button = click === null ? undefined : [...document.querySelectorAll("button")]
          .find((b) => b.textContent === click);
        if (button && !button.dataset.clicked) {
          button.dataset.clicked = "yes";
          button.click();
        }
        if (document.querySelector(sel)) {
          (globalThis as unknown as { __shown: number }).__shown = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, { sel: selector, click: click ?? null });
    await page.goto(link);
    await page.waitForFunction(() => "__shown" in globalThis, undefined, { timeout: 300_000 });
    await page.waitForLoadState("networkidle");
    const { shown, before } = await page.evaluate(() => {
      const shown = (globalThis as unknown as { __shown: number }).__shown;
      const before = performance.getEntriesByType("resource")
        .filter((e) => e.startTime <= shown).map((e) => new URL(e.name).pathname);
      return { shown, before };
    });
    await Promise.all(bodies);
    return { ms: shown, before };
  } finally {
    await context.close();
  }
}

/**
 * Runs the web bench against a fresh local server.
 * @example
 * ```ts
 * import { benchWeb } from "./web.ts";
 * const r = await benchWeb({ quick: true });
 * console.log(r.textShareJs.gzip, r.text1KiBMs);
 * ```
 */
export async function benchWeb(options: WebBenchOptions = {}): Promise<WebBenchResult> {
  await ensureBuilt();
  const assets: AssetManifest = JSON.parse(
    await Deno.readTextFile(new URL("../static/build/manifest.json", import.meta.url)),
  );
  const lazyUrls = new Set(Object.values(assets.lazy));
  const runs = options.quick ? 1 : 5;
  const largeBytes = (options.quick ? 8 : 50) * 1024 * 1024;
  const server = await startTestServer();
  const browser = await launchBrowser();
  try {
    const text = "x".repeat(1023) + "\n";
    const textLink = await share(
      server.url,
      "paste.txt",
      "text/plain; charset=utf-8",
      new Blob([text]),
    );
    const scripts = new Map<string, Uint8Array<ArrayBuffer>>();
    const lazyFetched = new Set<string>();
    const lazyBefore = new Set<string>();
    const textTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { ms, before } = await timeToShown(
        browser,
        textLink,
        ".text-view .prose-text",
        (url, body) => {
          const path = new URL(url).pathname;
          if (lazyUrls.has(path)) lazyFetched.add(path);
          else scripts.set(path, body);
        },
      );
      textTimes.push(ms);
      for (const path of before) if (lazyUrls.has(path)) lazyBefore.add(path);
    }
    let raw = 0;
    let gzip = 0;
    for (const body of scripts.values()) {
      raw += body.length;
      gzip += await gzipSize(body);
    }
    const lazyJsGzip: Record<string, number> = {};
    for (const [name, url] of Object.entries(assets.lazy)) {
      const body = await Deno.readFile(new URL(`../${url.slice(1)}`, import.meta.url));
      lazyJsGzip[name] = await gzipSize(body);
    }

    const big = new Uint8Array(largeBytes);
    for (let i = 0; i < big.length; i += 65_536) {
      crypto.getRandomValues(big.subarray(i, i + 65_536));
    }
    const bigLink = await share(server.url, "big.bin", "application/octet-stream", new Blob([big]));
    const bigTimes: number[] = [];
    for (let i = 0; i < Math.max(1, runs - 2); i++) {
      // Opened in the page: the in-memory path, chosen as the choice of a large share shows.
      const opened = await timeToShown(
        browser,
        bigLink,
        "button.download",
        undefined,
        "Open in this page",
      );
      bigTimes.push(opened.ms);
    }
    return {
      textShareJs: { raw, gzip, files: [...scripts.keys()] },
      lazyJsGzip,
      lazyBeforeText: [...lazyBefore],
      lazyAfterText: [...lazyFetched].filter((path) => !lazyBefore.has(path)),
      text1KiBMs: median(textTimes),
      largeFileMs: median(bigTimes),
      largeFileBytes: largeBytes,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * The result as the lines the bench prints.
 * @example
 * ```ts
 * import { benchWeb, formatWebBench } from "./web.ts";
 * console.log(formatWebBench(await benchWeb({ quick: true })));
 * ```
 */
export function formatWebBench(r: WebBenchResult): string {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  const mib = r.largeFileBytes / 1024 / 1024;
  return [
    `web: JS to show a text share: ${kb(r.textShareJs.raw)} raw, ` +
    `${kb(r.textShareJs.gzip)} gzipped (target ≤ 25 KB) [${r.textShareJs.files.join(", ")}]`,
    `web: lazy bundles (gzipped): ${
      Object.entries(r.lazyJsGzip).map(([k, v]) => `${k} ${kb(v)}`).join(", ")
    }; fetched for a text share before it showed: ${r.lazyBeforeText.join(", ") || "none"}, ` +
    `after: ${r.lazyAfterText.join(", ") || "none"}`,
    `web: navigation → decrypted 1 KiB text: ${r.text1KiBMs.toFixed(0)} ms`,
    `web: navigation → decrypted ${mib} MiB file: ${r.largeFileMs.toFixed(0)} ms ` +
    `(${(mib / (r.largeFileMs / 1000)).toFixed(0)} MiB/s)`,
  ].join("\n");
}

if (import.meta.main) {
  console.log(formatWebBench(await benchWeb({ quick: Deno.args.includes("--quick") })));
}
