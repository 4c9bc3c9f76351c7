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
 * Turns any error into a tool error with one clear line: the share script's message
 * (lib/cli/errors.ts), except where the script's advice names a terminal-only fix.
 * @example
 * ```ts
 * toolError(new NotFoundError()).content[0].text; // "the share does not exist: ..."
 * ```
 */
export function toolError(error: unknown): CallToolResult {
  const message = error instanceof PasswordRequiredError
    ? "this share is protected by a password; call read_link again with the password argument " +
      "(a wrong password uses no view)"
    : describeError(error).message;
  return { content: [{ type: "text", text: message }], isError: true };
}
