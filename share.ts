/**
 * The hushlink share script: `deno run --allow-net=HOST --allow-read=FILE share.ts FILE` shares
 * a file end-to-end encrypted and prints its link; `share.ts get LINK` decrypts one;
 * `share.ts delete DELETE_LINK` deletes one. `--help` tells the rest. The server also serves
 * this script bundled at `/share.js`, so `deno run -NR https://HOST/share.js FILE` works
 * without a clone; `share.js mcp` loads the MCP server from `/share-mcp.js` beside it
 * (lib/cli/mcp_command.ts).
 * @example
 * ```sh
 * deno run -NR share.ts notes.md
 * echo hello | deno run -N share.ts --burn
 * ```
 * @module
 */
import { main } from "./lib/cli/main.ts";

if (import.meta.main) Deno.exit(await main(Deno.args, { scriptUrl: import.meta.url }));
