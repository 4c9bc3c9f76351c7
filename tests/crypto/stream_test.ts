import assert from "node:assert/strict";
import {
  decryptStream,
  deriveKeys,
  encryptedSize,
  encryptStream,
  generateSecret,
  newPasswordParams,
  RECORD_SIZE,
  type ShareKeys,
} from "../../lib/crypto/mod.ts";
import { collect, streamOf, testBytes } from "./helpers.ts";

async function roundTrip(
  keys: ShareKeys,
  plaintext: Uint8Array,
  chunk?: number,
  concurrency?: number,
) {
  const ciphertext = await collect(
    streamOf(plaintext, chunk).pipeThrough(encryptStream(keys, { concurrency })),
  );
  assert.equal(ciphertext.length, encryptedSize(plaintext.length, keys.password !== null));
  const back = await collect(
    streamOf(ciphertext, chunk).pipeThrough(decryptStream(keys, { concurrency })),
  );
  assert.deepEqual(back, plaintext);
  return ciphertext;
}

const SIZES = [0, 1, RECORD_SIZE - 1, RECORD_SIZE, RECORD_SIZE + 1, 3 * RECORD_SIZE + 5];

Deno.test("stream - round trips sizes 0, 1, record−1, record, record+1, 3 records+5", async () => {
  const keys = await deriveKeys(generateSecret());
  for (const size of SIZES) await roundTrip(keys, testBytes(size, size + 1));
});

Deno.test("stream - round trips whatever the input chunking and concurrency", async () => {
  const keys = await deriveKeys(generateSecret());
  const plaintext = testBytes(3 * RECORD_SIZE + 5, 9);
  for (const chunk of [1000, RECORD_SIZE, RECORD_SIZE + 16, 7 * RECORD_SIZE]) {
    for (const concurrency of [1, 3, 8]) await roundTrip(keys, plaintext, chunk, concurrency);
  }
});

Deno.test("stream - round trips 10 MiB with several records in flight", async () => {
  const keys = await deriveKeys(generateSecret());
  await roundTrip(keys, testBytes(10 * 2 ** 20, 3), 1 << 20, 8);
});

Deno.test("stream - round trips with a password, header says so", async () => {
  const keys = await deriveKeys(generateSecret(), {
    password: "correct horse",
    params: newPasswordParams(),
  });
  for (const size of [0, RECORD_SIZE + 1]) {
    const ciphertext = await roundTrip(keys, testBytes(size, 5));
    assert.equal(ciphertext[6], 1);
  }
});

Deno.test("stream - two encryptions of the same input differ (fresh salt per stream)", async () => {
  const keys = await deriveKeys(generateSecret());
  const a = await roundTrip(keys, testBytes(100));
  const b = await roundTrip(keys, testBytes(100));
  assert.notDeepEqual(a, b);
});

/** An endless source of 64 KiB chunks that counts what was pulled from it. */
function endless(chunk: Uint8Array) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      counter.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  return { stream, counter };
}

Deno.test("stream - memory stays bounded: a slow reader holds back the source", async () => {
  const keys = await deriveKeys(generateSecret());
  for (const concurrency of [1, 8]) {
    const { stream, counter } = endless(testBytes(RECORD_SIZE, 2));
    const reader = stream.pipeThrough(encryptStream(keys, { concurrency })).getReader();
    for (let i = 0; i < 5; i++) await reader.read();
    await new Promise((r) => setTimeout(r, 50));
    // Header + 4 records read; at most `concurrency` in flight plus the held-back record and a few
    // chunks in the streams' queues may have been pulled.
    assert.ok(counter.pulled <= (concurrency + 8) * RECORD_SIZE, `pulled ${counter.pulled}`);
    await reader.cancel();
  }
  // The same through decryption: an endless plaintext, encrypted, then decrypted by a slow reader.
  const { stream, counter } = endless(testBytes(RECORD_SIZE, 3));
  const reader = stream.pipeThrough(encryptStream(keys, { concurrency: 4 }))
    .pipeThrough(decryptStream(keys, { concurrency: 4 })).getReader();
  for (let i = 0; i < 3; i++) {
    assert.deepEqual((await reader.read()).value, testBytes(RECORD_SIZE, 3));
  }
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(counter.pulled <= 24 * RECORD_SIZE, `pulled ${counter.pulled}`);
  await reader.cancel();
});

Deno.test("stream - an invalid concurrency is refused at once", () => {
  const keys = {
    ikm: new Uint8Array(32),
    readToken: new Uint8Array(32),
    readTokenHash: new Uint8Array(32),
    password: null,
  };
  for (const concurrency of [0, 65, 1.5]) {
    assert.throws(() => encryptStream(keys, { concurrency }), RangeError);
    assert.throws(() => decryptStream(keys, { concurrency }), RangeError);
  }
});
