/**
 * `share.ts delete DELETE_LINK`.
 * @module
 */
import { deleteShare } from "../client/mod.ts";
import type { DeleteArgs } from "./args.ts";

/**
 * Deletes the share behind a delete link.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type DeleteArgs, parseArgs } from "./args.ts";
 * import { runDelete } from "./delete_command.ts";
 * import { createApp } from "../app.ts";
 * import { createShare, getShareInfo, NotFoundError } from "../client/mod.ts";
 * import { loadConfig } from "../config.ts";
 * // A hushlink server on a local port, on an in-memory KV.
 * await using kv = await Deno.openKv(":memory:");
 * await using http = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   createApp({ kv, config: loadConfig({}) }).fetch,
 * );
 * const server = `http://127.0.0.1:${http.addr.port}`;
 * const { id, deleteLink } = await createShare({
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain", size: 2 }],
 * }, [new Blob(["hi"]).stream()], { server });
 *
 * await runDelete(parseArgs(["delete", deleteLink, "--quiet"]) as DeleteArgs);
 * await assert.rejects(getShareInfo(server, id), NotFoundError);
 * ```
 */
export async function runDelete(args: DeleteArgs): Promise<void> {
  await deleteShare(args.link);
  if (args.json) console.log(JSON.stringify({ deleted: true }));
  else if (!args.quiet) console.error("deleted");
}
