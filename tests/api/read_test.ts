import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import {
  auth,
  b64,
  createShare,
  download,
  expectError,
  newReader,
  randomBytes,
} from "./_client.ts";

/** Downloads `n` times at once; returns the statuses and the bodies of the 200s. */
async function downloadAll(server: TestServer, id: string, token: string, n: number) {
  return await Promise.all(Array.from({ length: n }, async () => {
    const res = await download(server.url, id, token);
    const body = await res.bytes();
    return { status: res.status, body, viewsLeft: res.headers.get("Hushlink-Views-Left") };
  }));
}

async function keysOf(server: TestServer, id: string): Promise<number> {
  let count = 0;
  for (const prefix of ["share", "chunk", "part"]) {
    for await (const entry of server.kv.list({ prefix: [prefix] })) {
      if (entry.key[1] === id) count++;
    }
  }
  return count;
}

for (const views of [1, 3]) {
  for (const size of [1000, 1_000_000]) {
    Deno.test(`api read - ${views}-view share of ${size} bytes serves exactly ${views} of 50 concurrent downloads`, async () => {
      await using server = await startTestServer();
      const reader = await newReader();
      const data = randomBytes(size);
      const share = await createShare(server.url, {
        readTokenHash: reader.hash,
        data: b64(data),
        views,
      });
      const results = await downloadAll(server, share.id, reader.token, 50);
      const served = results.filter((r) => r.status === 200);
      assert.equal(served.length, views);
      assert.equal(results.filter((r) => r.status === 404).length, 50 - views);
      for (const r of served) assert.deepEqual(r.body, data);
      assert.deepEqual(
        served.map((r) => r.viewsLeft).sort(),
        Array.from({ length: views }, (_, i) => String(i)),
      );
      // The last view deleted the share: metadata at once, chunks right after.
      await expectError(await fetch(`${server.url}/api/shares/${share.id}`), 404, "not_found");
      await server.store.idle();
      assert.equal(await keysOf(server, share.id), 0);
    });
  }
}

Deno.test("api read - a share's bytes come back as a sandboxed attachment, inline or chunked", async () => {
  // The server cannot check ciphertext: a sender can store an HTML page as "ciphertext". Opened
  // as a document in this origin it must download, or at worst render sandboxed and script-free.
  await using server = await startTestServer();
  const reader = await newReader();
  const page = new TextEncoder().encode("<!doctype html><script>parent.pwned = 1</script>");
  for (const size of [page.length, 200_000]) {
    const data = new Uint8Array(size);
    data.set(page);
    const share = await createShare(server.url, { readTokenHash: reader.hash, data: b64(data) });
    const res = await download(server.url, share.id, reader.token);
    assert.deepEqual(await res.bytes(), data);
    assert.equal(res.headers.get("Content-Type"), "application/octet-stream", `${size} bytes`);
    assert.equal(res.headers.get("Content-Disposition"), "attachment", `${size} bytes`);
    assert.equal(res.headers.get("X-Content-Type-Options"), "nosniff", `${size} bytes`);
    assert.equal(
      res.headers.get("Content-Security-Policy"),
      "sandbox; default-src 'none'",
      `${size} bytes`,
    );
  }
});

Deno.test("api read - the last view does not cut off an earlier view still streaming", async () => {
  const size = 8 * 1024 * 1024;
  await using server = await startTestServer({ config: { partSize: size } });
  const reader = await newReader();
  const data = randomBytes(size);
  const share = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(data),
    views: 2,
  });
  const first = await download(server.url, share.id, reader.token);
  const slow = first.body!.getReader();
  const head = await slow.read();
  const last = await download(server.url, share.id, reader.token);
  assert.equal(last.headers.get("Hushlink-Views-Left"), "0");
  assert.deepEqual(await last.bytes(), data);
  await server.store.idle();
  const pieces = [head.value!];
  for (let r = await slow.read(); !r.done; r = await slow.read()) pieces.push(r.value);
  assert.deepEqual(new Uint8Array(await new Blob(pieces).arrayBuffer()), data);
  await server.store.idle();
  assert.equal(await keysOf(server, share.id), 0);
});

Deno.test("api read - the read token is required and a wrong one uses no view", async () => {
  await using server = await startTestServer();
  const reader = await newReader();
  const other = await newReader();
  const share = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(100)),
    views: 1,
  });
  const url = `${server.url}/api/shares/${share.id}/content`;
  await expectError(await fetch(url), 401, "token_required");
  await expectError(
    await fetch(url, { headers: { Authorization: "Basic abc" } }),
    401,
    "token_required",
  );
  await expectError(await download(server.url, share.id, other.token), 403, "bad_token");
  await expectError(await download(server.url, share.id, "short"), 403, "bad_token");
  await expectError(await download(server.url, share.id, reader.hash), 403, "bad_token"); // the hash is no token
  const head = await fetch(url, { method: "HEAD", headers: auth(reader.token) });
  assert.equal(head.status, 405); // a HEAD must not spend a view either
  await head.body?.cancel();
  const info = await (await fetch(`${server.url}/api/shares/${share.id}`)).json();
  assert.equal(info.viewsLeft, 1);
  const res = await download(server.url, share.id, reader.token);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Hushlink-Views-Left"), "0");
  await res.body?.cancel();
});

Deno.test("api read - failed token attempts are rate limited per client", async () => {
  await using server = await startTestServer({ config: { rateLimitFailures: 3 } });
  const reader = await newReader();
  const other = await newReader();
  const share = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(100)),
  });
  for (let i = 0; i < 3; i++) {
    await expectError(await download(server.url, share.id, other.token), 403, "bad_token");
  }
  // Locked out now, even with the right token: guessing gains nothing.
  await expectError(await download(server.url, share.id, reader.token), 429, "rate_limited");
  await expectError(await download(server.url, share.id, other.token), 429, "rate_limited");
});

Deno.test("api read - expiry is enforced by the clock before KV deletes anything", async () => {
  let now = Date.parse("2030-01-01T00:00:00Z");
  await using server = await startTestServer({ now: () => now });
  const reader = await newReader();
  const small = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(100)),
    expiresIn: 60,
  });
  const large = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(100_000)),
    expiresIn: 60,
    views: 5,
  });
  const ok = await download(server.url, large.id, reader.token);
  assert.equal(ok.headers.get("Hushlink-Expires-At"), "2030-01-01T00:01:00.000Z");
  await ok.body?.cancel();
  now += 60_000;
  for (const share of [small, large]) {
    assert.notEqual((await server.kv.get(["share", share.id])).value, null, "KV still holds it");
    await expectError(await fetch(`${server.url}/api/shares/${share.id}`), 404, "not_found");
    await expectError(await download(server.url, share.id, reader.token), 404, "not_found");
    await expectError(
      await fetch(`${server.url}/api/shares/${share.id}`, {
        method: "DELETE",
        headers: auth(share.deleteToken),
      }),
      404,
      "not_found",
    );
  }
});

Deno.test("api read - Range is served for unlimited shares only, without counting", async () => {
  await using server = await startTestServer();
  const reader = await newReader();
  const data = randomBytes(200_000);
  const open = await createShare(server.url, { readTokenHash: reader.hash, data: b64(data) });
  const cases: [string, number, number][] = [
    ["bytes=0-9", 0, 9],
    ["bytes=65530-65545", 65530, 65545],
    ["bytes=199990-", 199990, 199999],
    ["bytes=-5", 199995, 199999],
    ["bytes=100-999999", 100, 199999],
  ];
  for (const [range, start, end] of cases) {
    const res = await download(server.url, open.id, reader.token, { Range: range });
    assert.equal(res.status, 206, range);
    assert.equal(res.headers.get("Content-Range"), `bytes ${start}-${end}/200000`);
    assert.equal(res.headers.get("Hushlink-Views-Left"), "unlimited");
    assert.deepEqual(await res.bytes(), data.subarray(start, end + 1), range);
  }
  await expectError(
    await download(server.url, open.id, reader.token, { Range: "bytes=200000-" }),
    416,
    "range_not_satisfiable",
  );
  const limited = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(data),
    views: 2,
  });
  const res = await download(server.url, limited.id, reader.token, { Range: "bytes=0-9" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Hushlink-Views-Left"), "1");
  assert.deepEqual(await res.bytes(), data);
});

Deno.test("api read - delete needs the delete token and removes the share at once", async () => {
  await using server = await startTestServer();
  const reader = await newReader();
  const share = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(150_000)),
  });
  const url = `${server.url}/api/shares/${share.id}`;
  await expectError(await fetch(url, { method: "DELETE" }), 401, "token_required");
  await expectError(
    await fetch(url, { method: "DELETE", headers: auth(reader.token) }),
    403,
    "bad_token",
  );
  const res = await fetch(url, { method: "DELETE", headers: auth(share.deleteToken) });
  assert.equal(res.status, 204);
  await res.body?.cancel();
  await expectError(await fetch(url), 404, "not_found");
  await expectError(await download(server.url, share.id, reader.token), 404, "not_found");
  await expectError(
    await fetch(url, { method: "DELETE", headers: auth(share.deleteToken) }),
    404,
    "not_found",
  );
  await server.store.idle();
  assert.equal(await keysOf(server, share.id), 0);
});

Deno.test("api read - unknown, malformed and expired ids get the same 404", async () => {
  await using server = await startTestServer();
  const reader = await newReader();
  for (const id of ["AAAAAAAAAAAAAAAAAAAAAA", "short", "x".repeat(200), "%00%2F"]) {
    await expectError(await fetch(`${server.url}/api/shares/${id}`), 404, "not_found");
    await expectError(await download(server.url, id, reader.token), 404, "not_found");
  }
});
