/**
 * The hushlink MCP server: `share.ts mcp` serves the tools `share_text`, `share_file`,
 * `share_session`, `read_link` and `delete_share` over stdio; keys and plaintext stay in this
 * process.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Client } from "@modelcontextprotocol/sdk/client/index.js";
 * import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
 * import { createMcpServer } from "./mod.ts";
 * // `share.ts mcp` runs runMcpServer({ server }), which serves the same over stdio.
 * const server = createMcpServer({ server: "https://share.example" });
 * const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
 * await server.connect(serverSide);
 * const client = new Client({ name: "example", version: "1.0.0" });
 * await client.connect(clientSide);
 * const { tools } = await client.listTools();
 * const names = tools.map((t: { name: string }) => t.name);
 * assert(names.includes("share_text") && names.includes("read_link"));
 * await client.close();
 * ```
 * @module
 */
export { createMcpServer, type McpOptions, runMcpServer } from "./server.ts";
