import assert from "node:assert/strict";
import { Batcher } from "../../lib/store/batcher.ts";

/** A batch runner whose batches finish only when the test says so. */
function heldRuns() {
  const batches: string[][] = [];
  const finishers: (() => void)[] = [];
  const run = (items: string[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve) => {
      finishers.push(() => resolve(items.map((item) => `done ${item}`)));
    });
  };
  /** Finishes the oldest unfinished batch and lets the batcher start the next. */
  const finishOne = async () => {
    finishers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { batches, run, finishOne };
}

Deno.test("batcher - an item added while idle runs at once, alone", async () => {
  const runs = heldRuns();
  const batcher = new Batcher({ maxItems: 10, inFlight: 1, run: runs.run });
  const result = batcher.add("a");
  assert.deepEqual(runs.batches, [["a"]]);
  await runs.finishOne();
  assert.equal(await result, "done a");
});

Deno.test("batcher - items added while a batch runs go out together in the next one", async () => {
  const runs = heldRuns();
  const batcher = new Batcher({ maxItems: 10, inFlight: 1, run: runs.run });
  const results = ["a", "b", "c", "d"].map((item) => batcher.add(item));
  assert.deepEqual(runs.batches, [["a"]]);
  await runs.finishOne();
  assert.deepEqual(runs.batches, [["a"], ["b", "c", "d"]]);
  await runs.finishOne();
  assert.deepEqual(await Promise.all(results), ["done a", "done b", "done c", "done d"]);
});

Deno.test("batcher - at most inFlight batches run at once, the rest wait their turn", async () => {
  const runs = heldRuns();
  const batcher = new Batcher({ maxItems: 2, inFlight: 2, run: runs.run });
  const results = ["a", "b", "c", "d", "e", "f"].map((item) => batcher.add(item));
  assert.deepEqual(runs.batches, [["a"], ["b"]]);
  await runs.finishOne();
  assert.deepEqual(runs.batches, [["a"], ["b"], ["c", "d"]]);
  await runs.finishOne();
  await runs.finishOne();
  await runs.finishOne();
  assert.deepEqual(runs.batches, [["a"], ["b"], ["c", "d"], ["e", "f"]]);
  assert.equal((await Promise.all(results)).length, 6);
});

Deno.test("batcher - a batch stops at maxItems or maxWeight; an item over maxWeight goes alone", async () => {
  const runs = heldRuns();
  const batcher = new Batcher({ maxItems: 3, maxWeight: 10, inFlight: 1, run: runs.run });
  const weights: [string, number][] = [
    ["first", 1],
    ["a", 1],
    ["b", 1],
    ["c", 1],
    ["d", 1],
    ["e", 6],
    ["f", 5],
    ["huge", 50],
    ["g", 1],
  ];
  const results = weights.map(([item, weight]) => batcher.add(item, weight));
  for (let i = 0; i < 5; i++) await runs.finishOne();
  assert.deepEqual(runs.batches, [
    ["first"],
    ["a", "b", "c"], // maxItems
    ["d", "e"], // 1 + 6 + 5 > 10
    ["f"], // 5 + 50 > 10
    ["huge"], // heavier than maxWeight on its own
    ["g"],
  ]);
  await runs.finishOne();
  assert.equal((await Promise.all(results)).length, weights.length);
});

Deno.test("batcher - a failed batch rejects its own items only; later batches still run", async () => {
  let calls = 0;
  const batcher = new Batcher<string, string>({
    maxItems: 10,
    inFlight: 1,
    run: (items) => {
      calls++;
      return calls === 1
        ? Promise.reject(new Error("commit failed"))
        : Promise.resolve(items.map((item) => item.toUpperCase()));
    },
  });
  const first = batcher.add("a");
  const rest = [batcher.add("b"), batcher.add("c")];
  await assert.rejects(first, /commit failed/);
  assert.deepEqual(await Promise.all(rest), ["B", "C"]);
});
