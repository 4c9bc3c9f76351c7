/**
 * The parser on fixtures that mirror real Claude Code transcripts line for line (structure from
 * the public specimens listed in docs/CONVERSATIONS.md, content our own): a 1.0.98 session with
 * parallel Task calls and inline sidechains, and a 2.1.81 session with progress lines,
 * attachments, title lines, server tools, a sub-agent file, compaction and a /btw side question.
 * @module
 */
import assert from "node:assert/strict";
import {
  type Item,
  parseTranscript,
  type ToolUseBlock,
  type UserItem,
} from "../../lib/conversation/parse.ts";

const dir = new URL("../fixtures/claude/", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, dir));
const V2 = "v2/7c6b5a49-3827-4615-9504-a3b2c1d0e9f8";
/** The session followed by its sub-agent files, as the share script packs it. */
const v2 = () =>
  [
    V2 + ".jsonl",
    ...[
      "agent-a1b2c3d4e5f60718",
      "agent-acompact-0f1e2d3c4b5a6978",
      "agent-a0000000000000001",
      "agent-aside_question-0123456789abcdef",
    ].map((a) => `${V2}/subagents/${a}.jsonl`),
  ].map(read).join("");

function calls(items: Item[]): ToolUseBlock[] {
  return items.flatMap((i) =>
    i.kind === "assistant"
      ? i.messages.flatMap((m) => m.blocks.filter((b): b is ToolUseBlock => b.type === "tool_use"))
      : []
  );
}
const users = (items: Item[]) => items.filter((i): i is UserItem => i.kind === "user");
const notes = (items: Item[]) =>
  users(items).flatMap((u) => u.message.blocks.flatMap((b) => b.type === "note" ? [b] : []));

Deno.test("conversation/versions - 1.0: parallel Task calls get their own sidechains by prompt", () => {
  const c = parseTranscript(read("v1-parallel-tasks.jsonl"));
  assert.deepEqual(c.skipped, { malformed: 0, unknown: 0 });
  const tasks = calls(c.items).filter((t) => t.name === "Task");
  assert.equal(tasks.length, 3);
  for (const task of tasks) {
    // The sidechains were written in completion order (tests, models, routes); each must open
    // under the call that gave it its prompt.
    const first = task.agent?.[0];
    assert.equal(first?.kind, "user");
    if (first?.kind !== "user") continue;
    assert.equal(first.message.blocks[0].type, "text");
    const text = first.message.blocks[0].type === "text" ? first.message.blocks[0].text : "";
    assert.equal(text, (task.input as { prompt: string }).prompt);
  }
  assert.ok(!c.items.some((i) => i.kind === "sidechain"));
  assert.equal(c.title, "Shop backend: data models and API routes");
});

Deno.test("conversation/versions - 1.0: bash mode, local commands and interrupts are notes", () => {
  const c = parseTranscript(read("v1-parallel-tasks.jsonl"));
  assert.deepEqual(notes(c.items).map((n) => `${n.note}:${n.error}`), [
    "bash-input:false",
    "bash-output:false",
    "bash-output:true",
    "command:false",
    "command-output:false",
    "interrupt:false",
  ]);
  // Two typed prompts; /model opus printed output and got no reply: not a prompt.
  assert.equal(c.stats.prompts, 2);
  const texts = users(c.items).flatMap((u) => u.message.blocks).filter((b) => b.type === "text");
  assert.ok(texts.every((b) => b.type === "text" && !/<[a-z-]+>/.test(b.text)));
});

Deno.test("conversation/versions - 2.1: every line is understood, none skipped", () => {
  const c = parseTranscript(v2());
  assert.deepEqual(c.skipped, { malformed: 0, unknown: 0 });
  assert.equal(c.title, "notes: tags and filters");
  // The IDE prompt, the queued prompt and the /review command the assistant answered.
  assert.equal(c.stats.prompts, 3);
  assert.deepEqual(
    users(c.items).filter((u) => u.prompt).map((u) => u.userKind),
    ["prompt", "queued", "command"],
  );
});

Deno.test("conversation/versions - 2.1: notes for IDE, memory, bash, tasks and commands", () => {
  const c = parseTranscript(v2());
  assert.deepEqual(
    notes(c.items).map((n) => n.note),
    ["ide", "bash-input", "bash-output", "memory", "task", "command", "command", "command-output"],
  );
  const task = notes(c.items).find((n) => n.note === "task");
  assert.match(task?.text ?? "", /^Background command "deno task build" completed/);
});

Deno.test("conversation/versions - 2.1: system lines become markers, durations and errors", () => {
  const c = parseTranscript(v2());
  const system = c.items.flatMap((i) => i.kind === "system" ? [`${i.subtype}:${i.text}`] : []);
  assert.deepEqual(system, [
    "api_error:API error 529: Overloaded (retry 1 of 10)",
    "compact_boundary:Conversation compacted (manual, 48,000 tokens before)",
    "away_summary:We added tags to notes; next is the filter in the two list views.",
  ]);
  const timed = c.items.filter((i) => i.kind === "assistant" && i.durationMs !== null);
  assert.deepEqual(timed.map((i) => i.kind === "assistant" && i.durationMs), [83000]);
});

Deno.test("conversation/versions - 2.1: server tools, tool references and documents are read", () => {
  const c = parseTranscript(v2());
  const byName = new Map(calls(c.items).map((t) => [t.name, t]));
  const search = byName.get("web_search");
  assert.equal(search?.server, true);
  assert.deepEqual(search?.result?.sources, [
    { title: "Accessible tag inputs", url: "https://example.org/a11y/tags" },
  ]);
  assert.equal(byName.get("web_fetch")?.result?.text, "Use a list of buttons for tags.");
  assert.deepEqual(byName.get("ToolSearch")?.result?.toolNames, ["TaskCreate", "TaskUpdate"]);
  const edit = calls(c.items).find((t) => t.name === "Edit");
  assert.ok(Array.isArray(edit?.result?.details?.structuredPatch));
  // The empty thinking block (signature only) is not shown as an empty toggle.
  const thinking = c.items.flatMap((i) =>
    i.kind === "assistant"
      ? i.messages.flatMap((m) => m.blocks.filter((b) => b.type === "thinking"))
      : []
  );
  assert.equal(thinking.length, 1);
});

Deno.test("conversation/versions - 2.1: reminders leave tool output, refusals keep their reason", () => {
  const c = parseTranscript(v2());
  const read = calls(c.items).find((t) => t.name === "Read");
  assert.ok(!read?.result?.text.includes("system-reminder"));
  assert.deepEqual(read?.result?.reminders, [
    "Whenever you read a file, consider whether it looks malicious.",
  ]);
  const refused = calls(c.items).filter((t) => t.name === "Edit")[1];
  assert.deepEqual(refused.result?.rejection, { reason: "keep deno test" });
  assert.equal(calls(c.items).find((t) => t.name === "Read")?.result?.rejection, null);
});

Deno.test("conversation/versions - 2.1: the sub-agent file is nested in its call, not repeated", () => {
  const c = parseTranscript(v2());
  const agent = calls(c.items).find((t) => t.name === "Agent");
  // The file has 4 lines; the progress lines mirrored 3 of them and are not shown twice.
  assert.deepEqual(agent?.agent?.map((i) => i.kind), ["user", "assistant"]);
  assert.equal(calls(agent?.agent ?? []).length, 1);
  // Without the file, the progress lines alone still show the sub-agent inside its call.
  const alone = parseTranscript(read(V2 + ".jsonl"));
  const partial = calls(alone.items).find((t) => t.name === "Agent");
  assert.equal(calls(partial?.agent ?? [])[0]?.name, "Grep");
});

Deno.test("conversation/versions - 2.1: compaction agent folds into its marker, warm-up is dropped", () => {
  const c = parseTranscript(v2());
  const marker = c.items.find((i) => i.kind === "system" && i.subtype === "compact_boundary");
  assert.ok(marker?.kind === "system" && marker.agent?.length === 2);
  const groups = c.items.filter((i) => i.kind === "sidechain");
  // Only the /btw side question stays a group of its own.
  assert.deepEqual(groups.map((g) => g.kind === "sidechain" && g.agentId), [
    "aside_question-0123456789abcdef",
  ]);
});

Deno.test("conversation/versions - a half-written last line is dropped silently", () => {
  const whole = read("v1-parallel-tasks.jsonl");
  const cut = whole + '{"type":"assistant","message":{"id":"msg_x","content":[{"type":"te';
  const c = parseTranscript(cut);
  assert.deepEqual(c.skipped, { malformed: 0, unknown: 0 });
  assert.equal(c.stats.lines, parseTranscript(whole).stats.lines);
  // The same text in the middle of a file is broken, and counted.
  assert.equal(parseTranscript(cut + "\n" + whole).skipped.malformed, 1);
});

Deno.test("conversation/versions - a line type from the future is counted, not fatal", () => {
  const c = parseTranscript(
    '{"type":"hologram","data":{}}\n{"type":"user","message":{"content":"Hi"}}\n',
  );
  assert.deepEqual(c.skipped, { malformed: 0, unknown: 1 });
  assert.equal(c.title, "Hi");
});

Deno.test("conversation/versions - a session opened by a slash command is titled by it", () => {
  const line = (o: object) => JSON.stringify(o) + "\n";
  const text = line({
    type: "user",
    message: {
      role: "user",
      content:
        "<command-message>fix-issue is running…</command-message>\n<command-name>/fix-issue</command-name>\n<command-args>42 login fails</command-args>",
    },
  }) +
    line({
      type: "user",
      isMeta: true,
      message: { role: "user", content: [{ type: "text", text: "Fix issue 42." }] },
    }) +
    line({
      type: "assistant",
      message: { id: "m1", role: "assistant", content: [{ type: "text", text: "On it." }] },
    });
  const c = parseTranscript(text);
  assert.equal(c.title, "/fix-issue 42 login fails");
  assert.equal(c.stats.prompts, 1);
});

Deno.test("conversation/versions - title order: custom, then AI title, then summary, then prompt", () => {
  const line = (o: object) => JSON.stringify(o) + "\n";
  const prompt = line({ type: "user", uuid: "u1", message: { role: "user", content: "Fix CI" } });
  const summary = line({ type: "summary", summary: "CI repair", leafUuid: "u1" });
  // A summary of another conversation (its last message is not here) does not name this one.
  const other = line({ type: "summary", summary: "Warm-up", leafUuid: "elsewhere" });
  assert.equal(parseTranscript(other + prompt).title, "Fix CI");
  const ai = line({ type: "ai-title", aiTitle: "Repairing CI", sessionId: "s" });
  const custom = line({ type: "custom-title", customTitle: "ci-fix", sessionId: "s" });
  assert.equal(parseTranscript(prompt).title, "Fix CI");
  assert.equal(parseTranscript(prompt + summary).title, "CI repair");
  assert.equal(parseTranscript(prompt + summary + ai).title, "Repairing CI");
  assert.equal(parseTranscript(custom + prompt + summary + ai).title, "ci-fix");
});
