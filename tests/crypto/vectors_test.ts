import assert from "node:assert/strict";
import {
  buildLinkVectors,
  buildVectors,
  linkVectorsText,
  type Vector,
  vectorFileText,
} from "../../scripts/make_vectors.ts";
import { contentKeyBytes } from "../../lib/crypto/keys.ts";
import { createEncryptStream } from "../../lib/crypto/stream_encrypt.ts";
import {
  decryptStream,
  deriveKeys,
  encryptedSize,
  fromBase64url,
  pack,
  packedSize,
  parseLink,
  toBase64url,
  unpack,
} from "../../lib/crypto/mod.ts";
import { collect, streamOf } from "./helpers.ts";

const DIR = new URL("../vectors/", import.meta.url);
const NAMES = ["empty", "text", "multi-record", "multi-file", "padded", "pipe", "password"];

async function load(name: string): Promise<Vector> {
  return JSON.parse(await Deno.readTextFile(new URL(`${name}.json`, DIR)));
}

Deno.test("vectors - the files are exactly what scripts/make_vectors.ts generates", async () => {
  const built = await buildVectors();
  assert.deepEqual(built.map((v) => v.name), NAMES);
  for (const vector of built) {
    assert.equal(
      await Deno.readTextFile(new URL(`${vector.name}.json`, DIR)),
      vectorFileText(vector),
    );
  }
});

Deno.test("vectors - links.json is exactly what scripts/make_vectors.ts generates", async () => {
  assert.equal(
    await Deno.readTextFile(new URL("links.json", DIR)),
    linkVectorsText(await buildLinkVectors()),
  );
});

for (const name of NAMES) {
  Deno.test(`vectors - ${name}: keys, encryption and decryption match byte for byte`, async () => {
    const v = await load(name);
    const secret = fromBase64url(v.secret);
    assert.deepEqual(parseLink(v.link).secret, secret);
    const keys = await deriveKeys(
      secret,
      v.password === null ? undefined : {
        password: v.password,
        params: { salt: fromBase64url(v.kdf!.salt), iterations: v.kdf!.iterations },
      },
    );
    assert.equal(toBase64url(keys.ikm), v.ikm);
    assert.equal(toBase64url(keys.readToken), v.readToken);
    assert.equal(toBase64url(keys.readTokenHash), v.readTokenHash);
    const salt = fromBase64url(v.contentSalt);
    assert.equal(toBase64url(await contentKeyBytes(keys.ikm, salt)), v.contentKey);

    const plaintext = fromBase64url(v.plaintext);
    const ciphertext = fromBase64url(v.ciphertext);
    assert.equal(ciphertext.length, encryptedSize(plaintext.length, v.password !== null));
    const encrypted = await collect(
      streamOf(plaintext).pipeThrough(createEncryptStream(keys, { salt })),
    );
    assert.equal(toBase64url(encrypted), v.ciphertext);
    const decrypted = await collect(streamOf(ciphertext, 10_000).pipeThrough(decryptStream(keys)));
    assert.equal(toBase64url(decrypted), v.plaintext);

    if (v.manifest === null) return;
    if (v.manifest.files.every((f) => f.size !== null)) {
      assert.equal(packedSize(v.manifest), plaintext.length);
    }
    const stored = v.files.map((f) => fromBase64url(f.stored));
    assert.deepEqual(await collect(pack(v.manifest, stored.map((s) => streamOf(s)))), plaintext);
    const { manifest, files } = await unpack(streamOf(plaintext, 777));
    assert.deepEqual(manifest, v.manifest);
    const bodies = [];
    for await (const { entry, body } of files) {
      bodies.push({ name: entry.name, stored: toBase64url(await collect(body)) });
    }
    assert.deepEqual(bodies, v.files);
  });
}
