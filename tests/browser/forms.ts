/**
 * Drives the web pages the way a person does: fill the upload form, read the result, open a link.
 * @module
 */
import type { Browser, Page } from "playwright-core";
import { type WatchedPage, watchedPage } from "../helpers/browser.ts";

/** What to put in the upload form. */
export interface FormInput {
  text?: string;
  /** Paths of files to choose (playwright reads them from disk, so size is no issue). */
  files?: string[];
  /** "" (unlimited) or a number of views as a string. */
  views?: string;
  password?: string;
}

/** The links the upload form returned. */
export interface FormResult {
  link: string;
  deleteLink: string;
}

/**
 * Fills and submits the upload form on `page` (already at the upload page) and waits for the
 * result panel.
 * @example
 * ```ts
 * const { link } = await submitForm(page, { text: "hello" });
 * ```
 */
export async function submitForm(page: Page, input: FormInput): Promise<FormResult> {
  // The island is hydrated once its bundle ran; typing before that would be lost.
  await page.waitForSelector("[data-island=upload] form[data-ready]");
  if (input.text !== undefined) await page.fill("#text", input.text);
  if (input.files) await page.setInputFiles("#files", input.files);
  if (input.views !== undefined) await page.selectOption("#views", input.views);
  if (input.password !== undefined) await page.fill("#password", input.password);
  await page.click("button[type=submit]");
  const linkBox = page.locator("#share-link");
  await linkBox.waitFor({ timeout: 180_000 });
  return {
    link: await linkBox.inputValue(),
    deleteLink: await page.locator("#delete-link").inputValue(),
  };
}

/**
 * Opens the upload page on a fresh page and submits the form.
 * @example
 * ```ts
 * const { link } = await shareViaForm(browser, server.url, { text: "hello" });
 * ```
 */
export async function shareViaForm(
  browser: Browser,
  origin: string,
  input: FormInput,
): Promise<FormResult & { sender: WatchedPage }> {
  const sender = await watchedPage(browser);
  await sender.page.goto(origin + "/");
  return { ...await submitForm(sender.page, input), sender };
}

/**
 * Opens a link in a fresh browser context (another person's browser).
 * @example
 * ```ts
 * const reader = await openLink(browser, link);
 * ```
 */
export async function openLink(browser: Browser, link: string): Promise<WatchedPage> {
  const reader = await watchedPage(browser);
  await reader.page.goto(link);
  return reader;
}
