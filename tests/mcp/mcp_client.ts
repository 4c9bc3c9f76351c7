/**
 * Drives the MCP server the way an MCP client does: the SDK's own client spawns
 * `deno run -A share.ts mcp` (or narrower permissions, or the bundled share.js served over HTTP)
 * over stdio, against a real hushlink server (tests/helpers/server.ts) that records every request.
 * @module
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { serveBundledScript } from "../helpers/bundled_script.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const SHARE_TS = new URL("../../share.ts", import.meta.url).pathname;

/** A tool call's result, flattened for assertions. */
export interface ToolOutcome {
  isError: boolean;
  text: string;
  data: Record<string, unknown>;
}

/** A listed tool. */
export interface ListedTool {
  name: string;
  description?: string;
}

/** A connected client and the hushlink server its MCP server shares to. */
export interface McpSession {
  server: TestServer;
  call(name: string, args: Record<string, unknown>): Promise<ToolOutcome>;
  tools(): Promise<ListedTool[]>;
  /** With `bundled`: the script files the front server served so far (`/share.js`, …). */
  served: string[];
}

/** Options of {@link withMcp}. */
export interface McpRunOptions {
  /** The hushlink server's clock. */
  now?: () => number;
  /** Variables set on top of this process's environment for the MCP server. */
  env?: Record<string, string>;
  /** The MCP server's working directory (Claude Code starts it in the project directory). */
  cwd?: string;
  /** Deno permission flags of the MCP server (default: `-A`, as the setup documents). */
  permissions?: string[];
  /** Runs `share.js mcp` as built and served over HTTP (tests/helpers/bundled_script.ts). */
  bundled?: boolean;
}

/**
 * Runs `body` with a fresh hushlink server and an MCP client connected to a spawned MCP server.
 * @example
 * ```ts
 * await withMcp(async ({ call }) => {
 *   const shared = await call("share_text", { text: "hi" });
 * });
 * ```
 */
export async function withMcp(
  body: (s: McpSession) => Promise<void>,
  options: McpRunOptions = {},
): Promise<void> {
  await using server = await startTestServer({ record: true, now: options.now });
  const client = new Client({ name: "hushlink-test", version: "1.0.0" });
  await using closing = new AsyncDisposableStack();
  let script = SHARE_TS;
  let served: string[] = [];
  if (options.bundled) {
    const dir = closing.use(await tempDir({ prefix: "hushlink-mcp-" }));
    const front = closing.use(await serveBundledScript(server.url, dir.path));
    script = `${front.origin}/share.js`;
    served = front.served;
  }
  closing.defer(() => client.close());
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: [
      "run",
      ...(options.permissions ?? ["-A"]),
      "--quiet",
      // A script fetched from a test server's random port must not be recorded in deno.lock.
      ...(options.bundled ? ["--no-lock"] : []),
      script,
      "mcp",
      "--server",
      server.url,
    ],
    env: { ...Deno.env.toObject(), NO_COLOR: "1", ...options.env },
    cwd: options.cwd,
    stderr: "inherit",
  });
  await client.connect(transport);
  await body({
    server,
    served,
    async call(name, args) {
      const result = await client.callTool({ name, arguments: args });
      const content = result.content as { type: string; text: string }[];
      return {
        isError: result.isError === true,
        text: content.map((c) => c.text).join("\n"),
        data: (result.structuredContent ?? {}) as Record<string, unknown>,
      };
    },
    async tools() {
      const { tools } = await client.listTools();
      return tools.map(({ name, description }: ListedTool) => ({ name, description }))
        .sort((a: ListedTool, b: ListedTool) => a.name.localeCompare(b.name));
    },
  });
}

/**
 * Asserts that no recorded request carried `secret` in its URL, headers or (decoded) body.
 * @example
 * ```ts
 * assertNeverSent(server, link.split("#")[1]);
 * ```
 */
export function assertNeverSent(server: TestServer, secret: string): void {
  for (const r of server.requests) {
    assert.ok(!r.url.includes(secret), `${r.method} ${r.url} leaks it`);
    assert.ok(!JSON.stringify(r.headers).includes(secret), `${r.method} headers leak it`);
    assert.ok(!new TextDecoder().decode(r.body).includes(secret), `${r.method} body leaks it`);
  }
}
