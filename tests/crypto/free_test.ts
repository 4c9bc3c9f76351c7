import assert from "node:assert/strict";
import {
  decryptStream,
  deriveKeys,
  encryptStream,
  freeBuffer,
  generateSecret,
  type Manifest,
  pack,
  RECORD_SIZE,
  unpack,
} from "../../lib/crypto/mod.ts";
import { ByteQueue } from "../../lib/crypto/bytes.ts";
import { collect, streamOf, testBytes } from "./helpers.ts";

/** `stream`, keeping a reference to every chunk that passes (to look at them afterwards). */
function tapped(stream: ReadableStream<Uint8Array>, seen: Uint8Array[]) {
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen.push(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** Whether `bytes`'s buffer was freed (detached). */
const freed = (bytes: Uint8Array) => (bytes.buffer as ArrayBuffer).detached;

Deno.test("free - freeBuffer detaches a buffer, and leaves one already detached alone", () => {
  const bytes = new Uint8Array(16);
  const view = bytes.subarray(4, 8);
  freeBuffer(view);
  assert(freed(bytes));
  assert.equal(bytes.length, 0);
  freeBuffer(bytes); // no error
});

Deno.test("free - ByteQueue.takeInto copies across chunks and reports each used-up chunk once", () => {
  const spent: number[] = [];
  const q = new ByteQueue((chunk) => spent.push(chunk[0]));
  q.push(new Uint8Array([1, 2, 3]));
  q.push(new Uint8Array([4, 5]));
  q.push(new Uint8Array([6, 7, 8]));
  assert.deepEqual(q.takeInto(new Uint8Array(4)), new Uint8Array([1, 2, 3, 4]));
  assert.deepEqual(spent, [1]);
  assert.deepEqual(q.takeInto(new Uint8Array(2)), new Uint8Array([5, 6]));
  assert.deepEqual(spent, [1, 4]);
  assert.throws(() => q.takeInto(new Uint8Array(3)), RangeError);
  assert.deepEqual(q.takeInto(new Uint8Array(2)), new Uint8Array([7, 8]));
  assert.deepEqual(spent, [1, 4, 6]);
});

Deno.test("free - ByteQueue.takeUpTo returns views of the first chunk only, never a copy", () => {
  const first = new Uint8Array([1, 2, 3]);
  const q = new ByteQueue();
  q.push(first);
  q.push(new Uint8Array([4, 5]));
  const a = q.takeUpTo(2);
  const b = q.takeUpTo(10); // the rest of the first chunk, not 3 bytes across two
  assert.deepEqual([a, b], [new Uint8Array([1, 2]), new Uint8Array([3])]);
  assert(a.buffer === first.buffer && b.buffer === first.buffer);
  assert.deepEqual(q.takeUpTo(10), new Uint8Array([4, 5]));
  assert.equal(q.takeUpTo(10).length, 0);
});

Deno.test("free - decryptStream with freeInput frees every ciphertext chunk, and only then", async () => {
  const keys = await deriveKeys(generateSecret());
  const plaintext = testBytes(3 * RECORD_SIZE + 5, 3);
  const ciphertext = await collect(streamOf(plaintext).pipeThrough(encryptStream(keys)));
  // Chunk sizes that cut records anywhere, and a chunk holding several records.
  for (const size of [1000, 65_552, 70_000, 200_000]) {
    for (const freeInput of [false, true]) {
      const chunks: Uint8Array[] = [];
      const back = await collect(
        tapped(streamOf(ciphertext, size), chunks).pipeThrough(decryptStream(keys, { freeInput })),
      );
      assert.deepEqual(back, plaintext);
      assert(chunks.every((c) => freed(c) === freeInput), `${size} ${freeInput}`);
    }
  }
});

Deno.test("free - encryptStream with freeInput frees every plaintext chunk; the output decrypts", async () => {
  const keys = await deriveKeys(generateSecret());
  const plaintext = testBytes(2 * RECORD_SIZE + 7, 5);
  const chunks: Uint8Array[] = [];
  const ciphertext = await collect(
    tapped(streamOf(plaintext, 50_000), chunks).pipeThrough(
      encryptStream(keys, { freeInput: true }),
    ),
  );
  assert(chunks.length === 3 && chunks.every(freed));
  assert.deepEqual(await collect(streamOf(ciphertext).pipeThrough(decryptStream(keys))), plaintext);
});

Deno.test("free - unpack with freeInput frees records of padding alone, never one the reader got", async () => {
  const keys = await deriveKeys(generateSecret());
  // Just over 4 MiB of package: padme pads it by up to 128 KiB, more than a record of padding.
  const content = testBytes(4 * 1024 * 1024 + 1, 7);
  const manifest: Manifest = {
    v: 1,
    kind: "files",
    created: "2026-12-03T10:00:00.000Z",
    files: [{ name: "big.bin", type: "application/octet-stream", size: content.length }],
  };
  const ciphertext = await collect(
    pack(manifest, [streamOf(content)]).pipeThrough(
      encryptStream(keys),
    ),
  );
  const records: Uint8Array[] = [];
  const plaintext = tapped(streamOf(ciphertext).pipeThrough(decryptStream(keys)), records);
  const { files, contentOffset } = await unpack(plaintext, { freeInput: true });
  for await (const { body } of files) {
    // The reader keeps every chunk it got: none of them may be freed under it.
    assert.deepEqual(await collect(body), content);
  }
  const contentEnd = contentOffset + content.length;
  let start = 0;
  let padding = 0;
  for (const record of records) {
    if (freed(record)) {
      assert(start >= contentEnd, `record at ${start} holds content up to ${contentEnd}`);
      padding++;
    }
    start += freed(record) ? RECORD_SIZE : record.length;
  }
  assert(padding >= 1, "no record of padding alone was freed");
});
