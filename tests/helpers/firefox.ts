/**
 * Real-Firefox test support: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi.
 * Firefox is the second engine: it has no File System Access API, so it takes the paths other
 * browsers and phones take. Pages open in fresh contexts that record console errors, page errors
 * and CSP violations, as tests/helpers/browser.ts does for Chromium.
 * @module
 */
import puppeteer, { type Browser, type BrowserContext, type Page } from "puppeteer-core";
import { type Engine, engineTest } from "./browser.ts";

/**
 * Where Debian installs Firefox ESR.
 * @example
 * ```ts
 * Deno.statSync(FIREFOX_PATH);
 * ```
 */
export const FIREFOX_PATH = "/usr/bin/firefox-esr";

/**
 * Debian's Firefox ESR, headless, as an {@link Engine}.
 * @example
 * ```ts
 * await using browser = await FIREFOX.launch();
 * ```
 */
export const FIREFOX: Engine<Browser> = {
  name: "Firefox",
  debianPackage: "firefox-esr",
  executablePath: FIREFOX_PATH,
  launch: () => launchFirefox(),
};

/**
 * Launches Debian's Firefox ESR, headless. With `watchNetwork: false` the driver does not follow
 * the network (`page.goto` then resolves with no response): WebDriver BiDi's network monitoring
 * keeps response data in Firefox's parent process (a 512 MiB download grew it by ~1 GiB where
 * it grew ~0.2 GiB without), which a memory measurement must not count. With `downloadDir`,
 * downloads are saved there without asking — set by preferences at launch, since Firefox 140 ESR
 * has no WebDriver BiDi command for it (`browser.setDownloadBehavior` came later).
 * @example
 * ```ts
 * await using browser = await launchFirefox({ watchNetwork: false });
 * ```
 */
export function launchFirefox(
  options: { watchNetwork?: boolean; downloadDir?: string } = {},
): Promise<Browser> {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX_PATH,
    networkEnabled: options.watchNetwork ?? true,
    ...(options.downloadDir
      ? {
        extraPrefsFirefox: {
          "browser.download.dir": options.downloadDir,
          "browser.download.folderList": 2,
          "browser.download.useDownloadDir": true,
          "browser.download.always_ask_before_handling_new_types": false,
        },
      }
      : {}),
  });
}

/**
 * Registers one test file's cases as a single Deno test with steps, sharing one Firefox.
 * @example
 * ```ts
 * firefoxTest("web app in Firefox", async (browser, t) => {
 *   await t.step("firefox - shows text", async () => {});
 * });
 * ```
 */
export function firefoxTest(
  name: string,
  fn: (browser: Browser, t: Deno.TestContext) => Promise<void>,
): void {
  engineTest(FIREFOX, name, fn);
}

/** A page in its own fresh context; `await using` closes the context. */
export interface FirefoxPage extends AsyncDisposable {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and (once read) CSP violations, in order. */
  problems(): Promise<string[]>;
}

/**
 * Opens a page in a fresh context (another person's browser) that records console errors, page
 * errors and `securitypolicyviolation` events. Pass `context` for one made with options (such as
 * where downloads go); it is closed with the page.
 * @example
 * ```ts
 * await using reader = await firefoxPage(browser);
 * await reader.page.goto(link);
 * assert.deepEqual(await reader.problems(), []);
 * ```
 */
export async function firefoxPage(
  browser: Browser,
  context?: BrowserContext,
): Promise<FirefoxPage> {
  context ??= await browser.createBrowserContext();
  const page = await context.newPage();
  const seen: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") seen.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => seen.push(`page error: ${(e as Error).message ?? e}`));
  // Kept in the page and read on demand: a binding back to Deno would be one more moving part.
  await page.evaluateOnNewDocument(() => {
    const violations: string[] = [];
    Object.defineProperty(globalThis, "__hushlinkCsp", { value: violations });
    document.addEventListener("securitypolicyviolation", (e) => {
      violations.push(`CSP: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return {
    context,
    page,
    async problems() {
      const csp = await page.evaluate(() =>
        (globalThis as unknown as { __hushlinkCsp?: string[] }).__hushlinkCsp ?? []
      );
      return [...seen, ...csp];
    },
    [Symbol.asyncDispose]: () => context.close(),
  };
}

/** Where {@link waitUntil} evaluates: a page or one of its frames. */
type Realm = Pick<Page, "evaluate">;

/**
 * Resolves once `test` (run in `realm` with `arg`) returns true, polling every 100 ms; rejects
 * after `timeout` ms. Puppeteer's own `waitForFunction` builds its poller with `Function()` in the
 * page, which Firefox 140 ESR refuses under the pages' CSP (no `unsafe-eval`); `evaluate` goes
 * through WebDriver BiDi's script.callFunction, which the page's CSP does not govern.
 */
export async function waitUntil<A extends string | null>(
  realm: Realm,
  test: (arg: A) => boolean,
  arg: A,
  timeout: number,
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await realm.evaluate(test as (arg: string | null) => boolean, arg))) {
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${test.toString()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Clicks (with real input events) the first element matching `selector` whose text includes
 * `text`, once there is one. Puppeteer's text locators poll with `Function()` in the page, which
 * Firefox 140 ESR refuses under the pages' CSP; this polls through {@link waitUntil} instead.
 */
export async function clickText(
  page: Page,
  selector: string,
  text: string,
  timeout: number,
): Promise<void> {
  const query = JSON.stringify({ selector, text });
  await waitUntil(
    page,
    (q: string | null) => {
      const { selector, text } = JSON.parse(q!);
      return [...document.querySelectorAll(selector)].some((e) => e.textContent?.includes(text));
    },
    query,
    timeout,
  );
  for (const handle of await page.$$(selector)) {
    if (await handle.evaluate((e, t) => e.textContent?.includes(t) === true, text)) {
      await handle.click();
      return;
    }
  }
  throw new Error(`no ${selector} with the text ${text} to click`);
}
