/**
 * `share.ts mcp`: serves the Model Context Protocol over standard input/output so that AI
 * agents can share and read links; keys never leave this process.
 *
 * The MCP server (lib/mcp/, with the MCP SDK and its validators) is most of the script's code,
 * and the other commands never need it, so it is loaded only here, from {@link mcpModuleUrl}.
 * @module
 */
import type { McpArgs } from "./args.ts";
import { readEnv } from "./env.ts";
import { defaultServer, type ScriptContext } from "./share_command.ts";
import { MCP_BUNDLE } from "../asset_manifest.ts";
import type * as McpModule from "../mcp/mod.ts";
import { UsageError } from "../share_io/errors.ts";

/**
 * Where the MCP server's code is, for this module at `moduleUrl` (its `import.meta.url`). From
 * source (this module is a `.ts` file) it is lib/mcp/mod.ts. In the bundle that the server
 * serves at /share.js, `import.meta.url` is the bundle's own URL, and the MCP server is the
 * separate bundle served next to it (`share-mcp.js`, built by scripts/build.ts), so users of
 * share/get/delete never download it. An import computed at run time is checked against the
 * permissions when it runs: from the script's own host it needs no `--allow-import` (Deno allows
 * imports from the main module's host), from a file (a clone) it needs `--allow-read`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mcpModuleUrl } from "./mcp_command.ts";
 * assert.equal(mcpModuleUrl("https://share.example/share.js"), "https://share.example/share-mcp.js");
 * assert.equal(mcpModuleUrl("file:///src/lib/cli/mcp_command.ts"), "file:///src/lib/mcp/mod.ts");
 * ```
 */
export function mcpModuleUrl(moduleUrl: string): string {
  const fromSource = new URL(moduleUrl).pathname.endsWith(".ts");
  return new URL(fromSource ? "../mcp/mod.ts" : MCP_BUNDLE, moduleUrl).href;
}

/**
 * Runs the MCP server until standard input closes.
 * @example
 * ```ts ignore
 * import { runMcp } from "./mcp_command.ts";
 * await runMcp({ command: "mcp" }, { scriptUrl: import.meta.url }); // serves stdio until it closes
 * ```
 */
export async function runMcp(args: McpArgs, context: ScriptContext): Promise<void> {
  const { runMcpServer } = await loadMcpServer();
  await runMcpServer({
    server: args.server ?? await defaultServer(context.scriptUrl),
    uploadToken: args.uploadToken ?? await readEnv("HUSHLINK_UPLOAD_TOKEN"),
  });
}

async function loadMcpServer(): Promise<typeof McpModule> {
  // A specifier held in a variable: `deno bundle` leaves it out of share.js, and Deno does not
  // fetch it ahead of the run as it does a literal `import("…")`.
  const specifier = mcpModuleUrl(import.meta.url);
  try {
    return await import(specifier);
  } catch (e) {
    // Deno's reason names the flag when a permission is missing (--allow-read from a clone).
    const reason = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new UsageError(`cannot load the MCP server from ${specifier} (${reason})`);
  }
}
