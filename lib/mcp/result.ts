/**
 * Tool results of the MCP server: a success carries a short text for the model plus the same
 * facts as structured content; a failure is an MCP tool error (`isError: true`) whose text is the
 * one-line message the share script prints for the same error (lib/share_io/errors.ts), with the
 * fixes worded in tool arguments instead of command-line flags.
 * @module
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { HushlinkError } from "../crypto/mod.ts";
import { type Advice, explainError } from "../share_io/errors.ts";

/**
 * A successful tool result: `text` for the model, `data` as structured content.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toolResult } from "./result.ts";
 * const result = toolResult("deleted", { deleted: true });
 * assert.deepEqual(result.content[0], { type: "text", text: "deleted" });
 * ```
 */
export function toolResult(text: string | string[], data: Record<string, unknown>): CallToolResult {
  const texts = typeof text === "string" ? [text] : text;
  return {
    content: texts.map((t) => ({ type: "text" as const, text: t })),
    structuredContent: data,
  };
}

/**
 * A failure whose message is already written for the agent: {@link toolError} passes it on as
 * it is, where the shared message would not say what the agent can do.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ToolFailure } from "./result.ts";
 * const e = new ToolFailure("no_project", "Claude Code has no sessions for /srv/app");
 * assert.equal(e.code, "no_project");
 * ```
 */
export class ToolFailure extends HushlinkError {
  /**
   * Creates the failure with the stable `code` of what went wrong (a session error's, for one);
   * `message` names the problem and what the agent can do about it.
   */
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** The agent's fixes: tool arguments, and the permissions of this server's `deno run`. */
const TOOL_ADVICE: Advice = {
  password: "call read_link again with the password argument (a wrong password uses no view)",
  permission: "allow it in this MCP server's deno run command",
};

/**
 * Turns any error into a tool error with one clear line: a {@link ToolFailure}'s own message, or
 * the shared message with the agent's fixes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toolError } from "./result.ts";
 * import { NotFoundError } from "../client/mod.ts";
 * const result = toolError(new NotFoundError());
 * assert(result.isError && result.content[0].type === "text");
 * assert(result.content[0].text.startsWith("the share does not exist"));
 * ```
 */
export function toolError(error: unknown): CallToolResult {
  const message = error instanceof ToolFailure
    ? error.message
    : explainError(error, TOOL_ADVICE).message;
  return { content: [{ type: "text", text: message }], isError: true };
}
