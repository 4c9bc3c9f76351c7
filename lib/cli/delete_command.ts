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
 * await runDelete(parseArgs(["delete", deleteLink]) as DeleteArgs);
 * ```
 */
export async function runDelete(args: DeleteArgs): Promise<void> {
  await deleteShare(args.link);
  if (args.json) console.log(JSON.stringify({ deleted: true }));
  else if (!args.quiet) console.error("deleted");
}
