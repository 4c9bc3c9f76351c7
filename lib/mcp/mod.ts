/**
 * The hushlink MCP server: `share.ts mcp` serves the tools `share_text`, `share_file`,
 * `share_session`, `read_link` and `delete_share` over stdio; keys and plaintext stay in this
 * process.
 * @example
 * ```ts
 * import { runMcpServer } from "./mod.ts";
 * await runMcpServer({ server: "https://share.example" });
 * ```
 * @module
 */
export { createMcpServer, type McpOptions, runMcpServer } from "./server.ts";
