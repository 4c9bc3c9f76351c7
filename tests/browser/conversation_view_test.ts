/**
 * The conversation view in real Chromium, on its own page under the site's strict CSP (no share
 * needed): turns, folded tool calls, thinking and sub-agents, inline images from blob: URLs,
 * highlighting, the chat-only switch, the skipped-lines count, the download, redacted secrets,
 * and long sessions: batches, the first turns shown while the rest is read, a bounded window of
 * rendered items that keeps the text on screen in place.
 * @module
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { browserTest, watchedPage } from "../helpers/browser.ts";
import { redactJsonl } from "../../lib/conversation/redact.ts";
import { fakeSecrets } from "../conversation/fake_secrets.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const ROOT = new URL("../../", import.meta.url);
const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`tests/fixtures/claude/${name}`, ROOT));
const V2 = "v2/7c6b5a49-3827-4615-9504-a3b2c1d0e9f8";
/** The 2.1 fixture session with its sub-agent files appended, as the share script packs it. */
const v2Session = () =>
  [
    `${V2}.jsonl`,
    ...[...Deno.readDirSync(new URL(`tests/fixtures/claude/${V2}/subagents`, ROOT))]
      .map((e) => `${V2}/subagents/${e.name}`).sort(),
  ].map(fixture).join("");
/** Where screenshots go for people to look at (outside the repository). */
const SHOTS = Deno.env.get("HUSHLINK_SCREENSHOTS") ??
  Deno.makeTempDirSync({ prefix: "hushlink-shots-" });

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; " +
  "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="/app.css"><link rel="stylesheet" href="/conversation.css">
</head><body><main id="root"></main><script type="module" src="/entry.js"></script></body></html>`;

async function bundleEntry(): Promise<string> {
  await using dir = await tempDir({ prefix: "hushlink-cv-" });
  const out = `${dir.path}/entry.js`;
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "-o",
      out,
      "tests/browser/conversation_entry.ts",
    ],
    cwd: ROOT.pathname,
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(new TextDecoder().decode(stderr));
  return await Deno.readTextFile(out);
}

/** Serves the test page with `transcript` under the CSP; every response is same-origin. */
function serve(entry: string, transcript: () => string): Deno.HttpServer<Deno.NetAddr> {
  const files: Record<string, [string, () => string]> = {
    "/": ["text/html", () => PAGE],
    "/entry.js": ["text/javascript", () => entry],
    "/app.css": ["text/css", () => Deno.readTextFileSync(new URL("static/app.css", ROOT))],
    "/conversation.css": [
      "text/css",
      () => Deno.readTextFileSync(new URL("static/conversation.css", ROOT)),
    ],
    "/transcript.jsonl": ["application/x-ndjson", transcript],
  };
  return Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    // Chromium asks for a favicon on its own; the page has none.
    if (path === "/favicon.ico") return new Response(null, { status: 204 });
    const file = files[path];
    if (!file) return new Response("not found", { status: 404 });
    return new Response(file[1](), {
      headers: { "content-type": file[0], "content-security-policy": CSP },
    });
  });
}

async function open(browser: Browser, url: string) {
  const watched = await watchedPage(browser);
  await watched.page.goto(url);
  await watched.page.waitForSelector(".cv-title");
  return watched;
}

const count = (page: Page, selector: string) => page.locator(selector).count();

/** A session of `pairs` prompts ("Question i") and replies (`reply(i)`), one line each. */
function longSession(pairs: number, reply: (i: number) => string): string {
  const lines: string[] = [];
  for (let i = 0; i < pairs; i++) {
    lines.push(JSON.stringify({
      type: "user",
      timestamp: new Date(Date.UTC(2026, 10, 20, 9, 0, i)).toISOString(),
      message: { role: "user", content: `Question ${i}` },
    }));
    lines.push(JSON.stringify({
      type: "assistant",
      message: {
        id: `msg_${i}`,
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [{ type: "text", text: reply(i) }],
        usage: { input_tokens: 3, output_tokens: 9 },
      },
    }));
  }
  return lines.join("\n") + "\n";
}

/** Opens the page and waits until the transcript of `lines` is read; without anchoring, as Safari. */
async function openRead(page: Page, url: string, lines: string, anchoring = true): Promise<void> {
  await page.goto(url);
  await page.waitForSelector(`.cv-meta >> text=${lines}`, { timeout: 60_000 });
  // As in a browser without scroll anchoring: the view must keep the place itself.
  if (!anchoring) {
    await page.evaluate(() => document.documentElement.style.overflowAnchor = "none");
  }
}

/** Waits until no batch is added or dropped for a few frames. */
function settled(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const state = () => {
      const items = document.querySelectorAll<HTMLElement>(".cv-item");
      return `${items[0]?.dataset.i}-${items.length}`;
    };
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)));
    for (let last = "", calm = 0; calm < 3;) {
      await frame();
      const now = state();
      calm = now === last ? calm + 1 : 0;
      last = now;
    }
  });
}

/** Scrolls by `dy` and checks that an item on screen moved by just the scroll. */
async function scrollChecked(page: Page, dy: number): Promise<void> {
  const [i, top, scrolled] = await page.evaluate((dy) => {
    const item = [...document.querySelectorAll<HTMLElement>(".cv-item")]
      .find((el) => el.getBoundingClientRect().bottom >= 100)!;
    const top = item.getBoundingClientRect().top;
    const y = scrollY;
    scrollBy(0, dy); // less near the end of the page
    return [item.dataset.i, top, scrollY - y];
  }, dy);
  await settled(page);
  const after = await page.locator(`.cv-item[data-i="${i}"]`).evaluate((el) =>
    el.getBoundingClientRect().top
  );
  assert.ok(
    Math.abs(after - (top - scrolled)) <= 1,
    `item ${i}: ${top} → ${after}, scrolled ${scrolled}`,
  );
}

/** The first rendered item's place in the timeline, and how many are rendered. */
function renderedWindow(page: Page): Promise<{ first: number; count: number }> {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll<HTMLElement>(".cv-item")];
    return { first: Number(items[0].dataset.i), count: items.length };
  });
}

browserTest("conversation view", async (browser, t) => {
  const entry = await bundleEntry();
  let transcript = fixture("session.jsonl");
  await using server = serve(entry, () => transcript);
  const url = `http://127.0.0.1:${server.addr.port}/`;
  await t.step(
    "conversation view - renders turns with tools, thinking and images folded",
    async () => {
      transcript = fixture("session.jsonl");
      const { page, problems, context } = await open(browser, url);
      assert.equal(
        await page.locator(".cv-title").textContent(),
        "Todo app: add due dates",
      );
      assert.equal(await count(page, ".cv-turn.cv-user"), 2);
      assert.equal(await count(page, ".cv-turn.cv-assistant"), 2);
      const tools = page.locator("details.cv-tool");
      assert.equal(await tools.count(), 5);
      for (
        const open of await tools.evaluateAll((els) => els.map((e) => e.hasAttribute("open")))
      ) {
        assert.equal(open, false);
      }
      assert.equal(await page.locator("details.cv-thinking").getAttribute("open"), null);
      // Folded content is not even rendered until opened.
      assert.equal(await count(page, ".cv-tool .cv-result-text"), 0);
      assert.match(await page.locator(".cv-tool-name").first().textContent() ?? "", /^Read$/);
      const task = page.locator("details.cv-tool", { hasText: "Find date helpers" });
      await task.locator("summary").first().click();
      await task.locator("details.cv-sidechain > summary").click();
      await page.waitForSelector("details.cv-sidechain .cv-tool-name:text('Grep')");
      const img = page.locator(".cv-user img.cv-image");
      await img.waitFor();
      assert.match(await img.getAttribute("src") ?? "", /^blob:/);
      await page.waitForFunction(() =>
        (document.querySelector(".cv-user img.cv-image") as HTMLImageElement)?.naturalWidth === 1
      );
      await page.waitForSelector(".cv-md pre code.hljs .hljs-keyword");
      assert.match(await page.locator(".cv-meta").first().textContent() ?? "", /2 prompts/);
      assert.deepEqual(problems, []);
      await context.close();
    },
  );

  await t.step(
    "conversation view - chat only hides everything but prompts and text",
    async () => {
      transcript = fixture("session.jsonl");
      const { page, problems, context } = await open(browser, url);
      const task = page.locator("details.cv-tool", { hasText: "Find date helpers" });
      await task.locator("summary").first().click();
      await page.getByRole("button", { name: "Chat only" }).click();
      assert.equal(await count(page, "details:visible"), 0);
      assert.equal(await count(page, ".cv-note:visible"), 0);
      assert.equal(await count(page, ".cv-turn.cv-user:visible"), 2);
      assert.equal(await count(page, ".cv-turn.cv-assistant:visible"), 2);
      await page.getByRole("button", { name: "Everything" }).click();
      assert.equal(await count(page, "details.cv-tool:visible"), 5);
      // Switching back and forth keeps what the reader had opened.
      assert.equal(await task.getAttribute("open"), "");
      assert.deepEqual(problems, []);
      await context.close();
    },
  );

  await t.step(
    "conversation view - renders every kind of a 2.1 session, no raw tags or escape codes",
    async () => {
      transcript = v2Session();
      const { page, problems, context } = await open(browser, url);
      assert.equal(await page.locator(".cv-title").textContent(), "notes: tags and filters");
      assert.equal(await count(page, ".cv-skipped, .cv-unknown"), 0);
      assert.match(
        await page.locator(".cv-meta").first().textContent() ?? "",
        /14 replies \(4 by sub-agents\)/,
      );
      // Notes, each as what it is.
      for (const cls of [".cv-ide", ".cv-memory", ".cv-task", ".cv-bash", ".cv-command"]) {
        assert.ok(await count(page, cls) > 0, `${cls} shown`);
      }
      assert.equal(await count(page, ".cv-tag:text('queued')"), 1);
      assert.match(await page.locator(".cv-command-prompt").textContent() ?? "", /^\/review src/);
      assert.equal(await count(page, ".cv-system.cv-error"), 1);
      assert.match(await page.locator(".cv-duration").textContent() ?? "", /1m 23s/);
      // Tool views: open each and look for its own form.
      const openTool = async (name: string) => {
        const tool = page.locator("details.cv-tool", {
          has: page.locator(`.cv-tool-name:text-is('${name}')`),
        }).first();
        await tool.locator("summary").first().click();
        return tool;
      };
      const edit = await openTool("Edit");
      assert.equal(await edit.locator(".cv-diff-add").textContent(), "+  tags: string[];");
      const read = await openTool("Read");
      await read.locator("code.hljs").waitFor();
      assert.ok(!(await read.textContent() ?? "").includes("→"));
      // What the person said when refusing the edit is shown outside the fold, also in chat.
      assert.equal(
        await page.locator(".cv-refusal").textContent(),
        "The user refused Edit: keep deno test",
      );
      const plan = await openTool("ExitPlanMode");
      assert.equal(await plan.locator(".cv-md h2").textContent(), "Plan");
      const todo = await openTool("TodoWrite");
      await todo.locator(".cv-todo-completed").waitFor();
      assert.equal(await todo.locator(".cv-todo-completed").count(), 1);
      const search = await openTool("web_search");
      assert.equal(
        await search.locator(".cv-sources a").getAttribute("rel"),
        "noopener noreferrer nofollow",
      );
      const tools = await openTool("ToolSearch");
      assert.match(
        await tools.locator(".cv-tools-loaded").textContent() ?? "",
        /TaskCreate, TaskUpdate/,
      );
      const agent = await openTool("Agent");
      await agent.locator("details.cv-sidechain > summary").click();
      await agent.locator(".cv-tool-name:text('Grep')").waitFor();
      const bash = await openTool("Bash");
      assert.equal(await bash.locator(".ansi-green").textContent(), "ok");
      const text = await page.locator(".cv").textContent() ?? "";
      assert.ok(
        !/<(command-name|bash-input|bash-stdout|task-notification|ide_opened_file|user-memory-input)>/
          .test(text),
      );
      assert.ok(!text.includes("\x1b"), "no escape codes");
      for (
        const [width, height, name] of [[1280, 900, "desktop"], [390, 844, "phone"]] as const
      ) {
        await page.setViewportSize({ width, height });
        await page.screenshot({ path: `${SHOTS}/conversation-v2-${name}.png`, fullPage: true });
      }
      assert.deepEqual(problems, []);
      await context.close();
    },
  );

  await t.step(
    "conversation view - a 1.0 session: parallel sub-agents under their calls, terminal notes",
    async () => {
      transcript = fixture("v1-parallel-tasks.jsonl");
      const { page, problems, context } = await open(browser, url);
      for (
        const [description, file] of [
          ["Create data models", "src/models.ts"],
          ["Create API routes", "src/routes.ts"],
          ["Write route tests", "tests/routes_test.ts"],
        ]
      ) {
        const call = page.locator("details.cv-tool", { hasText: description });
        await call.locator("summary").first().click();
        await call.locator("details.cv-sidechain > summary").click();
        // The sub-agent inside is the one that was given this call's prompt.
        const sub = call.locator("details.cv-sidechain .cv-tool-summary").first();
        assert.match(await sub.textContent() ?? "", new RegExp(`${file}$`));
      }
      // Bash mode and /model's output as terminals, ANSI colours as classes, no escape codes.
      assert.equal(await page.locator(".cv-bash .cv-command-line").textContent(), "$ npm test");
      assert.equal(await page.locator(".cv-note-output .ansi-green").textContent(), "3 passing");
      assert.equal(
        await page.locator(".cv-note-output.cv-error").textContent(),
        "1 warning: deprecated option",
      );
      assert.equal(await page.locator(".cv-note-output .ansi-bold").textContent(), "opus");
      assert.match(
        await page.locator(".cv-system").textContent() ?? "",
        /^System Running PostToolUse:Write\.\.\. /,
      );
      assert.ok(!(await page.locator(".cv").textContent() ?? "").includes("\x1b"));
      assert.deepEqual(problems, []);
      await context.close();
    },
  );

  await t.step(
    "conversation view - switching views keeps the text being read in place",
    async () => {
      // One prompt and one long reply: text and tool calls in turn, as real sessions run.
      const line = (o: object) => JSON.stringify(o) + "\n";
      transcript = line({ type: "user", message: { role: "user", content: "Tidy the repo" } });
      for (let i = 0; i < 30; i++) {
        const id = `toolu_${i}`;
        transcript += line({
          type: "assistant",
          message: {
            id: `msg_${i}`,
            role: "assistant",
            content: [{ type: "text", text: `Step ${i} done. ${"It went well. ".repeat(30)}` }, {
              type: "tool_use",
              id,
              name: "Bash",
              input: { command: `make step${i}` },
            }],
          },
        }) + line({
          type: "user",
          message: {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: id, content: "ok" }],
          },
        });
      }
      const { page, problems, context } = await open(browser, url);
      const step = page.locator(".cv-md", { hasText: "Step 12 done." });
      // Opened tool calls make "Everything" much longer than "Chat only" above the text.
      for (const summary of await page.locator("details.cv-tool > summary").all()) {
        await summary.click();
      }
      // The text at the top of the screen is the one being read (the one before it is above).
      await step.evaluate((el) => scrollBy(0, el.getBoundingClientRect().top - 60));
      const y = () => step.evaluate((el) => Math.round(el.getBoundingClientRect().top));
      assert.equal(await y(), 60);
      await page.getByRole("button", { name: "Chat only" }).click();
      await page.waitForSelector(".cv-chat-only");
      assert.equal(await y(), 60);
      await page.getByRole("button", { name: "Everything" }).click();
      await page.waitForFunction(() => !document.querySelector(".cv-chat-only"));
      assert.equal(await y(), 60);
      // The tool calls opened before are open again.
      assert.equal(await page.locator("details.cv-tool[open]").count(), 30);
      assert.deepEqual(problems, []);
      await context.close();
    },
  );

  await t.step("conversation view - shows how many lines were skipped", async () => {
    transcript = fixture("malformed.jsonl");
    const { page, problems, context } = await open(browser, url);
    assert.match(
      await page.locator(".cv-skipped").textContent() ?? "",
      /6 lines could not be read and were skipped\./,
    );
    assert.match(
      await page.locator(".cv-unknown").textContent() ?? "",
      /1 line of a kind this viewer does not know is not shown\./,
    );
    assert.equal(await count(page, ".cv-turn.cv-user"), 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  await t.step("conversation view - downloads the raw transcript", async () => {
    transcript = fixture("session.jsonl");
    const { page, context } = await open(browser, url);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download transcript" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "session.jsonl");
    const path = await download.path();
    assert.equal(await Deno.readTextFile(path), transcript);
    await context.close();
  });

  await t.step("conversation view - shows redaction markers, never the secrets", async () => {
    const secrets = fakeSecrets();
    const line = JSON.stringify({
      type: "user",
      message: { role: "user", content: secrets.map((s) => s.context).join("\n") },
    });
    transcript = redactJsonl(fixture("session.jsonl") + line + "\n").text;
    const { page, context } = await open(browser, url);
    const html = await page.content();
    for (const { value } of secrets) assert.ok(!html.includes(value));
    assert.match(await page.locator(".cv-user").last().textContent() ?? "", /\[REDACTED:jwt\]/);
    await context.close();
  });

  await t.step("conversation view - renders a 5,000-line session in batches", async () => {
    transcript = longSession(2500, (i) => `Answer **${i}**\n\n\`\`\`js\nconst n = ${i};\n\`\`\``);
    const { page, problems, context } = await open(browser, url);
    assert.match(await page.locator(".cv-meta").first().textContent() ?? "", /5,000 lines/);
    const first = await count(page, ".cv-turn");
    assert.ok(first >= 10 && first < 1000, `rendered ${first} of 5000 turns at first`);
    await page.locator(".cv-more button").click();
    await page.waitForFunction(
      (n) => document.querySelectorAll(".cv-turn").length > n,
      first,
    );
    // Switching renders the other list from the item at the top of the screen, not from the
    // start: the reader keeps their place, and earlier items come back on demand.
    const item60 = page.locator(".cv-item[data-i='60']");
    while (await item60.count() === 0) await page.locator(".cv-more button").last().click();
    await item60.evaluate((el) => el.scrollIntoView());
    await page.getByRole("button", { name: "Chat only" }).click();
    await page.waitForSelector(".cv-chat-only");
    const topText = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".cv-item")]
          .find((el) => el.getBoundingClientRect().bottom > 0)?.dataset.i
      );
    assert.equal(await topText(), "60");
    await page.getByRole("button", { name: "Everything" }).click();
    await page.waitForFunction(() => !document.querySelector(".cv-chat-only"));
    assert.equal(await topText(), "60");
    assert.deepEqual(problems, []);
    await context.close();
  });
  await t.step("conversation view - jumps to either end of a long session at once", async () => {
    transcript = longSession(2500, (i) => `Answer ${i}`);
    const { page, problems, context } = await open(browser, url);
    await page.waitForSelector(".cv-meta >> text=5,000 lines");
    await page.getByRole("button", { name: "Jump to the end" }).click();
    const last = page.locator(".cv-md", { hasText: "Answer 2499" });
    await last.waitFor();
    await settled(page);
    const [top, bottom] = await last.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return [box.top, box.bottom];
    });
    assert.ok(top >= 0 && bottom <= await page.evaluate(() => innerHeight), `${top}–${bottom}`);
    const { count } = await renderedWindow(page);
    assert.ok(count < 200, `${count} items rendered to show the end`);
    assert.equal(await page.getByRole("button", { name: "Jump to the end" }).count(), 0);
    // Reading back up from there: earlier batches come, the text on screen stays in place.
    for (let i = 0; i < 4; i++) await scrollChecked(page, -1500);
    assert.ok((await renderedWindow(page)).first < 4980);
    await page.getByRole("button", { name: "Jump to the start" }).click();
    await page.locator(".cv-item[data-i='0']").waitFor();
    assert.equal(await page.evaluate(() => scrollY), 0);
    assert.equal((await renderedWindow(page)).first, 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
  await t.step(
    "conversation view - shows the first turns while the rest is read, the switch waiting",
    async () => {
      // ~20 MB: many slices of reading.
      transcript = longSession(4000, (i) => `Answer ${i}: ${"a reply of some length ".repeat(60)}`);
      await using watched = await watchedPage(browser);
      const { page, problems } = watched;
      // Whenever turns show, note what the header and the switch said at that moment; when they
      // first show, scroll a little, as a reader would, and note where item 3 is.
      await page.addInitScript(() => {
        const page = globalThis as unknown as { __seen: string[]; __top: number };
        page.__seen = [];
        new MutationObserver(() => {
          const title = document.querySelector(".cv-title")?.textContent;
          const turns = document.querySelectorAll(".cv-turn").length;
          const button = document.querySelector<HTMLButtonElement>(".cv-modes button");
          const below = document.querySelector(".cv-items ~ .cv-reading") !== null;
          if (turns === 0) return;
          page.__seen.push(
            `${title} | ${turns} turns | switch ${button?.disabled} | notice ${below}`,
          );
          if (page.__top === undefined) {
            // Without the browser's scroll anchoring (as Safari): the view must keep the place.
            document.documentElement.style.overflowAnchor = "none";
            scrollBy(0, 150);
            page.__top =
              document.querySelector(".cv-item[data-i='3']")!.getBoundingClientRect().top;
          }
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      // Phone-sized: the header's counts and dates then wrap, taller than the one being read.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(url);
      await page.waitForSelector(".cv-meta >> text=8,000 lines", { timeout: 60_000 });
      const { seen, top } = await page.evaluate(() => {
        const page = globalThis as unknown as { __seen: string[]; __top: number };
        return { seen: page.__seen, top: page.__top };
      });
      // The header grew once all was read; the turns on screen stayed put.
      const after = await page.locator(".cv-item[data-i='3']").evaluate((el) =>
        el.getBoundingClientRect().top
      );
      assert.ok(Math.abs(after - top) <= 1, `item 3: ${top} → ${after}`);
      assert.match(
        seen[0],
        /^Reading the conversation… \| 12 turns \| switch true \| notice true$/,
      );
      assert.match(seen.at(-1)!, /^Question 0 \| \d+ turns \| switch false \| notice false$/);
      // The first turns stayed on the page as they were once the rest was read.
      assert.equal(await page.locator(".cv-item").first().getAttribute("data-i"), "0");
      assert.deepEqual(problems, []);
    },
  );

  for (const anchoring of [true, false]) {
    const how = anchoring ? "" : " (no scroll anchoring)";
    await t.step(
      `conversation view - keeps a bounded window of a long session, the text on screen in place${how}`,
      async () => {
        transcript = longSession(2500, (i) => `Answer ${i}: ${"a reply of length ".repeat(20)}`);
        await using watched = await watchedPage(browser);
        const { page, problems } = watched;
        await openRead(page, url, "5,000 lines", anchoring);
        for (let k = 0; k < 40; k++) await scrollChecked(page, 2500);
        const far = await renderedWindow(page);
        // 100,000 px down: the items scrolled past are gone, what is on the page stays bounded.
        assert.ok(far.first > 200, `first rendered item ${far.first}`);
        assert.ok(far.count < 200, `${far.count} items rendered`);
        assert.match(await page.locator(".cv-more").first().textContent() ?? "", /Show earlier/);
        for (let k = 0; k < 40 && (await renderedWindow(page)).first > 0; k++) {
          await scrollChecked(page, -2500);
        }
        assert.equal((await renderedWindow(page)).first, 0);
        assert.ok((await renderedWindow(page)).count < 200);
        assert.deepEqual(problems, []);
      },
    );

    await t.step(
      `conversation view - a reply of tool calls longer than the window stays in place${how}`,
      async () => {
        // Item 39 is a prompt, the last chat text above the screen while its reply, 250 tool calls
        // and no text (~10,000 px), scrolls by; 19 short notes after the reply bring the end of
        // what is rendered near, so batches are dropped while no chat text is on screen, the
        // prompt's among them.
        const line = (o: object) => JSON.stringify(o) + "\n";
        const calls = Array.from({ length: 250 }, (_, k) => ({
          type: "tool_use",
          id: `toolu_${k}`,
          name: "Bash",
          input: { command: `make step${k}` },
        }));
        transcript = line({
          type: "assistant",
          message: { id: "msg_first", role: "assistant", content: [{ type: "text", text: "Hi" }] },
        }) +
          longSession(19, (i) => `Answer ${i}`) +
          line({ type: "user", message: { role: "user", content: "Build every step" } }) +
          line({
            type: "assistant",
            message: { id: "msg_long", role: "assistant", content: calls },
          }) +
          line({ type: "system", level: "warning", content: "API Error · Retrying" }).repeat(19) +
          longSession(40, (i) => `Answer ${i}`);
        await using watched = await watchedPage(browser);
        const { page, problems } = watched;
        await openRead(page, url, "140 lines", anchoring);
        assert.equal(
          await page.locator(".cv-item[data-i='39']").textContent().then((t) =>
            t?.includes("Build")
          ),
          true,
        );
        for (let k = 0; k < 16; k++) await scrollChecked(page, 1000);
        assert.ok((await renderedWindow(page)).first >= 40, "the prompt's batch was dropped");
        assert.deepEqual(problems, []);
      },
    );
  }
});
