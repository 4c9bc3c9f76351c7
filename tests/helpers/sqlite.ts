/**
 * Looking inside a local KV file with SQLite itself, for tests of how the store lays it out.
 * @module
 */
import { DatabaseSync } from "node:sqlite";

/**
 * The SQLite page size of the database file at `path`, read without writing to it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pageSize } from "./sqlite.ts";
 * const dir = await Deno.makeTempDir();
 * {
 *   await using kv = await Deno.openKv(`${dir}/plain.kv`);
 *   await kv.set(["a"], 1);
 * }
 * assert.equal(pageSize(`${dir}/plain.kv`), 4096); // SQLite's default
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function pageSize(path: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return Number(db.prepare("PRAGMA page_size").get()?.page_size);
  } finally {
    db.close();
  }
}
