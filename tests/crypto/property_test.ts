import assert from "node:assert/strict";
import fc from "fast-check";
import {
  decryptStream,
  deriveKeys,
  encryptStream,
  generateSecret,
  HushlinkError,
  type Manifest,
  pack,
  RECORD_SIZE,
  TamperedError,
  TruncatedError,
  unpack,
  WrongKeyError,
} from "../../lib/crypto/mod.ts";
import { collect, collectUntilError, streamOf, testBytes } from "./helpers.ts";

const KEYS = await deriveKeys(generateSecret());
const FULL = RECORD_SIZE + 16;
const RUNS = 40;

/** Sizes concentrated around record boundaries, where off-by-one bugs live. */
const size = fc.oneof(
  fc.integer({ min: 0, max: 3 * RECORD_SIZE + 100 }),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -2, max: 2 })).map(([k, d]) =>
    Math.max(0, k * RECORD_SIZE + d)
  ),
);

async function encrypt(plaintext: Uint8Array, chunk: number, concurrency: number) {
  return await collect(
    streamOf(plaintext, chunk).pipeThrough(encryptStream(KEYS, { concurrency })),
  );
}

Deno.test("property - any size, chunking and concurrency round trips", async () => {
  await fc.assert(
    fc.asyncProperty(
      // Tiny chunks (the header arriving byte by byte) only with small inputs, to stay quick.
      fc.oneof(
        fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 50 })),
        fc.tuple(size, fc.integer({ min: 1000, max: 200_000 })),
      ),
      fc.integer({ min: 1, max: 8 }),
      fc.integer(),
      async ([n, chunk], concurrency, seed) => {
        const plaintext = testBytes(n, seed);
        const ciphertext = await encrypt(plaintext, chunk, concurrency);
        const back = await collect(
          streamOf(ciphertext, chunk).pipeThrough(decryptStream(KEYS, { concurrency })),
        );
        assert.deepEqual(back, plaintext);
      },
    ),
    { numRuns: RUNS },
  );
});

Deno.test("property - a flipped bit anywhere fails, releasing only authenticated records", async () => {
  await fc.assert(
    fc.asyncProperty(size, fc.nat(), fc.integer({ min: 0, max: 7 }), async (n, where, bit) => {
      const plaintext = testBytes(n, n);
      const ciphertext = await encrypt(plaintext, 50_000, 4);
      const at = where % ciphertext.length;
      ciphertext[at] ^= 1 << bit;
      const { bytes, error } = await collectUntilError(
        streamOf(ciphertext, 30_000).pipeThrough(decryptStream(KEYS)),
      );
      assert.ok(error instanceof HushlinkError, String(error));
      const damagedRecord = Math.max(0, Math.floor((at - 24) / FULL));
      assert.ok(bytes.length <= damagedRecord * RECORD_SIZE);
      assert.deepEqual(bytes, plaintext.subarray(0, bytes.length));
    }),
    { numRuns: RUNS },
  );
});

Deno.test("property - any truncation fails as truncated (size known) and releases a true prefix", async () => {
  await fc.assert(
    fc.asyncProperty(size, fc.nat(), async (n, where) => {
      const plaintext = testBytes(n, n + 3);
      const ciphertext = await encrypt(plaintext, 100_000, 8);
      const cut = ciphertext.subarray(0, where % ciphertext.length);
      for (const expectedSize of [ciphertext.length, undefined]) {
        const { bytes, error } = await collectUntilError(
          streamOf(cut, 20_000).pipeThrough(decryptStream(KEYS, { expectedSize })),
        );
        if (expectedSize !== undefined) assert.ok(error instanceof TruncatedError, String(error));
        else {
          assert.ok(
            error instanceof TruncatedError || error instanceof TamperedError ||
              error instanceof WrongKeyError,
            String(error),
          );
        }
        assert.deepEqual(bytes, plaintext.subarray(0, bytes.length));
      }
    }),
    { numRuns: RUNS },
  );
});

Deno.test("property - any manifest and bodies survive pack → encrypt → decrypt → unpack", async () => {
  const file = fc.record({
    name: fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }),
    type: fc.constantFrom("text/plain; charset=utf-8", "image/png", "application/octet-stream"),
    size: fc.integer({ min: 0, max: 100_000 }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(file, { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      async (files, openEnded) => {
        const bodies = files.map((f, i) => testBytes(f.size, i + 1));
        const manifest: Manifest = {
          v: 1,
          kind: "files",
          created: "2026-11-22T10:00:00.000Z",
          files: files.map((f, i) => ({
            ...f,
            size: openEnded && i === files.length - 1 ? null : f.size,
          })),
        };
        const ciphertext = await collect(
          pack(manifest, bodies.map((b) => streamOf(b, 7000))).pipeThrough(encryptStream(KEYS)),
        );
        const { manifest: back, files: out } = await unpack(
          streamOf(ciphertext, 9000).pipeThrough(decryptStream(KEYS)),
        );
        assert.deepEqual(back, manifest);
        let i = 0;
        for await (const { body } of out) assert.deepEqual(await collect(body), bodies[i++]);
        assert.equal(i, bodies.length);
      },
    ),
    { numRuns: RUNS },
  );
});
