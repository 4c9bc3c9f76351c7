import assert from "node:assert/strict";
import {
  type Item,
  messageText,
  parseTranscript,
  parseTranscriptAsync,
  type ToolUseBlock,
} from "../../lib/conversation/parse.ts";

const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`../fixtures/claude/${name}`, import.meta.url));

function calls(items: Item[]): ToolUseBlock[] {
  return items.flatMap((i) =>
    i.kind === "assistant"
      ? i.messages.flatMap((m) => m.blocks.filter((b): b is ToolUseBlock => b.type === "tool_use"))
      : []
  );
}

Deno.test("conversation/parse - orders the timeline and classifies user lines", () => {
  const c = parseTranscript(fixture("session.jsonl"));
  assert.deepEqual(
    c.items.map((i) => i.kind === "user" ? `user:${i.userKind}` : i.kind),
    [
      "user:command",
      "user:meta",
      "user:prompt",
      "assistant",
      "system",
      "user:compact",
      "user:prompt",
      "assistant",
      "user:notes",
    ],
  );
  assert.equal(c.sessionId, "5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60");
  assert.deepEqual(c.skipped, { malformed: 0, unknown: 0 });
});

Deno.test("conversation/parse - without a title line, the first typed prompt is the title", () => {
  const c = parseTranscript(fixture("session.jsonl").split("\n").slice(1).join("\n"));
  assert.equal(c.title, "Add a due date to each todo item, and show overdue items in red.");
  const long = JSON.stringify({
    type: "user",
    message: { role: "user", content: "word ".repeat(40) },
  });
  const t = parseTranscript(long).title;
  // Cut at a word boundary, within 80 characters.
  assert.equal(t, "word ".repeat(15).trim() + "…");
  const unbroken = parseTranscript(JSON.stringify({
    type: "user",
    message: { role: "user", content: "x".repeat(200) },
  })).title;
  assert.equal(Array.from(unbroken).length, 80);
  const onlySummary = parseTranscript('{"type":"summary","summary":"Fix CI","leafUuid":"x"}');
  assert.equal(onlySummary.title, "Fix CI");
  assert.equal(parseTranscript("").title, "Untitled conversation");
});

Deno.test("conversation/parse - merges a streamed message and attaches tool results", () => {
  const c = parseTranscript(fixture("session.jsonl"));
  const reply = c.items[3];
  assert.equal(reply.kind, "assistant");
  if (reply.kind !== "assistant") return;
  const first = reply.messages[0];
  assert.deepEqual(first.blocks.map((b) => b.type), ["thinking", "text", "tool_use"]);
  // Usage is the last line's, counted once for the message.
  assert.equal(first.usage?.output, 180);
  assert.equal(first.model, "claude-sonnet-4-5-20250929");
  const [read, edit, bash, task] = calls([reply]);
  assert.equal(read.name, "Read");
  assert.match(read.result?.text ?? "", /export interface Todo/);
  assert.equal(edit.result?.isError, false);
  assert.equal(bash.result?.isError, true);
  assert.equal(task.name, "Task");
  assert.match(messageText(reply.messages.at(-1)!), /optional `due` field/);
});

Deno.test("conversation/parse - groups an inline sidechain under the Task call that ran it", () => {
  const c = parseTranscript(fixture("session.jsonl"));
  const task = calls(c.items).find((b) => b.name === "Task");
  assert.ok(task?.agent);
  assert.deepEqual(task.agent.map((i) => i.kind), ["user", "assistant"]);
  const sub = calls(task.agent)[0];
  assert.equal(sub.name, "Grep");
  assert.equal(sub.result?.text, "src/dates.ts\nsrc/view.ts");
  assert.ok(!c.items.some((i) => i.kind === "sidechain"));
});

Deno.test("conversation/parse - attaches a sub-agent file by the agent id of its Task result", () => {
  const c = parseTranscript(fixture("subagent-session.jsonl") + fixture("subagent-agent.jsonl"));
  const task = calls(c.items)[0];
  assert.equal(task.result?.agentId, "a7f3c21");
  assert.deepEqual(task.agent?.map((i) => i.kind), ["user", "assistant"]);
  assert.ok(!c.items.some((i) => i.kind === "sidechain"));
  assert.deepEqual(c.stats.models, ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"]);
});

Deno.test("conversation/parse - keeps a sidechain with no matching call as its own group", () => {
  const c = parseTranscript(fixture("subagent-agent.jsonl"));
  assert.equal(c.items.length, 1);
  const group = c.items[0];
  assert.equal(group.kind, "sidechain");
  if (group.kind === "sidechain") assert.equal(group.agentId, "a7f3c21");
});

Deno.test("conversation/parse - reads images from prompts and from tool results", () => {
  const c = parseTranscript(fixture("session.jsonl"));
  const prompt = c.items[6];
  assert.equal(prompt.kind, "user");
  if (prompt.kind !== "user") return;
  const image = prompt.message.blocks[1];
  assert.equal(image.type, "image");
  if (image.type === "image") assert.equal(image.mediaType, "image/png");
  const shot = calls(c.items).find((b) =>
    b.input && (b.input as { file_path?: string }).file_path
      ?.endsWith("after.png")
  );
  assert.equal(shot?.result?.images.length, 1);
});

Deno.test("conversation/parse - computes stats over every assistant message", () => {
  const { stats } = parseTranscript(fixture("session.jsonl"));
  assert.equal(stats.lines, 27);
  assert.equal(stats.prompts, 2);
  assert.equal(stats.replies, 9);
  assert.equal(stats.toolCalls, 6);
  assert.equal(stats.start, "2026-11-20T09:00:07.007Z");
  assert.equal(stats.end, "2026-11-20T09:02:55.175Z");
  assert.deepEqual(stats.models, [
    "claude-sonnet-4-5-20250929",
    "claude-haiku-4-5-20251001",
    "claude-opus-4-1-20250805",
  ]);
  assert.equal(stats.usage.output, 180 + 120 + 120 + 120 + 40 + 30 + 260 + 120 + 40);
  assert.equal(stats.usage.input, 9 * 4 + 10 + 12 - 2 * 4);
});

Deno.test("conversation/parse - skips and counts malformed and unknown lines", () => {
  const c = parseTranscript(fixture("malformed.jsonl"));
  // The half-written last line is dropped silently: not malformed, not counted.
  assert.deepEqual(c.skipped, { malformed: 6, unknown: 1 });
  assert.equal(c.stats.lines, 10);
  assert.equal(c.title, "Summarise the README");
  const reply = c.items[1];
  assert.equal(reply.kind, "assistant");
  if (reply.kind !== "assistant") return;
  assert.deepEqual(reply.messages[0].blocks.map((b) => b.type === "text" ? b.text : b.type), [
    "It explains setup.",
    "[tool_use block not shown]",
    "[mystery block not shown]",
    "[image not embedded in the transcript]",
  ]);
  // A result whose call is missing stays visible.
  assert.equal(reply.messages[1].blocks[0].type, "tool_result");
  assert.equal(c.stats.end, "2026-11-21T10:00:05.000Z");
});

Deno.test("conversation/parse - never throws on arbitrary input", () => {
  const inputs = [
    "\u0000",
    "{",
    "null\nnull",
    '{"type":"user","message":{"content":[null,1,"x"]}}',
  ];
  for (const input of inputs) assert.doesNotThrow(() => parseTranscript(input));
  assert.equal(parseTranscript("\r\n\r\n").stats.lines, 0);
});

Deno.test(
  "conversation/parse - reports the items read so far: the result's own, in order, sub-agents placed at the end",
  async () => {
    // A session whose sub-agent is placed under its call, then enough turns for several reports.
    const line = (o: object) => JSON.stringify(o) + "\n";
    let text = fixture("subagent-session.jsonl") + fixture("subagent-agent.jsonl");
    for (let i = 0; i < 600; i++) {
      text += line({ type: "user", message: { role: "user", content: `Question ${i}` } }) +
        line({
          type: "assistant",
          message: { id: `msg_${i}`, role: "assistant", content: [{ type: "text", text: "Ok" }] },
        });
    }
    const reports: { done: number; items: Item[] }[] = [];
    const c = await parseTranscriptAsync(text, {
      sliceMs: 0,
      onProgress: ({ done, items }) => reports.push({ done, items: items() }),
    });
    assert.ok(reports.length >= 5, `${reports.length} reports`);
    const shown = c.items.filter((item) => item.kind !== "sidechain");
    let before = 0;
    for (const { done, items } of reports) {
      assert.ok(done > before && done < 1);
      before = done;
      // The very objects of the result (a view of the first ones stays valid), never a sub-agent.
      assert.ok(items.length > 0 && items.length <= shown.length);
      items.forEach((item, i) => assert.equal(item, shown[i]));
    }
    // The sub-agent ran inside a call of the first reply: placed there, not in the timeline.
    assert.equal(shown.length, c.items.length);
  },
);
