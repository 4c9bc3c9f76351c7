/**
 * `share.ts mcp`: serves the Model Context Protocol over standard input/output so that AI
 * agents can share and read links; keys never leave this process.
 * @module
 */
import type { McpArgs } from "./args.ts";
import { readEnv } from "./env.ts";
import { defaultServer, type ScriptContext } from "./share_command.ts";

/**
 * Runs the MCP server until standard input closes.
 * @example
 * ```ts ignore
 * import { runMcp } from "./mcp_command.ts";
 * await runMcp({ command: "mcp" }, { scriptUrl: import.meta.url }); // serves stdio until it closes
 * ```
 */
export async function runMcp(args: McpArgs, context: ScriptContext): Promise<void> {
  // Loaded on demand: the SDK is large and the other commands never need it.
  const { runMcpServer } = await import("../mcp/mod.ts");
  await runMcpServer({
    server: args.server ?? await defaultServer(context.scriptUrl),
    uploadToken: args.uploadToken ?? await readEnv("HUSHLINK_UPLOAD_TOKEN"),
  });
}
