import assert from "node:assert/strict";
import {
  formatDuration,
  formatTokens,
  formatUsage,
  toolSummary,
  turnUsage,
} from "../../islands/conversation/present.ts";
import { ansiSpans, stripAnsi } from "../../islands/conversation/ansi.ts";
import { diffLines, patchLines } from "../../islands/conversation/diff.ts";
import { splitTagged } from "../../lib/conversation/tagged.ts";

Deno.test("conversation/present - summarises a tool call by its most telling field", () => {
  assert.equal(
    toolSummary("Bash", { command: "deno  test\n--allow-all", description: "Run tests" }),
    "deno test --allow-all",
  );
  assert.equal(toolSummary("Task", { description: "Find lists", prompt: "long…" }), "Find lists");
  assert.equal(toolSummary("Edit", { file_path: "/a/b.ts", old_string: "x" }), "/a/b.ts");
  // Shaped like Claude Code's Grep and Glob inputs: the pattern leads, the folder follows.
  assert.equal(
    toolSummary("Grep", { pattern: "failed to start", path: "/srv/app/index.ts", "-i": true }),
    "failed to start in /srv/app/index.ts",
  );
  assert.equal(toolSummary("Glob", { pattern: "**/*.exs" }), "**/*.exs");
  assert.equal(
    toolSummary("TodoWrite", { todos: [{ status: "completed" }, { status: "pending" }] }),
    "1 of 2 done",
  );
  assert.equal(
    toolSummary("TaskUpdate", { taskId: "1", status: "in_progress" }),
    "taskId: 1, status: in_progress",
  );
  assert.equal(toolSummary("Mystery", { list: [1] }), '{"list":[1]}');
  assert.equal(toolSummary("Bash", { command: "x".repeat(500) }).length, 160);
  assert.equal(toolSummary("Bash", null), "");
});

Deno.test("conversation/present - formats turn durations", () => {
  assert.equal(formatDuration(4_200), "4s");
  assert.equal(formatDuration(83_000), "1m 23s");
  assert.equal(formatDuration(3_725_000), "1h 2m");
});

Deno.test("conversation/present - maps ANSI colours to classes and drops other escapes", () => {
  assert.deepEqual(ansiSpans("\x1b[1;31mfailed\x1b[0m ok"), [
    { text: "failed", cls: "ansi-red ansi-bold" },
    { text: " ok", cls: "" },
  ]);
  // Cursor and mode sequences, 24-bit colours and OSC titles leave no trace.
  const screen = "\x1b[?2026h\x1b[38;2;136;136;136m⛁ 12k\x1b[39m\x1b]0;title\x07 done\x1b[2K";
  assert.equal(stripAnsi(screen), "⛁ 12k done");
  assert.ok(ansiSpans(screen).every((s) => !s.text.includes("\x1b")));
  assert.equal(ansiSpans("Set \x1b[1mopus\x1b[22m")[1].cls, "ansi-bold");
});

Deno.test("conversation/present - diffs edits by line, or reads Claude Code's patch", () => {
  assert.deepEqual(diffLines("a\nb\nc", "a\nx\nc"), [
    { op: " ", text: "a" },
    { op: "-", text: "b" },
    { op: "+", text: "x" },
    { op: " ", text: "c" },
  ]);
  assert.deepEqual(diffLines("", "new"), [{ op: "+", text: "new" }]);
  assert.deepEqual(
    patchLines([{ oldStart: 3, oldLines: 1, newStart: 3, newLines: 2, lines: [" a", "+b"] }]),
    [{ op: "@", text: "@@ -3,1 +3,2 @@" }, { op: " ", text: "a" }, { op: "+", text: "b" }],
  );
  assert.equal(patchLines([]), null);
  assert.equal(patchLines("nope"), null);
});

Deno.test("conversation/tagged - splits Claude Code's tags into notes and typed text", () => {
  assert.deepEqual(
    splitTagged(
      "<command-name>/model</command-name>\n  <command-message>model</command-message>\n  <command-args>opus</command-args>",
    ),
    [{ type: "note", note: "command", text: "/model opus", error: false }],
  );
  assert.deepEqual(splitTagged("<bash-stdout>ok</bash-stdout><bash-stderr></bash-stderr>"), [
    { type: "note", note: "bash-output", text: "ok", error: false },
  ]);
  assert.deepEqual(
    splitTagged("<ide_selection>The user selected line 3</ide_selection>Why is this slow?").map((
      b,
    ) => b.type),
    ["note", "text"],
  );
  assert.deepEqual(splitTagged("[Request interrupted by user]"), [
    { type: "note", note: "interrupt", text: "[Request interrupted by user]", error: false },
  ]);
  // A tag Claude Code does not write stays text: people paste XML too.
  assert.deepEqual(splitTagged("<config>x</config>"), [{
    type: "text",
    text: "<config>x</config>",
  }]);
  assert.deepEqual(splitTagged("   "), []);
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

Deno.test("conversation/tagged - a task notification with its output-file hint is one note", () => {
  const text = "<task-notification>\n<task-id>b1</task-id>\n<output-file>/tmp/t/b1.output" +
    '</output-file>\n<status>failed</status>\n<summary>Background command "make" failed' +
    "</summary>\n</task-notification>\nRead the output file to retrieve the result: /tmp/t/b1.output";
  assert.deepEqual(splitTagged(text), [{
    type: "note",
    note: "task",
    text: 'Background command "make" failed',
    error: true,
  }]);
});
