/**
 * Prints the directory `deno task start` grants the server read and write access to: the
 * directory of the KV file `KV_PATH` names (`data` by default). The start task runs it inside its
 * permission flags (`--allow-write=$(deno run --allow-env=KV_PATH scripts/kv_dir.ts)`), because
 * `deno task` cannot compute a default or a directory name itself; this script may read
 * `KV_PATH` and nothing else.
 *
 * @example
 * ```ts ignore
 * // KV_PATH=/srv/hushlink/kv.sqlite3 deno run --allow-env=KV_PATH scripts/kv_dir.ts
 * // prints /srv/hushlink
 * ```
 * @module
 */
import { kvDirectory } from "../lib/config.ts";

if (import.meta.main) console.log(kvDirectory(Deno.env.get("KV_PATH")));
