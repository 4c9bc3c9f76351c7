/**
 * A large Claude Code session for the conversation-view bench, generated (deterministic, content
 * of our own) with the line mix of a real 2.1.x session: most lines are progress lines (hooks,
 * running commands), tool results carry Claude Code's `toolUseResult` copy of their output, and
 * every turn reads, runs and edits something. 13,000 lines come to about 22 MB, the size of the
 * real session the issue measured.
 * @module
 */

const SESSION = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";

/** One source file of about `bytes` bytes, different per turn. */
function sourceFile(turn: number, bytes: number): string {
  const lines: string[] = [];
  for (let i = 0; lines.join("\n").length < bytes; i++) {
    lines.push(
      i % 7 === 0
        ? `export function step${turn}_${i}(input: Record<string, number>): number {`
        : `  const value${i} = input["key${i}"] ?? ${turn * 31 + i}; // keeps ${i} in range`,
    );
  }
  return lines.join("\n");
}

/**
 * The session as JSON Lines with about `lines` lines.
 * @example
 * ```ts
 * import { largeSession } from "./conversation_session.ts";
 * const text = largeSession(13_000); // ~22 MB
 * ```
 */
export function largeSession(lines: number): string {
  const out: string[] = [];
  let n = 0;
  let parent: string | null = null;
  const time = (i: number) => new Date(Date.UTC(2026, 10, 20, 8, 0, 0) + i * 1500).toISOString();
  const push = (entry: Record<string, unknown>) => {
    const uuid = `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
    out.push(JSON.stringify({
      parentUuid: parent,
      isSidechain: false,
      ...entry,
      uuid,
      timestamp: time(n),
      userType: "external",
      cwd: "/home/ada/projects/big",
      sessionId: SESSION,
      version: "2.1.81",
      gitBranch: "main",
    }));
    if (entry.type !== "progress") parent = uuid;
  };
  const assistant = (id: string, block: unknown, stop: string | null = null) =>
    push({
      type: "assistant",
      message: {
        model: "claude-opus-4-5-20251101",
        id,
        type: "message",
        role: "assistant",
        content: [block],
        stop_reason: stop,
        usage: { input_tokens: 3, cache_read_input_tokens: 40000, output_tokens: 120 },
      },
      requestId: `req_${id}`,
    });
  const hook = (event: string, tool: string) =>
    push({
      type: "progress",
      data: { type: "hook_progress", hookEvent: event, hookName: `${event}:${tool}`, command: "x" },
      parentToolUseID: `toolu_${n}`,
      toolUseID: `toolu_${n}`,
    });
  for (let turn = 0; out.length < lines; turn++) {
    const file = sourceFile(turn, 7000);
    const path = `/home/ada/projects/big/src/module_${turn}.ts`;
    push({
      type: "user",
      message: { role: "user", content: `Step ${turn}: tidy module ${turn}.` },
    });
    hook("UserPromptSubmit", "prompt");
    assistant(`msg_${turn}a`, {
      type: "thinking",
      thinking: `Module ${turn} first.`,
      signature: "x",
    });
    assistant(`msg_${turn}a`, { type: "text", text: `Reading **module ${turn}**.` });
    assistant(`msg_${turn}a`, {
      type: "tool_use",
      id: `toolu_r${turn}`,
      name: "Read",
      input: { file_path: path },
    }, "tool_use");
    hook("PreToolUse", "Read");
    hook("PostToolUse", "Read");
    const numbered = file.split("\n").map((l, i) => `${String(i + 1).padStart(6)}→${l}`).join(
      "\n",
    );
    push({
      type: "user",
      message: {
        role: "user",
        content: [{ tool_use_id: `toolu_r${turn}`, type: "tool_result", content: numbered }],
      },
      toolUseResult: {
        type: "text",
        file: { filePath: path, content: file, numLines: 0, startLine: 1, totalLines: 0 },
      },
    });
    assistant(`msg_${turn}b`, {
      type: "tool_use",
      id: `toolu_b${turn}`,
      name: "Bash",
      input: { command: `deno test src/module_${turn}_test.ts`, description: "Run its tests" },
    }, "tool_use");
    hook("PreToolUse", "Bash");
    for (let s = 1; s <= 4; s++) {
      push({
        type: "progress",
        data: {
          type: "bash_progress",
          output: `test ${s}`,
          fullOutput: `test ${s}`,
          totalLines: s,
        },
        parentToolUseID: `toolu_b${turn}`,
        toolUseID: `bash-progress-${s}`,
      });
    }
    hook("PostToolUse", "Bash");
    push({
      type: "user",
      message: {
        role: "user",
        content: [{ tool_use_id: `toolu_b${turn}`, type: "tool_result", content: "ok | 4 passed" }],
      },
      toolUseResult: { stdout: "\u001b[32mok\u001b[0m | 4 passed", stderr: "", interrupted: false },
    });
    assistant(`msg_${turn}c`, {
      type: "tool_use",
      id: `toolu_e${turn}`,
      name: "Edit",
      input: { file_path: path, old_string: "value1 =", new_string: "firstValue =" },
    }, "tool_use");
    hook("PostToolUse", "Edit");
    push({
      type: "user",
      message: {
        role: "user",
        content: [{ tool_use_id: `toolu_e${turn}`, type: "tool_result", content: "Updated." }],
      },
      toolUseResult: {
        filePath: path,
        originalFile: file,
        structuredPatch: [{
          oldStart: 2,
          oldLines: 1,
          newStart: 2,
          newLines: 1,
          lines: ["-  const value1 = 1;", "+  const firstValue = 1;"],
        }],
      },
    });
    assistant(`msg_${turn}d`, {
      type: "text",
      text: `Module ${turn} is tidy:\n\n\`\`\`ts\nconst firstValue = ${turn};\n\`\`\``,
    }, "end_turn");
    hook("Stop", "stop");
    push({ type: "system", subtype: "turn_duration", durationMs: 42000 + turn, isMeta: false });
  }
  return out.join("\n") + "\n";
}
