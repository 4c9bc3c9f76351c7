/**
 * Real-Chromium test support: launches Debian's Chromium through playwright-core (one browser per
 * test file), builds the island bundles when they are missing, and opens pages that collect every
 * console error, page error and CSP violation. Without Chromium the tests are skipped loudly,
 * unless HUSHLINK_REQUIRE_BROWSER=1, which makes them fail instead.
 * @module
 */
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * Where Debian installs Chromium.
 * @example
 * ```ts
 * Deno.statSync(CHROMIUM_PATH);
 * ```
 */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * Launches headless Chromium with the project's flags.
 * @example
 * ```ts
 * const browser = await launchBrowser();
 * await browser.close();
 * ```
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS, headless: true });
}

let built: Promise<void> | null = null;

/**
 * Runs `deno task build`'s script once per process when static/build has no manifest, so the
 * pages have bundles to serve.
 * @example
 * ```ts
 * await ensureBuilt();
 * ```
 */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    const manifest = new URL("../../static/build/manifest.json", import.meta.url);
    try {
      await Deno.stat(manifest);
      return;
    } catch {
      // not built yet
    }
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("../../scripts/build.ts", import.meta.url).pathname],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`build failed:\n${new TextDecoder().decode(stderr)}`);
  })();
  return built;
}

/** A browser engine the tests drive: where Debian installs it and how to launch it. */
export interface Engine<B extends AsyncDisposable> {
  /** "Chromium", "Firefox": for messages. */
  name: string;
  /** Debian's package of it, for the install hint. */
  debianPackage: string;
  executablePath: string;
  launch(): Promise<B>;
}

/**
 * Registers one browser test file's worth of cases as a single Deno test with steps, sharing one
 * browser of `engine` (the build machines have two cores). Skips loudly when the browser is not
 * installed, unless HUSHLINK_REQUIRE_BROWSER=1, which makes that a failure.
 * @example
 * ```ts
 * import { engineTest } from "./browser.ts";
 * import { FIREFOX } from "./firefox.ts";
 * engineTest(FIREFOX, "viewer in Firefox", async (browser, t) => {
 *   await t.step("firefox - shows text", async () => {});
 * });
 * ```
 */
export function engineTest<B extends AsyncDisposable>(
  engine: Engine<B>,
  name: string,
  fn: (browser: B, t: Deno.TestContext) => Promise<void>,
): void {
  const available = isFile(engine.executablePath);
  const required = Deno.env.get("HUSHLINK_REQUIRE_BROWSER") === "1";
  if (!available && !required) {
    console.warn(
      `\n!!! SKIPPING browser tests "${name}": no ${engine.name} at ${engine.executablePath} ` +
        `(install Debian's ${engine.debianPackage}; set HUSHLINK_REQUIRE_BROWSER=1 to make this ` +
        `an error) !!!\n`,
    );
  }
  Deno.test({
    name,
    ignore: !available && !required,
    // The driver keeps its pipe to the browser open between steps; the browser is closed at the end.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(t) {
      if (!available) {
        throw new Error(
          `HUSHLINK_REQUIRE_BROWSER=1 but no ${engine.name} at ${engine.executablePath}`,
        );
      }
      await ensureBuilt();
      await using browser = await engine.launch();
      await fn(browser, t);
    },
  });
}

/** Debian's Chromium through playwright-core. */
const CHROMIUM: Engine<Browser> = {
  name: "Chromium",
  debianPackage: "chromium",
  executablePath: CHROMIUM_PATH,
  launch: launchBrowser,
};

/**
 * {@link engineTest} in Chromium, which most browser tests use.
 * @example
 * ```ts
 * browserTest("viewer", async (browser, t) => {
 *   await t.step("viewer - shows text", async () => {});
 * });
 * ```
 */
export function browserTest(
  name: string,
  fn: (browser: Browser, t: Deno.TestContext) => Promise<void>,
): void {
  engineTest(CHROMIUM, name, fn);
}

/** A page in its own fresh context, with what went wrong on it; `await using` closes the context. */
export interface WatchedPage extends AsyncDisposable {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and CSP violations, in order. */
  problems: string[];
}

/**
 * Opens a page in a fresh context (no shared storage: like another person's browser) that records
 * console errors, page errors and `securitypolicyviolation` events.
 * @example
 * ```ts
 * const { page, problems, context } = await watchedPage(browser);
 * await page.goto(url);
 * assert.deepEqual(problems, []);
 * await context.close();
 * ```
 */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  await page.exposeFunction("__hushlinkCsp", (text: string) => problems.push(`CSP: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      // deno-lint-ignore no-explicit-any
      (globalThis as any).__hushlinkCsp(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems, [Symbol.asyncDispose]: () => context.close() };
}

/**
 * The problems a page recorded, minus the browser's own log line for HTTP error answers the test
 * expects (a 403 for a wrong password, a 404 for a burned share): those are not page bugs.
 * @example
 * ```ts
 * assert.deepEqual(unexpected(problems, [403]), []);
 * ```
 */
export function unexpected(problems: string[], expectedStatuses: number[] = []): string[] {
  return problems.filter((p) =>
    !expectedStatuses.some((s) =>
      p.startsWith("console: Failed to load resource: the server responded with a status of " + s)
    )
  );
}
