/**
 * Large audio played in place (islands/view/play_in_place.ts, islands/sw/media.ts), in Chromium
 * and Firefox: the player's requests go through the service worker, which fetches and decrypts
 * only the records they cover, so loading and seeking to the end of a 20 MiB file downloads a
 * small part of it. A stopped worker gets its session back from the page; a share with a view
 * limit still downloads whole.
 * @module
 */
import assert from "node:assert/strict";
import { browserTest, unexpected, watchedPage } from "../helpers/browser.ts";
import { firefoxPage, firefoxTest } from "../helpers/firefox.ts";
import { type RecordedRequest, startTestServer, type TestServer } from "../helpers/server.ts";
import { durationOf, SAMPLE_RATE, wav } from "../helpers/wav.ts";
import { createShare } from "../../lib/client/mod.ts";
import { RECORD_SIZE } from "../../lib/crypto/mod.ts";
import { CHUNK_SIZE, chunkKey } from "../../lib/store/keys.ts";

const MiB = 1024 * 1024;
const WAV_BYTES = 20 * MiB;

/** A share of one WAV file, uploaded as the share script does. */
async function shareWav(server: TestServer, views: number | null = null) {
  const bytes = wav(WAV_BYTES);
  return await createShare(
    {
      v: 1,
      kind: "files",
      created: new Date().toISOString(),
      files: [{ name: "long.wav", type: "audio/wav", size: bytes.length }],
    },
    [new Blob([bytes]).stream()],
    { server: server.url, views },
  );
}

/** The content requests of share `id` the server received. */
function contentRequests(server: TestServer, id: string): RecordedRequest[] {
  return server.requests.filter((r) =>
    r.method === "GET" && new URL(r.url).pathname === `/api/shares/${id}/content`
  );
}

/** Ciphertext bytes the ranged requests asked for, clamped to the share's size. */
function rangedBytes(requests: RecordedRequest[], size: number): number {
  return requests.reduce((sum, r) => {
    const [a, b] = r.headers.range.slice("bytes=".length).split("-").map(Number);
    return sum + Math.min(b, size - 1) - a + 1;
  }, 0);
}

/** In the page: the player's duration once its metadata is in. */
function loadedDuration(): Promise<number> {
  const audio = document.querySelector("audio")!;
  if (audio.readyState >= 1) return Promise.resolve(audio.duration);
  return new Promise((resolve, reject) => {
    audio.addEventListener("loadedmetadata", () => resolve(audio.duration), { once: true });
    audio.addEventListener("error", () => reject(new Error("the player failed")), { once: true });
  });
}

/** In the page: seeks to `at` seconds; resolves with the position once playable there. */
function seekTo(at: number): Promise<number> {
  const audio = document.querySelector("audio")!;
  return new Promise((resolve, reject) => {
    audio.addEventListener("seeked", () => resolve(audio.currentTime), { once: true });
    audio.addEventListener("error", () => reject(new Error("the player failed")), { once: true });
    audio.currentTime = at;
  });
}

/** Asserts what the server saw of a share played in place: ranges only, far fewer bytes. */
function assertFetchedLittle(server: TestServer, id: string, size: number): number {
  const requests = contentRequests(server, id);
  assert(requests.length > 0, "the share was read");
  for (const r of requests) assert.match(r.headers.range ?? "", /^bytes=\d+-\d+$/, "never whole");
  const fetched = rangedBytes(requests, size);
  assert(fetched < size / 4, `fetched ${fetched} of ${size} ciphertext bytes`);
  return fetched;
}

const AUDIO_URL = /^\/s\/media\/[A-Za-z0-9_-]{22}$/;

/** What {@link playsToItsEnd} needs of a page, in playwright's driver and in puppeteer's alike. */
interface PlayerPage {
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options: { timeout: number }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/**
 * Opens the link of a {@link WAV_BYTES} WAV share and asserts that it plays in place: the player's
 * source is the worker's URL, it knows the whole duration, and it seeks to the last second.
 */
async function playsToItsEnd(page: PlayerPage, link: string): Promise<void> {
  await page.goto(link);
  await page.waitForSelector("audio", { timeout: 60_000 });
  const src = await page.evaluate(() => document.querySelector("audio")!.getAttribute("src"), 0);
  assert.match(src ?? "", AUDIO_URL);
  const duration = await page.evaluate(loadedDuration, 0);
  assert(Math.abs(duration - durationOf(WAV_BYTES)) < 0.01, `duration ${duration}`);
  const at = await page.evaluate(seekTo, duration - 1);
  assert(Math.abs(at - (duration - 1)) < 0.5, `at ${at}`);
}

browserTest("media played in place (Chromium)", async (browser, t) => {
  await using server = await startTestServer({ record: true });

  await t.step(
    "media in place - a 20 MiB WAV loads and seeks to its end fetching a small part of it",
    async () => {
      const { link, id, size } = await shareWav(server);
      await using reader = await watchedPage(browser);
      await playsToItsEnd(reader.page, link);
      assertFetchedLittle(server, id, size);
      assert.equal(await reader.page.textContent("h1"), "long.wav");
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "media in place - a worker the browser stopped gets the session back from the page",
    async () => {
      const { link, id, size } = await shareWav(server);
      await using reader = await watchedPage(browser);
      await reader.page.goto(link);
      await reader.page.waitForSelector("audio", { timeout: 60_000 });
      const duration = await reader.page.evaluate(loadedDuration);
      const cdp = await reader.context.newCDPSession(reader.page);
      const stopped = new Promise<void>((resolve) => {
        cdp.on("ServiceWorker.workerVersionUpdated", ({ versions }) => {
          if (versions.some((v) => v.runningStatus === "stopped")) resolve();
        });
      });
      await cdp.send("ServiceWorker.enable");
      await cdp.send("ServiceWorker.stopAllWorkers");
      await stopped;
      const before = contentRequests(server, id).length;
      // Far from anything buffered: the player must ask the (restarted) worker for it.
      const at = await reader.page.evaluate(seekTo, duration / 2);
      assert(Math.abs(at - duration / 2) < 0.5, `at ${at}`);
      assert(contentRequests(server, id).length > before, "the restarted worker fetched");
      assertFetchedLittle(server, id, size);
      assert.deepEqual(reader.problems, []);
    },
  );

  await t.step(
    "media in place - a record altered on the server stops the player, and the page says so",
    async () => {
      const { link, id } = await shareWav(server);
      // The record that holds the audio 10 s before the end, where the seek below reads: its
      // plaintext offset is that of the file's byte plus the package's few hundred bytes before it.
      const seekAt = durationOf(WAV_BYTES) - 10;
      const record = Math.floor((44 + seekAt * SAMPLE_RATE * 2 + 1_000) / RECORD_SIZE);
      const at = 24 + record * (RECORD_SIZE + 16) + RECORD_SIZE / 2; // header, then records
      const chunk = await server.kv.get<Uint8Array>(chunkKey(id, Math.floor(at / CHUNK_SIZE)));
      assert.ok(chunk.value, "the share is stored in chunks");
      const altered = chunk.value.slice();
      altered[at % CHUNK_SIZE] ^= 1;
      await server.kv.set(chunkKey(id, Math.floor(at / CHUNK_SIZE)), altered);
      await using reader = await watchedPage(browser);
      await reader.page.goto(link);
      await reader.page.waitForSelector("audio", { timeout: 60_000 });
      await reader.page.evaluate(loadedDuration);
      await reader.page.evaluate((at) => document.querySelector("audio")!.currentTime = at, seekAt);
      await reader.page.waitForSelector("[data-problem=media]");
      // The player stopped: no retry of the altered record goes on behind the message.
      assert.equal(await reader.page.$eval("audio", (a) => a.hasAttribute("src")), false);
      assert.deepEqual(unexpected(reader.problems), []);
    },
  );

  await t.step("media in place - Download… leads to the large share's save step", async () => {
    const { link } = await shareWav(server);
    await using reader = await watchedPage(browser);
    await reader.page.goto(link);
    await reader.page.click("button:has-text('Download…')", { timeout: 60_000 });
    await reader.page.waitForSelector("text=This share is large", { timeout: 60_000 });
    assert.deepEqual(reader.problems, []);
  });

  await t.step(
    "media in place - a large audio share with a view limit still downloads whole",
    async () => {
      const { link, id, size } = await shareWav(server, 3);
      await using reader = await watchedPage(browser);
      await reader.page.goto(link);
      await reader.page.click("text=Open the share", { timeout: 60_000 });
      await reader.page.waitForSelector("text=This share is large", { timeout: 60_000 });
      assert.equal(await reader.page.$("audio"), null);
      const requests = contentRequests(server, id);
      assert.equal(requests.length, 1);
      assert.equal(requests[0].headers.range, undefined);
      assert(size > WAV_BYTES);
      assert.deepEqual(unexpected(reader.problems), []);
    },
  );
});

/**
 * The line Firefox logs whenever the reader of a service worker's streamed body stops before its
 * end: here the player itself, leaving a request once it has enough or to seek elsewhere (any
 * streamed service worker response that a client abandons does this: it is not the page's error).
 */
const ABANDONED_BODY =
  /^page error: Failed to load ‘’\. A ServiceWorker intercepted the request and encountered an unexpected error\.$/;

firefoxTest("media played in place (Firefox)", async (browser, t) => {
  await using server = await startTestServer({ record: true });

  await t.step(
    "firefox - a 20 MiB WAV loads and seeks to its end fetching a small part of it",
    async () => {
      const { link, id, size } = await shareWav(server);
      await using reader = await firefoxPage(browser);
      // puppeteer types evaluate's argument through its handles; at run time it is the same call.
      await playsToItsEnd(reader.page as unknown as PlayerPage, link);
      assertFetchedLittle(server, id, size);
      assert.deepEqual((await reader.problems()).filter((p) => !ABANDONED_BODY.test(p)), []);
    },
  );
});
