/**
 * Hostile sequences on an upload in parts, with the real write token: parts of wrong, boundary
 * and oversized lengths at any index, streamed or with a length, sent again with other bytes, and
 * completes with any size. Every answer must be a 4xx JSON error or a success, and a share that
 * completes must read back exactly the bytes of the parts the server accepted; one that does not
 * must stay unreadable.
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { startTestServer } from "../helpers/server.ts";
import { auth, createShare, download, newReader } from "../api/_client.ts";
import { checkAnswer, FUZZ_SEED, fuzzRuns } from "./_fuzz.ts";

const PART = 131_072;
const MAX_PARTS = 4;

const length = fc.oneof(
  fc.constantFrom(0, 1, PART - 1, PART, PART + 1),
  fc.integer({ min: 0, max: PART + 100 }),
);
const putOp = fc.record({
  kind: fc.constant("put" as const),
  index: fc.oneof(fc.integer({ min: 0, max: MAX_PARTS }), fc.constant(MAX_PARTS + 3)),
  length,
  fill: fc.integer({ min: 1, max: 255 }),
  streamed: fc.boolean(),
});
const completeOp = fc.record({
  kind: fc.constant("complete" as const),
  size: fc.oneof(
    fc.constant(null),
    fc.constantFrom(1, PART, PART + 1, 2 * PART, MAX_PARTS * PART, MAX_PARTS * PART + 1),
    fc.integer({ min: 1, max: MAX_PARTS * PART }),
  ),
});
const total = fc.oneof(
  fc.constantFrom(1, PART, PART + 1, 3 * PART - 1, MAX_PARTS * PART),
  fc.integer({ min: 1, max: MAX_PARTS * PART }),
);

type Step = typeof putOp extends fc.Arbitrary<infer P>
  ? P | (typeof completeOp extends fc.Arbitrary<infer C> ? C : never)
  : never;

/**
 * A plan: the size declared at create (or not), and steps — the honest parts of a share of that
 * size in any order with their complete, interleaved with hostile parts and completes. So most
 * plans can complete, and the hostile steps land before, between and after the honest ones.
 */
const plan = fc.tuple(total, fc.boolean()).chain(([size, declare]) => {
  const parts = Math.ceil(size / PART);
  const honest = fc.tuple(
    ...Array.from({ length: parts }, (_, i) =>
      fc.record({
        kind: fc.constant("put" as const),
        index: fc.constant(i),
        length: fc.constant(Math.min(PART, size - i * PART)),
        fill: fc.integer({ min: 1, max: 255 }),
        streamed: fc.boolean(),
      })),
  ).chain((puts) => fc.shuffledSubarray(puts, { minLength: puts.length }));
  const hostile = fc.array(
    fc.oneof({ weight: 3, arbitrary: putOp }, { weight: 1, arbitrary: completeOp }),
    {
      maxLength: 5,
    },
  );
  const finish: Step = { kind: "complete", size: declare && size % 2 === 0 ? null : size };
  return fc.tuple(honest, hostile, fc.array(fc.nat(), { minLength: 5, maxLength: 5 })).map(
    ([good, bad, at]) => {
      const steps: Step[] = [...good, finish];
      bad.forEach((step, i) => steps.splice(at[i] % (steps.length + 1), 0, step));
      return { declared: declare ? size : null, steps };
    },
  );
});

async function answer(what: string, res: Response): Promise<Record<string, unknown>> {
  const body = await res.bytes();
  await checkAnswer({
    what,
    pathname: new URL(res.url).pathname,
    head: false,
    status: res.status,
    contentType: res.headers.get("Content-Type"),
    body,
  });
  return JSON.parse(new TextDecoder().decode(body));
}

Deno.test("fuzz upload - any sequence of parts and completes: 4xx or success, and only accepted bytes are served", async () => {
  await using server = await startTestServer({
    config: { partSize: PART, maxShareBytes: MAX_PARTS * PART },
  });
  await fc.assert(
    fc.asyncProperty(plan, async ({ declared, steps }) => {
      const reader = await newReader();
      const share = await createShare(server.url, { readTokenHash: reader.hash, size: declared });
      const base = `${server.url}/api/shares/${share.id}`;
      const accepted = new Map<number, { length: number; fill: number }>();
      let completed: number | null = null;
      for (const step of steps) {
        if (step.kind === "put") {
          const bytes = new Uint8Array(step.length).fill(step.fill);
          const res = await fetch(`${base}/parts/${step.index}`, {
            method: "PUT",
            headers: auth(share.writeToken!),
            body: step.streamed ? new Blob([bytes]).stream() : bytes,
          });
          const json = await answer(`put ${JSON.stringify(step)}`, res);
          if (res.status === 200) {
            assert.equal(completed, null, "a part was accepted after complete");
            assert.deepEqual(json, { index: step.index, size: step.length });
            accepted.set(step.index, step);
          }
        } else {
          const res = await fetch(`${base}/complete`, {
            method: "POST",
            headers: { ...auth(share.writeToken!), "Content-Type": "application/json" },
            body: JSON.stringify(step.size === null ? {} : { size: step.size }),
          });
          const json = await answer(`complete ${step.size}`, res);
          if (res.status === 200) {
            assert.ok(completed === null || completed === json.size);
            completed = json.size as number;
          }
        }
      }
      const res = await download(server.url, share.id, reader.token);
      if (completed === null) {
        assert.equal(res.status, 404, "an upload never completed is readable");
        await res.body?.cancel();
        return;
      }
      const expected = new Uint8Array(completed);
      for (let i = 0; i * PART < completed; i++) {
        const part = accepted.get(i);
        assert.ok(part, `completed without part ${i}`);
        expected.fill(part.fill, i * PART, i * PART + part.length);
        assert.equal(
          part.length,
          Math.min(PART, completed - i * PART),
          `part ${i} of a ${completed}-byte share`,
        );
      }
      assert.equal(res.status, 200);
      let served: Uint8Array;
      try {
        served = await res.bytes();
      } catch (err) {
        assert.fail(`the completed share breaks off while it is read back: ${err}`);
      }
      assert.deepEqual(served, expected, "the share serves bytes no accepted part had");
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(60, 40) },
  );
});
