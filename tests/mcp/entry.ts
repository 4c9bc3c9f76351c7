/**
 * A stand-in for `share.ts mcp` while the share script has no `mcp` command: serves the MCP
 * server for the hushlink server named by the first argument.
 * @example
 * ```sh
 * deno run -A tests/mcp/entry.ts http://localhost:8000
 * ```
 * @module
 */
import { runMcpServer } from "../../lib/mcp/mod.ts";

if (import.meta.main) await runMcpServer({ server: Deno.args[0] });
