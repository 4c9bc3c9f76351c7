/**
 * lib/store/garbage.ts: bytes downloaded or stored make V8 collect its young generation once per
 * COLLECT_EVERY bytes, when the process exposes `gc` (the start task's `--expose-gc`).
 * @module
 */
import assert from "node:assert/strict";

type Garbage = typeof import("../../lib/store/garbage.ts");

/** Imports `path` (relative to this file) while the process's `gc` is `collect`. */
async function importSeeing<T>(
  collect: ((options: unknown) => void) | undefined,
  path: string,
): Promise<T> {
  const global = globalThis as { gc?: unknown };
  const before = global.gc;
  global.gc = collect;
  try {
    return await import(new URL(path, import.meta.url).href);
  } finally {
    global.gc = before;
  }
}

/** A fresh instance of the module (its own count) that sees `gc` as `collect`. */
function withCollector(collect: ((options: unknown) => void) | undefined): Promise<Garbage> {
  // A query makes a new module instance, which reads `gc` again.
  return importSeeing(collect, `../../lib/store/garbage.ts?${crypto.randomUUID()}`);
}

Deno.test("garbage - collects the young generation once per COLLECT_EVERY spent bytes", async () => {
  const calls: unknown[] = [];
  const { COLLECT_EVERY, spent } = await withCollector((options) => calls.push(options));
  const chunk = 65_536;
  for (let total = chunk; total < COLLECT_EVERY; total += chunk) spent(chunk);
  assert.equal(calls.length, 0, "nothing collected before COLLECT_EVERY bytes");
  spent(chunk);
  assert.deepEqual(calls, [{ type: "minor" }]);
  for (let total = 0; total < 3 * COLLECT_EVERY; total += chunk) spent(chunk);
  assert.equal(calls.length, 4, "then once per COLLECT_EVERY bytes");
});

Deno.test("garbage - without an exposed gc, counting spent bytes does nothing else", async () => {
  const { COLLECT_EVERY, spent } = await withCollector(undefined);
  for (let i = 0; i < 4; i++) spent(COLLECT_EVERY);
});

Deno.test("garbage - an upload's stored chunks count towards the collections", async () => {
  // chunks.ts (and the garbage.ts it imports) are loaded here for the first time in this file,
  // so they see this `gc`.
  const calls: unknown[] = [];
  const chunks: typeof import("../../lib/store/chunks.ts") = await importSeeing(
    (options) => calls.push(options),
    "../../lib/store/chunks.ts",
  );
  const garbage: Garbage = await import("../../lib/store/garbage.ts");
  await using kv = await Deno.openKv(":memory:");
  const writer = new chunks.ChunkWriter(kv, "q3Xh0s5c9m1Jd0l5bY2Vtw", 60_000, null);
  const size = 4 * garbage.COLLECT_EVERY;
  await chunks.writeBody(new Blob([new Uint8Array(size)]).stream(), writer, 0, size);
  // One per COLLECT_EVERY counted when each atomic batch settles (a batch's overshoot is dropped).
  assert(calls.length >= 3, `${calls.length} collections for ${size} bytes stored`);
  assert(calls.every((options) => (options as { type: string }).type === "minor"));
});
