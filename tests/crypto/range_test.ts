import assert from "node:assert/strict";
import {
  checkFinalRecord,
  decryptFileRange,
  deriveKeys,
  encryptStream,
  generateSecret,
  type Manifest,
  openRanged,
  pack,
  RECORD_SIZE,
  type ShareKeys,
  TamperedError,
  TruncatedError,
  WrongKeyError,
} from "../../lib/crypto/mod.ts";
import { collect, collectUntilError, streamOf, testBytes } from "./helpers.ts";

const FULL = RECORD_SIZE + 16;
const KEYS = await deriveKeys(generateSecret());
const BODIES = [
  testBytes(1000, 1),
  testBytes(5 * RECORD_SIZE + 123, 2),
  testBytes(0),
  testBytes(70_000, 3),
];

async function share(keys: ShareKeys, manifest: Manifest, bodies: Uint8Array[]) {
  return await collect(
    pack(manifest, bodies.map((b) => streamOf(b))).pipeThrough(encryptStream(keys)),
  );
}

function manifestFor(bodies: Uint8Array[], nameLength = 8): Manifest {
  return {
    v: 1,
    kind: "files",
    created: "2026-11-22T10:00:00.000Z",
    files: bodies.map((b, i) => ({
      name: `${i}`.padStart(nameLength, "n"),
      type: "x/y",
      size: b.length,
    })),
  };
}

/** A fetch callback over a ciphertext that records every range asked for. */
function fetcher(ciphertext: Uint8Array) {
  const asked: [number, number][] = [];
  const fetch = (start: number, end: number) => {
    asked.push([start, end]);
    return Promise.resolve(ciphertext.slice(start, end));
  };
  return { fetch, asked };
}

Deno.test("range - openRanged reads the manifest with one fetch and locates every file", async () => {
  const manifest = manifestFor(BODIES);
  const ciphertext = await share(KEYS, manifest, BODIES);
  const { fetch, asked } = fetcher(ciphertext);
  const opened = await openRanged(KEYS, { ciphertextSize: ciphertext.length, fetch });
  assert.deepEqual(opened.manifest, manifest);
  assert.equal(asked.length, 1);
  assert.deepEqual(opened.files.map((f) => f.size), BODIES.map((b) => b.length));
  assert.deepEqual(opened.header.bytes, ciphertext.subarray(0, 24));
});

Deno.test("range - any byte range of a file decrypts from only the records covering it", async () => {
  const ciphertext = await share(KEYS, manifestFor(BODIES), BODIES);
  const { fetch, asked } = fetcher(ciphertext);
  const opened = await openRanged(KEYS, { ciphertextSize: ciphertext.length, fetch });
  const cases: [number, number, number][] = [
    [0, 0, 1000],
    [0, 10, 20],
    [1, 0, BODIES[1].length],
    [1, RECORD_SIZE - 3, RECORD_SIZE + 3],
    [1, 3 * RECORD_SIZE, 3 * RECORD_SIZE + 1],
    [1, BODIES[1].length - 5, BODIES[1].length],
    [2, 0, 0],
    [3, 12_345, 70_000],
  ];
  for (const [index, start, end] of cases) {
    asked.length = 0;
    const file = opened.files[index];
    const got = await collect(
      decryptFileRange(KEYS, {
        header: opened.header.bytes,
        ciphertextSize: ciphertext.length,
        fetch,
        file,
        start,
        end,
        concurrency: 2,
      }),
    );
    assert.deepEqual(got, BODIES[index].subarray(start, end), `file ${index} ${start}..${end}`);
    const first = Math.floor((file.offset + start) / RECORD_SIZE);
    const needed = end > start ? Math.floor((file.offset + end - 1) / RECORD_SIZE) - first + 1 : 0;
    const fetched = asked.reduce((n, [a, b]) => n + (b - a), 0);
    assert.ok(fetched <= needed * FULL, `fetched ${fetched} bytes for ${needed} records`);
    for (const [a] of asked) assert.equal((a - 24) % FULL, 0, "fetches start on a record");
  }
});

Deno.test("range - a manifest spanning several records and a password share", async () => {
  const secret = generateSecret();
  const keys = await deriveKeys(secret, {
    password: "pw",
    params: { salt: new Uint8Array(16).fill(7), iterations: 600_000 },
  });
  const bodies = Array.from({ length: 40 }, (_, i) => testBytes(i * 100, i + 1));
  const manifest = manifestFor(bodies, 4000); // ≈ 160 KB of manifest
  const ciphertext = await share(keys, manifest, bodies);
  const { fetch } = fetcher(ciphertext);
  const opened = await openRanged(keys, { ciphertextSize: ciphertext.length, fetch });
  assert.deepEqual(opened.manifest, manifest);
  const file = opened.files[39];
  const got = await collect(
    decryptFileRange(keys, {
      header: opened.header.bytes,
      ciphertextSize: ciphertext.length,
      fetch,
      file,
    }),
  );
  assert.deepEqual(got, bodies[39]);
  await assert.rejects(
    openRanged(await deriveKeys(secret), { ciphertextSize: ciphertext.length, fetch }),
    WrongKeyError,
  );
});

Deno.test("range - tampered records, a lying size or short fetches fail with typed errors", async () => {
  const ciphertext = await share(KEYS, manifestFor(BODIES), BODIES);
  const size = ciphertext.length;
  const opened = await openRanged(KEYS, { ciphertextSize: size, fetch: fetcher(ciphertext).fetch });
  const file = opened.files[1];
  const read = (bytes: Uint8Array, ciphertextSize = size, fetch = fetcher(bytes).fetch) =>
    collectUntilError(
      decryptFileRange(KEYS, { header: opened.header.bytes, ciphertextSize, fetch, file }),
    );
  const tampered = ciphertext.slice();
  tampered[24 + 3 * FULL + 5] ^= 1;
  const t = await read(tampered);
  assert.ok(t.error instanceof TamperedError, String(t.error));
  assert.ok(t.bytes.length <= 3 * RECORD_SIZE - file.offset);
  // Claiming the stream ends earlier makes a non-final record pose as the final one.
  const cutSize = 24 + 6 * FULL;
  const lie = await collectUntilError(
    decryptFileRange(KEYS, {
      header: opened.header.bytes,
      ciphertextSize: cutSize,
      fetch: fetcher(ciphertext).fetch,
      file: { offset: file.offset, size: 5 * RECORD_SIZE },
    }),
  );
  assert.ok(lie.error instanceof TruncatedError, String(lie.error));
  const short = await read(ciphertext, size, (a, b) => Promise.resolve(ciphertext.slice(a, b - 1)));
  assert.ok(short.error instanceof TruncatedError, String(short.error));
  await assert.rejects(
    openRanged(await deriveKeys(generateSecret()), {
      ciphertextSize: size,
      fetch: fetcher(ciphertext).fetch,
    }),
    WrongKeyError,
  );
  assert.throws(() =>
    decryptFileRange(KEYS, {
      header: opened.header.bytes,
      ciphertextSize: size,
      fetch: fetcher(ciphertext).fetch,
      file,
      start: 5,
      end: file.size + 1,
    }), RangeError);
});

Deno.test("range - checkFinalRecord accepts the true end and refuses a cut or a lying size", async () => {
  const ciphertext = await share(KEYS, manifestFor(BODIES), BODIES);
  const size = ciphertext.length;
  const opened = await openRanged(KEYS, { ciphertextSize: size, fetch: fetcher(ciphertext).fetch });
  const header = opened.header.bytes;
  const { fetch, asked } = fetcher(ciphertext);
  await checkFinalRecord(KEYS, { header, ciphertextSize: size, fetch });
  assert.equal(asked.length, 1, "one request, of the final record");
  assert.equal(asked[0][1], size);
  // Cut after a whole record, and said to be that long: the last record left is not final.
  const cut = 24 + 3 * FULL;
  await assert.rejects(
    checkFinalRecord(KEYS, { header, ciphertextSize: cut, fetch: fetcher(ciphertext).fetch }),
    TruncatedError,
  );
  // Said to be longer than it is: the final record's bytes never come.
  await assert.rejects(
    checkFinalRecord(KEYS, {
      header,
      ciphertextSize: size + FULL,
      fetch: fetcher(ciphertext).fetch,
    }),
    TruncatedError,
  );
});
