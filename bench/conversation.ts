/**
 * Conversation view bench in headless Chromium: a shared 13,000-line Claude Code session (about
 * 22 MB, bench/conversation_session.ts) opened through the real viewer. Measures the time from the
 * decrypted transcript arriving (the viewer's `hushlink:conversation-data` mark) to the frame that
 * paints the first turn, and the longest main-thread task (Long Tasks API) while it renders, while
 * the reader scrolls to the end, and while switching "Chat only" / "Everything". Both are taken in
 * the page: Playwright's own waiting and its round trips queue behind the page's tasks (they
 * added ~0.4 s to the first turn when read from outside).
 *
 * Standalone: `deno run -A bench/conversation.ts [--quick]`.
 * @module
 */
import type { Page } from "playwright-core";
import { createShare } from "../lib/client/mod.ts";
import { readConversation, resolveSession } from "../lib/sessions/mod.ts";
import { ensureBuilt, launchBrowser } from "../tests/helpers/browser.ts";
import { startTestServer } from "../tests/helpers/server.ts";
import { largeSession } from "./conversation_session.ts";
import { median } from "./web.ts";

/** Options of {@link benchConversation}. */
export interface ConversationBenchOptions {
  /** A smaller session, for a smoke run. */
  quick?: boolean;
}

/** Result of {@link benchConversation}. */
export interface ConversationBenchResult {
  /** Lines and bytes of the session. */
  lines: number;
  bytes: number;
  /** Decrypted data → the frame painting the first turn, ms (median of the runs). */
  firstTurnMs: number;
  /** Longest task before the data arrived (fetching, decrypting and decompressing the share). */
  beforeDataMaxTaskMs: number;
  /** Longest main-thread task, ms, from the data arriving until the first batch settled. */
  renderMaxTaskMs: number;
  /** Longest task while scrolling to the end (batches rendering as they come into view). */
  scrollMaxTaskMs: number;
  /** Longest task while switching "Chat only" and back, twice. */
  switchMaxTaskMs: number;
}

/** The longest task that started in [`from`, `to`) (page clock, ms). */
function maxTask(page: Page, from: number, to = Infinity): Promise<number> {
  return page.evaluate(([a, b]) => {
    const tasks = (globalThis as unknown as { __tasks: { start: number; duration: number }[] })
      .__tasks;
    return Math.max(0, ...tasks.filter((x) => x.start >= a && x.start < b).map((x) => x.duration));
  }, [from, to]);
}

const now = (page: Page) => page.evaluate(() => performance.now());
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  link: string,
): Promise<Omit<ConversationBenchResult, "lines" | "bytes">> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const tasks: { start: number; duration: number }[] = [];
      const page = globalThis as unknown as { __tasks: typeof tasks; __firstTurnFrame: number };
      page.__tasks = tasks;
      // The first turn is inserted in some task; the next animation frame paints it.
      new MutationObserver((_, observer) => {
        if (!document.querySelector(".cv-turn")) return;
        observer.disconnect();
        requestAnimationFrame(() => page.__firstTurnFrame = performance.now());
      }).observe(document, { childList: true, subtree: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(link);
    await page.waitForFunction(() => "__firstTurnFrame" in globalThis, null, { timeout: 120_000 });
    const [data, shown] = await page.evaluate(() => [
      performance.getEntriesByName("hushlink:conversation-data")[0]?.startTime ?? NaN,
      (globalThis as unknown as { __firstTurnFrame: number }).__firstTurnFrame,
    ]);
    await pause(1500);
    const renderMaxTaskMs = await maxTask(page, data);
    const beforeDataMaxTaskMs = await maxTask(page, 0, data);
    const scrollStart = await now(page);
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, 4000);
      await pause(50);
    }
    await pause(500);
    const scrollMaxTaskMs = await maxTask(page, scrollStart);
    const switchStart = await now(page);
    // Found by CSS, not getByRole: a role query computes the accessible name of every element on
    // the page, a long task of its own (~0.5 s on a long session) that the bench would count.
    for (let i = 0; i < 2; i++) {
      await page.locator(".cv-modes button", { hasText: "Chat only" }).click();
      await pause(300);
      await page.locator(".cv-modes button", { hasText: "Everything" }).click();
      await pause(300);
    }
    const switchMaxTaskMs = await maxTask(page, switchStart);
    return {
      firstTurnMs: shown - data,
      beforeDataMaxTaskMs,
      renderMaxTaskMs,
      scrollMaxTaskMs,
      switchMaxTaskMs,
    };
  } finally {
    await context.close();
  }
}

/**
 * Runs the conversation bench against a fresh local server.
 * @example
 * ```ts
 * import { benchConversation } from "./conversation.ts";
 * const r = await benchConversation({ quick: true });
 * console.log(r.firstTurnMs, r.renderMaxTaskMs);
 * ```
 */
export async function benchConversation(
  options: ConversationBenchOptions = {},
): Promise<ConversationBenchResult> {
  await ensureBuilt();
  const lines = options.quick ? 3_000 : 13_000;
  const text = largeSession(lines);
  const dir = await Deno.makeTempDir({ prefix: "hushlink-bench-cv-" });
  const server = await startTestServer();
  const browser = await launchBrowser();
  try {
    const path = `${dir}/0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9.jsonl`;
    await Deno.writeTextFile(path, text);
    const c = await readConversation(await resolveSession(path), { redact: false });
    const { link } = await createShare(c.manifest, [new Blob([c.body]).stream()], {
      server: server.url,
    });
    const runs = [];
    for (let i = 0; i < (options.quick ? 1 : 3); i++) runs.push(await run(browser, link));
    return {
      lines: text.split("\n").length - 1,
      bytes: new TextEncoder().encode(text).length,
      firstTurnMs: median(runs.map((r) => r.firstTurnMs)),
      beforeDataMaxTaskMs: median(runs.map((r) => r.beforeDataMaxTaskMs)),
      renderMaxTaskMs: median(runs.map((r) => r.renderMaxTaskMs)),
      scrollMaxTaskMs: median(runs.map((r) => r.scrollMaxTaskMs)),
      switchMaxTaskMs: median(runs.map((r) => r.switchMaxTaskMs)),
    };
  } finally {
    await browser.close();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The result as the lines the bench prints.
 * @example
 * ```ts
 * import { benchConversation, formatConversationBench } from "./conversation.ts";
 * console.log(formatConversationBench(await benchConversation({ quick: true })));
 * ```
 */
export function formatConversationBench(r: ConversationBenchResult): string {
  const size = `${r.lines.toLocaleString("en")} lines, ${(r.bytes / 1e6).toFixed(1)} MB`;
  return [
    `conversation (${size}): decrypted data → first turn painted ${r.firstTurnMs.toFixed(0)} ms ` +
    `(target ≤ 1000)`,
    `conversation: longest main-thread task: rendering ${r.renderMaxTaskMs.toFixed(0)} ms, ` +
    `scrolling ${r.scrollMaxTaskMs.toFixed(0)} ms, switching ${r.switchMaxTaskMs.toFixed(0)} ms ` +
    `(target ≤ 200 each; 0 = none over 50 ms)`,
    `conversation: longest task before the data arrived (fetch, decrypt, decompress): ` +
    `${r.beforeDataMaxTaskMs.toFixed(0)} ms`,
  ].join("\n");
}

if (import.meta.main) {
  console.log(
    formatConversationBench(await benchConversation({ quick: Deno.args.includes("--quick") })),
  );
}
