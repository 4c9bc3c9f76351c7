import assert from "node:assert/strict";
import { parseTranscript } from "../../lib/conversation/parse.ts";
import {
  chatOnly,
  commandText,
  formatTokens,
  formatUsage,
  toolSummary,
  turnUsage,
} from "../../islands/conversation/present.ts";

const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`../fixtures/claude/${name}`, import.meta.url));

Deno.test("conversation/present - chat only keeps typed prompts and assistant text", () => {
  const chat = chatOnly(parseTranscript(fixture("session.jsonl")).items);
  assert.deepEqual(chat.map((i) => i.kind), ["user", "assistant", "user", "assistant"]);
  for (const item of chat) {
    const blocks = item.kind === "user"
      ? item.message.blocks
      : item.kind === "assistant"
      ? item.messages.flatMap((m) => m.blocks)
      : [];
    for (const b of blocks) assert.ok(b.type === "text" || b.type === "image", b.type);
  }
  const reply = chat[1];
  assert.ok(reply.kind === "assistant");
  assert.equal(reply.messages.length, 2);
  // The view is derived: the parsed items are left as they were.
  const full = parseTranscript(fixture("session.jsonl")).items;
  chatOnly(full);
  const first = full[4];
  assert.ok(first.kind === "assistant");
  assert.equal(first.messages[0].blocks.length, 3);
});

Deno.test("conversation/present - summarises tool input by its most telling field", () => {
  assert.equal(
    toolSummary({ command: "deno  test\n--allow-all", description: "x" }),
    "deno test --allow-all",
  );
  assert.equal(toolSummary({ file_path: "/a/b.ts", old_string: "x" }), "/a/b.ts");
  assert.equal(toolSummary({ todos: [1] }), '{"todos":[1]}');
  assert.equal(toolSummary({ command: "x".repeat(500) }).length, 160);
  assert.equal(toolSummary(null), "");
});

Deno.test("conversation/present - strips Claude Code's command tags", () => {
  assert.equal(
    commandText("<command-name>/model</command-name>\n<command-args>opus</command-args>"),
    "/model opus",
  );
  assert.equal(
    commandText("<local-command-stdout>Set model to opus</local-command-stdout>"),
    "Set model to opus",
  );
});

Deno.test("conversation/present - sums and formats token usage", () => {
  const usage = { input: 4, output: 120, cacheRead: 15000, cacheWrite: 1200 };
  const m = {
    uuid: null,
    role: "assistant" as const,
    timestamp: null,
    model: null,
    blocks: [],
    line: 1,
  };
  assert.deepEqual(turnUsage([{ ...m, usage }, { ...m, usage: null }, { ...m, usage }]), {
    input: 8,
    output: 240,
    cacheRead: 30000,
    cacheWrite: 2400,
  });
  assert.equal(turnUsage([{ ...m, usage: null }]), null);
  assert.equal(formatUsage(usage), "16k in · 120 out");
  assert.equal(formatTokens(999), "999");
  assert.equal(formatTokens(1000), "1k");
  assert.equal(formatTokens(1536), "1.5k");
  assert.equal(formatTokens(123456), "123k");
  assert.equal(formatTokens(2_500_000), "2.5M");
});
