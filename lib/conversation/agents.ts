/**
 * Sub-agents: grouping the lines of each sub-agent conversation and placing each group inside the
 * tool call that started it. A transcript holds sub-agent messages in up to three forms, depending
 * on the Claude Code version (docs/CONVERSATIONS.md, "Sub-agents"):
 * - lines marked `isSidechain` with an `agentId` (a sub-agent file appended to the session); the
 *   call is the one whose result names that `agentId`;
 * - lines marked `isSidechain` without an `agentId` (1.0.x, inline): each sub-agent is one chain of
 *   `parentUuid` links, and its first line repeats the prompt its Task call was given;
 * - `agent_progress` lines of the main session, each carrying one sub-agent message, with the
 *   id of the Task call (`parentToolUseID`).
 * Compaction agents (`acompact-…`) belong to the compaction marker, not to a call. Warm-up agents
 * (2.0.x starts sub-agents with the prompt "Warmup", or with no prompt, and no call) are not part
 * of the conversation and are dropped.
 * Portable (Deno and browser).
 * @module
 */
import { textOf } from "./derive.ts";
import type { Item, SidechainItem, SystemItem, ToolUseBlock } from "./model.ts";

/** Tools that start a sub-agent. */
export const SUBAGENT_TOOLS: ReadonlySet<string> = new Set(["Task", "Agent"]);

/** One sub-agent conversation as found in the transcript. */
export interface AgentStream {
  /** Recorded agent id, if any. */
  agentId: string | null;
  /** Where its messages came from: sidechain lines, or progress lines of the main session. */
  source: "sidechain" | "progress";
  /** The Task call's id, when the lines name it (progress lines do). */
  callId: string | null;
  /** Line number of its first line. */
  line: number;
  /** The placeholder item in the main timeline, removed when the stream is placed elsewhere. */
  item: SidechainItem;
}

/** The prompt of Claude Code's warm-up sub-agents. */
const WARMUP = "Warmup";

/** The compaction agent's id prefix. */
const COMPACTION = /^acompact/;

/** The prompt a Task call gave its sub-agent. */
function taskPrompt(call: ToolUseBlock): string | null {
  const input = call.input as { prompt?: unknown } | null;
  return typeof input?.prompt === "string" ? input.prompt.trim() : null;
}

/** The first user text of a stream: the prompt its Task call gave it, or null without one. */
function streamPrompt(stream: AgentStream): string | null {
  const first = stream.item.items.find((i) => i.kind === "user");
  return first?.kind === "user" ? textOf(first.message.blocks).trim() : null;
}

/**
 * Places every stream: into its Task call, or a compaction agent into its compaction marker.
 * `calls` maps every call to its line number. Returns the groups that were placed (or dropped as
 * repeats or warm-ups); the others stay where they were (shown as their own "Sub-agent" group).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { placeAgents } from "./agents.ts";
 * assert.equal(placeAgents([], new Map(), []).size, 0); // no sub-agents, nothing placed
 * ```
 */
export function placeAgents(
  streams: AgentStream[],
  calls: Map<ToolUseBlock, number>,
  compactions: SystemItem[],
): Set<SidechainItem> {
  const tasks = [...calls.keys()].filter((c) => SUBAGENT_TOOLS.has(c.name));
  const byId = new Map(tasks.map((c) => [c.id, c]));
  const byAgent = new Map<string, ToolUseBlock>();
  for (const c of tasks) if (c.result?.agentId) byAgent.set(c.result.agentId, c);
  // Progress lines name both the agent and its call: that links a sub-agent file to its call
  // even when the call has no result yet (a session shared while the agent ran).
  for (const s of streams) {
    const call = s.callId ? byId.get(s.callId) : undefined;
    if (s.agentId && call && !byAgent.has(s.agentId)) byAgent.set(s.agentId, call);
  }
  // A sub-agent file holds the whole conversation; progress lines of the same agent repeat it.
  const fromFile = new Set(
    streams.filter((s) => s.source === "sidechain" && s.agentId).map((s) => s.agentId),
  );
  const placed = new Set<SidechainItem>();
  const taken = new Set<ToolUseBlock>();
  const give = (s: AgentStream, call: ToolUseBlock | undefined): boolean => {
    if (!call || taken.has(call)) return false;
    call.agent = s.item.items;
    taken.add(call);
    placed.add(s.item);
    return true;
  };
  const markers = compactions.filter((m) => m.agent === null);
  for (const s of streams) {
    if (s.source === "progress" && s.agentId && fromFile.has(s.agentId)) {
      placed.add(s.item);
      continue;
    }
    if (s.agentId && COMPACTION.test(s.agentId)) {
      const marker = markers.shift();
      if (marker) {
        marker.agent = s.item.items;
        placed.add(s.item);
      }
      continue;
    }
    if (s.callId && give(s, byId.get(s.callId))) continue;
    if (s.agentId && give(s, byAgent.get(s.agentId))) continue;
    if (s.agentId) {
      const prompt = streamPrompt(s);
      if (s.source === "sidechain" && (prompt === null || prompt === WARMUP)) {
        placed.add(s.item);
      }
      continue;
    }
    // No id at all (1.0.x): the call given the same prompt, else the nearest earlier Task call
    // still without a sub-agent. Several calls started in parallel are told apart by prompt.
    const free = tasks.filter((c) => !taken.has(c) && c.agent === null);
    const prompt = streamPrompt(s);
    const byPrompt = prompt ? free.find((c) => taskPrompt(c) === prompt) : undefined;
    give(s, byPrompt ?? free.findLast((c) => (calls.get(c) ?? Infinity) < s.line));
  }
  return placed;
}

/**
 * Number of messages in a sub-agent conversation (for fold labels).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTranscript } from "./parse.ts";
 * assert.equal(countMessages(parseTranscript('{"type":"user","message":{"content":"Hi"}}\n').items), 1);
 * ```
 */
export function countMessages(items: Item[]): number {
  return items.reduce(
    (n, i) => n + (i.kind === "assistant" ? i.messages.length : i.kind === "user" ? 1 : 0),
    0,
  );
}
