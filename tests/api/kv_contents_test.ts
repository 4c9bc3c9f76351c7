import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import {
  b64,
  complete,
  createShare,
  download,
  newReader,
  putPart,
  randomBytes,
} from "./_client.ts";

const META_FIELDS = [
  "createdAt",
  "data",
  "deleteHash",
  "expiresAt",
  "kdf",
  "readHash",
  "size",
  "state",
  "uploadDeadline",
  "viewsLeft",
  "writeHash",
].sort();

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

Deno.test("api kv - after a run KV holds only what the server may have", async () => {
  const PART = 131_072;
  await using server = await startTestServer({ config: { partSize: PART }, record: true });
  const reader = await newReader();
  const ciphertexts: Uint8Array[] = [];
  const secrets: string[] = [reader.token];
  const kdf = { salt: b64(randomBytes(16)), iterations: 600_000 };
  for (const [size, views] of [[500, null], [100_000, 2], [500, 1]] as const) {
    const data = randomBytes(size);
    ciphertexts.push(data);
    const share = await createShare(server.url, {
      readTokenHash: reader.hash,
      data: b64(data),
      views,
      kdf,
    });
    secrets.push(share.deleteToken);
    const res = await download(server.url, share.id, reader.token);
    await res.body?.cancel();
  }
  const big = randomBytes(PART + 100);
  ciphertexts.push(big);
  const upload = await createShare(server.url, { readTokenHash: reader.hash, size: big.length });
  secrets.push(upload.writeToken!, upload.deleteToken);
  await (await putPart(server.url, upload, 0, big.subarray(0, PART))).body?.cancel();
  await (await putPart(server.url, upload, 1, big.subarray(PART))).body?.cancel();
  await (await complete(server.url, upload)).body?.cancel();
  const pending = await createShare(server.url, { readTokenHash: reader.hash, size: 10 });
  secrets.push(pending.writeToken!, pending.deleteToken);
  await server.store.idle();

  const encoder = new TextEncoder();
  const forbidden = [
    ...secrets.map((s) => encoder.encode(s)),
    ...secrets.map((s) => Uint8Array.fromBase64(s, { alphabet: "base64url" })),
    encoder.encode("127.0.0.1"),
    Uint8Array.of(127, 0, 0, 1),
  ];
  let shares = 0;
  for await (const entry of server.kv.list({ prefix: [] })) {
    const [kind, id] = entry.key;
    assert.ok(
      kind === "share" || kind === "chunk" || kind === "part",
      `unexpected key ${String(kind)}`,
    );
    assert.match(String(id), /^[A-Za-z0-9_-]{22}$/);
    const bytes: Uint8Array[] = [];
    if (kind === "share") {
      shares++;
      const meta = entry.value as Record<string, unknown>;
      assert.deepEqual(Object.keys(meta).sort(), META_FIELDS);
      for (const field of ["readHash", "deleteHash"]) {
        assert.ok(meta[field] instanceof Uint8Array && meta[field].length === 32, field);
      }
      assert.ok(meta.kdf === null || JSON.stringify(meta.kdf) === JSON.stringify(kdf));
      if (meta.data) {
        assert.ok(
          ciphertexts.some((c) =>
            JSON.stringify([...c]) === JSON.stringify([...(meta.data as Uint8Array)])
          ),
        );
      }
      for (const value of Object.values(meta)) {
        if (value instanceof Uint8Array) bytes.push(value);
        else bytes.push(encoder.encode(JSON.stringify(value)));
      }
    } else if (kind === "chunk") {
      const chunk = entry.value as Uint8Array;
      assert.ok(chunk instanceof Uint8Array && chunk.length <= 65_536);
      assert.ok(
        ciphertexts.some((c) => contains(c, chunk)),
        "a chunk is a piece of a ciphertext sent",
      );
      bytes.push(chunk);
    } else {
      assert.deepEqual(Object.keys(entry.value as object), ["size"]);
    }
    for (const b of bytes) {
      for (const f of forbidden) assert.ok(!contains(b, f), `${String(kind)} holds a secret`);
    }
  }
  // Unlimited, the 2-view share with one view left, the completed upload and the pending one.
  assert.equal(shares, 4);
  assert.ok(server.requests.length > 0);
  for (const req of server.requests) {
    assert.ok(!req.url.includes("#"), "a fragment reached the server");
  }
});
