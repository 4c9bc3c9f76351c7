import assert from "node:assert/strict";
import {
  decodeBody,
  decryptStream,
  deriveKeys,
  encryptedSize,
  encryptStream,
  generateSecret,
  type Manifest,
  MAX_FILES,
  pack,
  packedSize,
  padme,
  RECORD_SIZE,
  SizeMismatchError,
  TamperedError,
  unpack,
  UnsupportedFormatError,
  WrongKeyError,
} from "../../lib/crypto/mod.ts";
import { checkManifest } from "../../lib/crypto/manifest.ts";
import { collect, collectUntilError, streamOf, testBytes } from "./helpers.ts";

const CREATED = "2026-11-22T10:00:00.000Z";

function filesManifest(sizes: (number | null)[], names?: string[]): Manifest {
  return {
    v: 1,
    kind: "files",
    created: CREATED,
    files: sizes.map((size, i) => ({
      name: names?.[i] ?? `file-${i}.bin`,
      type: "application/octet-stream",
      size,
    })),
  };
}

async function unpackAll(plaintext: ReadableStream<Uint8Array>) {
  const { manifest, files } = await unpack(plaintext);
  const bodies: Uint8Array[] = [];
  for await (const { body } of files) bodies.push(await collect(body));
  return { manifest, bodies };
}

Deno.test("pack - pads to the Padmé length of manifest + content and unpack discards it", async () => {
  const contents = [testBytes(1000, 1), testBytes(0), testBytes(70_000, 2)];
  const manifest = filesManifest(contents.map((c) => c.length));
  const plaintext = await collect(pack(manifest, contents.map((c) => streamOf(c, 333))));
  const unpadded = 4 + new TextEncoder().encode(JSON.stringify(manifest)).length + 71_000;
  assert.equal(plaintext.length, padme(unpadded));
  assert.equal(packedSize(manifest), plaintext.length);
  assert.ok(plaintext.length > unpadded, "this size needs padding");
  assert.ok(plaintext.subarray(unpadded).every((b) => b === 0));
  const back = await unpackAll(streamOf(plaintext, 4096));
  assert.deepEqual(back.manifest, manifest);
  assert.deepEqual(back.bodies, contents);
});

Deno.test("pack - a last file of unknown size means no padding; unpack reads it to the end", async () => {
  const content = testBytes(5000, 4);
  const manifest = filesManifest([3, null]);
  assert.equal(packedSize(manifest), null);
  const plaintext = await collect(pack(manifest, [streamOf(testBytes(3)), streamOf(content, 100)]));
  const back = await unpackAll(streamOf(plaintext));
  assert.deepEqual(back.bodies, [testBytes(3), content]);
});

Deno.test("pack - unicode names and types survive the full encrypt/decrypt pipeline", async () => {
  const names = ["日本語のメモ.md", "émoji 🎉 file.txt", "Ünïcödé/ﬁle\u0000?.bin"];
  const contents = [testBytes(10), testBytes(RECORD_SIZE + 1), testBytes(1)];
  const manifest = filesManifest(contents.map((c) => c.length), names);
  const keys = await deriveKeys(generateSecret());
  const ciphertext = await collect(
    pack(manifest, contents.map((c) => streamOf(c))).pipeThrough(encryptStream(keys)),
  );
  assert.equal(ciphertext.length, encryptedSize(packedSize(manifest)!, false));
  const text = new TextDecoder("utf-8", { fatal: false }).decode(ciphertext);
  for (const name of names) {
    assert.ok(!text.includes(name), "names exist only inside the ciphertext");
  }
  const back = await unpackAll(streamOf(ciphertext).pipeThrough(decryptStream(keys)));
  assert.deepEqual(back.manifest.files.map((f) => f.name), names);
  assert.deepEqual(back.bodies, contents);
});

Deno.test("pack - a body longer or shorter than its size fails with SizeMismatchError", async () => {
  for (const actual of [9, 11]) {
    const out = pack(filesManifest([10]), [streamOf(testBytes(actual))]);
    const { error } = await collectUntilError(out);
    assert.ok(error instanceof SizeMismatchError, String(error));
  }
  const tooFew = await collectUntilError(pack(filesManifest([1, 1]), [streamOf(testBytes(1))]));
  assert.ok(tooFew.error instanceof SizeMismatchError);
  const tooMany = await collectUntilError(
    pack(filesManifest([1]), [streamOf(testBytes(1)), streamOf(testBytes(1))]),
  );
  assert.ok(tooMany.error instanceof SizeMismatchError);
});

Deno.test("pack - rejects manifests outside the schema", () => {
  const bad: unknown[] = [
    { ...filesManifest([1]), v: 2 },
    { ...filesManifest([1]), kind: "zip" },
    { ...filesManifest([1]), created: "yesterday" },
    { ...filesManifest([1, 1]), kind: "text" },
    filesManifest([null, 1]),
    filesManifest([-1]),
    filesManifest([]),
    { ...filesManifest([1]), files: [{ name: "", type: "x", size: 1 }] },
    { ...filesManifest([1]), files: [{ name: "a", type: "x", size: 1, encoding: "br" }] },
  ];
  for (const m of bad) {
    assert.throws(() => pack(m as Manifest, []), UnsupportedFormatError, JSON.stringify(m));
  }
});

Deno.test("unpack - a skipped or cancelled body does not disturb the next one", async () => {
  const contents = [testBytes(100_000, 1), testBytes(7, 2), testBytes(300, 3)];
  const manifest = filesManifest(contents.map((c) => c.length));
  const plaintext = await collect(pack(manifest, contents.map((c) => streamOf(c))));
  const { files } = await unpack(streamOf(plaintext, 1000));
  const first = await files.next();
  assert.ok(!first.done);
  const reader = first.value.body.getReader();
  await reader.read(); // part of file 0 only
  await reader.cancel();
  const second = await files.next(); // file 0's rest is skipped
  assert.ok(!second.done);
  // file 1 is never read: asking for file 2 skips it
  const third = await files.next();
  assert.ok(!third.done);
  assert.deepEqual(await collect(third.value.body), contents[2]);
  assert.equal((await files.next()).done, true);
});

Deno.test("unpack - rejects a plaintext that ends inside the manifest or a file", async () => {
  const manifest = filesManifest([10]);
  const plaintext = await collect(pack(manifest, [streamOf(testBytes(10))]));
  await assert.rejects(unpack(streamOf(plaintext.subarray(0, 20))), UnsupportedFormatError);
  await assert.rejects(unpack(streamOf(new Uint8Array([0, 0x20, 0, 0]))), UnsupportedFormatError);
  const manifestSize = new DataView(plaintext.buffer).getUint32(0);
  const { files } = await unpack(streamOf(plaintext.subarray(0, 4 + manifestSize + 5)));
  const f = await files.next();
  assert.ok(!f.done);
  const { error } = await collectUntilError(f.value.body);
  assert.ok(error instanceof UnsupportedFormatError, String(error));
});

Deno.test("unpack - decodeBody gunzips entries stored with gzip encoding", async () => {
  const original = new TextEncoder().encode('{"role":"user","text":"hi"}\n'.repeat(50));
  const gzip = new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>;
  const gz = await collect(streamOf(original).pipeThrough(gzip));
  const manifest: Manifest = {
    v: 1,
    kind: "conversation",
    created: CREATED,
    files: [{ name: "chat.jsonl", type: "application/jsonl", size: gz.length, encoding: "gzip" }],
  };
  const { files } = await unpack(pack(manifest, [streamOf(gz)]));
  for await (const { entry, body } of files) {
    assert.deepEqual(await collect(decodeBody(entry, body)), original);
  }
});

Deno.test("unpack - damage in the padding (final record) errors the last body, never a clean end", async () => {
  const content = testBytes(3 * RECORD_SIZE, 6);
  const manifest = filesManifest([content.length]);
  const keys = await deriveKeys(generateSecret());
  const ciphertext = await collect(
    pack(manifest, [streamOf(content)]).pipeThrough(encryptStream(keys)),
  );
  ciphertext[ciphertext.length - 1] ^= 1; // the tag of the final record, which holds padding only
  const { files } = await unpack(streamOf(ciphertext, 5000).pipeThrough(decryptStream(keys)));
  const f = await files.next();
  assert.ok(!f.done);
  const { bytes, error } = await collectUntilError(f.value.body);
  assert.ok(error instanceof TamperedError, String(error));
  assert.ok(bytes.length <= content.length);
});

Deno.test("unpack - a wrong key fails unpack itself with WrongKeyError", async () => {
  const manifest = filesManifest([10]);
  const ciphertext = await collect(
    pack(manifest, [streamOf(testBytes(10))]).pipeThrough(
      encryptStream(await deriveKeys(generateSecret())),
    ),
  );
  const wrong = await deriveKeys(generateSecret());
  await assert.rejects(
    unpack(streamOf(ciphertext).pipeThrough(decryptStream(wrong))),
    WrongKeyError,
  );
});

Deno.test("unpack - leaving the files loop early cancels the plaintext stream", async () => {
  let cancelled = false;
  const plaintext = await collect(
    pack(filesManifest([5, 5]), [streamOf(testBytes(5)), streamOf(testBytes(5))]),
  );
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(plaintext.slice(0, plaintext.length - 1));
    },
    cancel() {
      cancelled = true;
    },
  });
  const { files } = await unpack(source);
  for await (const _ of files) break;
  assert.ok(cancelled);
});

Deno.test("package - a share of more than MAX_FILES files is refused before anything is sent", () => {
  const files = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({
    name: "same.txt",
    type: "text/plain",
    size: i === MAX_FILES ? null : 0,
  }));
  const manifest: Manifest = { v: 1, kind: "files", created: "2026-12-01T00:00:00.000Z", files };
  assert.throws(() => packedSize(manifest), /at most 10000 files, not 10001/);
  assert.throws(() => checkManifest(manifest), UnsupportedFormatError);
  assert.equal(checkManifest({ ...manifest, files: files.slice(1) }).files.length, MAX_FILES);
});
