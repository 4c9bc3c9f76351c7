/**
 * Tool results of the MCP server: a success carries a short text for the model plus the same
 * facts as structured content; a failure is an MCP tool error (`isError: true`) whose text is the
 * share script's one-line message for the same error, so an agent and a person at a terminal
 * read the same words.
 * @module
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { PasswordRequiredError } from "../client/mod.ts";
import { describeError } from "../cli/errors.ts";

/**
 * A successful tool result: `text` for the model, `data` as structured content.
 * @example
 * ```ts
 * toolResult("deleted", { deleted: true });
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
 * it is, where the share script's message would name a command-line fix the agent cannot use.
 * @example
 * ```ts
 * throw new ToolFailure("Claude Code has no sessions for /srv/app: pass the project's directory");
 * ```
 */
export class ToolFailure extends Error {
  /** Creates the failure; `message` names the problem and what the agent can do about it. */
  constructor(message: string) {
    super(message);
    this.name = "ToolFailure";
  }
}

/**
 * Turns any error into a tool error with one clear line: the share script's message
 * (lib/cli/errors.ts), except where the script's advice names a terminal-only fix.
 * @example
 * ```ts
 * toolError(new NotFoundError()).content[0].text; // "the share does not exist: ..."
 * ```
 */
export function toolError(error: unknown): CallToolResult {
  const message = error instanceof ToolFailure
    ? error.message
    : error instanceof PasswordRequiredError
    ? "this share is protected by a password; call read_link again with the password argument " +
      "(a wrong password uses no view)"
    : describeError(error).message;
  return { content: [{ type: "text", text: message }], isError: true };
}
