/**
 * The storage quota (MAX_STORAGE_BYTES): refused creates, bytes given back by every way a share
 * can go, and exactness under concurrent creates. The bytes counted are read from KV itself.
 * @module
 */
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../lib/config.ts";
import { Quota } from "../../lib/store/quota.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { runScript } from "../helpers/share_script.ts";
import {
  auth,
  b64,
  complete,
  createShare,
  download,
  expectError,
  newReader,
  postShare,
  putPart,
  randomBytes,
} from "./_client.ts";

/** Small parts (two KV chunks) keep the upload cases light. */
const PART = 131_072;

async function okJson(res: Response): Promise<Record<string, unknown>> {
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

/** Share records in KV (uploads included). */
async function shareCount(server: TestServer): Promise<number> {
  return (await Array.fromAsync(server.kv.list({ prefix: ["share"] }))).length;
}

function remove(server: TestServer, id: string, token: string): Promise<Response> {
  return fetch(`${server.url}/api/shares/${id}`, { method: "DELETE", headers: auth(token) });
}

Deno.test("api quota - MAX_STORAGE_BYTES is read from the environment, 0 (unlimited) by default", () => {
  assert.equal(loadConfig({}).maxStorageBytes, 0);
  assert.equal(loadConfig({ MAX_STORAGE_BYTES: "10737418240" }).maxStorageBytes, 10_737_418_240);
  assert.throws(() => loadConfig({ MAX_STORAGE_BYTES: "10G" }), ConfigError);
  assert.throws(() => loadConfig({ MAX_STORAGE_BYTES: "-1" }), /MAX_STORAGE_BYTES/);
});

Deno.test("api quota - a create that would pass MAX_STORAGE_BYTES gets 507 storage_full", async () => {
  await using server = await startTestServer({
    config: { partSize: PART, maxStorageBytes: 100_000 },
  });
  const reader = await newReader();
  await createShare(server.url, { readTokenHash: reader.hash, data: b64(randomBytes(30_000)) });
  // An upload holds its declared size from create on, before any part arrives.
  await createShare(server.url, { readTokenHash: reader.hash, size: 60_000 });
  assert.equal(await server.store.storageUsed(), 90_000);
  const before = await shareCount(server);

  const full = await postShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(10_001)),
  });
  const text = await full.clone().text();
  await expectError(full, 507, "storage_full");
  assert.match(JSON.parse(text).error.message, /storage quota is full.*10001 more bytes/);
  await expectError(
    await postShare(server.url, { readTokenHash: reader.hash, size: 20_000 }),
    507,
    "storage_full",
  );
  // A refused create leaves nothing behind, not even part of a hold.
  assert.equal(await shareCount(server), before);
  assert.equal(await server.store.storageUsed(), 90_000);

  // Exactly up to the limit is allowed; after that not even an upload of unknown size starts.
  await createShare(server.url, { readTokenHash: reader.hash, data: b64(randomBytes(10_000)) });
  assert.equal(await server.store.storageUsed(), 100_000);
  await expectError(
    await postShare(server.url, { readTokenHash: reader.hash }),
    507,
    "storage_full",
  );
});

Deno.test("api quota - delete, the last view and a completed upload of unknown size count exactly", async () => {
  await using server = await startTestServer({
    config: { partSize: PART, maxStorageBytes: 400_000 },
  });
  const reader = await newReader();
  const used = () => server.store.storageUsed();

  // The last view burns the share and gives its bytes back (inline and chunked).
  for (const size of [20_000, 100_000]) {
    const data = randomBytes(size);
    const share = await createShare(server.url, {
      readTokenHash: reader.hash,
      data: b64(data),
      views: 1,
    });
    assert.equal(await used(), size);
    assert.deepEqual(await (await download(server.url, share.id, reader.token)).bytes(), data);
    await server.store.idle();
    assert.equal(await used(), 0);
  }

  // Delete gives the bytes back, of a ready share and of an upload in progress.
  const ready = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(100_000)),
  });
  const pending = await createShare(server.url, { readTokenHash: reader.hash, size: 300_000 });
  assert.equal(await used(), 400_000);
  await expectError(
    await postShare(server.url, { readTokenHash: reader.hash, data: b64(randomBytes(1)) }),
    507,
    "storage_full",
  );
  assert.equal((await remove(server, ready.id, ready.deleteToken)).status, 204);
  await server.store.idle();
  assert.equal(await used(), 300_000);
  assert.equal((await remove(server, pending.id, pending.deleteToken)).status, 204);
  await server.store.idle();
  assert.equal(await used(), 0);

  // Size unknown at create: each part grows the hold before it is stored, complete trims it
  // to the real size, and a part the quota has no room for is refused and not stored.
  const data = randomBytes(PART + 5);
  const open = await createShare(server.url, { readTokenHash: reader.hash });
  assert.equal(await used(), 0);
  await okJson(await putPart(server.url, open, 1, data.subarray(PART)));
  assert.equal(await used(), 2 * PART);
  await okJson(await putPart(server.url, open, 0, data.subarray(0, PART)));
  assert.equal(await used(), 2 * PART);
  await expectError(await putPart(server.url, open, 3, randomBytes(10)), 507, "storage_full");
  assert.equal((await server.kv.get(["part", open.id, 3])).value, null);
  await okJson(await complete(server.url, open, PART + 5));
  assert.equal(await used(), PART + 5);
  await server.store.idle();
  assert.deepEqual(await (await download(server.url, open.id, reader.token)).bytes(), data);
  assert.equal((await remove(server, open.id, open.deleteToken)).status, 204);
  await server.store.idle();
  assert.equal(await used(), 0);
  // Every hold record is gone with its bytes.
  assert.deepEqual(await Array.fromAsync(server.kv.list({ prefix: ["quota", "held"] })), []);
});

Deno.test("api quota - an abandoned upload's bytes come back when it is swept", async () => {
  let now = Date.parse("2030-01-01T00:00:00Z");
  await using server = await startTestServer({
    config: { partSize: PART, uploadTtl: 600, maxStorageBytes: 3 * PART },
    now: () => now,
  });
  const reader = await newReader();
  const known = await createShare(server.url, { readTokenHash: reader.hash, size: 2 * PART });
  await okJson(await putPart(server.url, known, 0, randomBytes(PART)));
  const unknown = await createShare(server.url, { readTokenHash: reader.hash });
  await okJson(await putPart(server.url, unknown, 0, randomBytes(PART)));
  assert.equal(await server.store.storageUsed(), 3 * PART);
  await expectError(
    await postShare(server.url, { readTokenHash: reader.hash, size: 1 }),
    507,
    "storage_full",
  );
  // Before the deadline a sweep (or release message) keeps the bytes held.
  await server.store.sweep(known.id);
  await server.store.expire(unknown.id);
  assert.equal(await server.store.storageUsed(), 3 * PART);
  now += 601_000;
  await server.store.sweep(known.id);
  assert.equal(await server.store.storageUsed(), PART);
  // The release message alone gives the bytes back too; the sweep after it has none to give.
  await server.store.expire(unknown.id);
  assert.equal(await server.store.storageUsed(), 0);
  await server.store.sweep(unknown.id);
  await server.store.expire(known.id);
  assert.equal(await server.store.storageUsed(), 0);
  await createShare(server.url, { readTokenHash: reader.hash, size: 3 * PART });
});

Deno.test("api quota - an expired share's bytes come back, also after KV swept its keys", async () => {
  let now = Date.parse("2030-01-01T00:00:00Z");
  await using server = await startTestServer({
    config: { maxStorageBytes: 200_000 },
    now: () => now,
  });
  const reader = await newReader();
  const short = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(100_000)),
    expiresIn: 60,
  });
  const swept = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(30_000)),
    expiresIn: 60,
  });
  const long = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(70_000)),
    expiresIn: 3600,
  });
  assert.equal(await server.store.storageUsed(), 200_000);
  // The release message of a live share changes nothing.
  await server.store.expire(short.id);
  assert.equal(await server.store.storageUsed(), 200_000);
  now += 60_000;
  // KV's own sweep removes expired keys at some point; here it got to one share first.
  await server.kv.delete(["share", swept.id]);
  await server.store.expire(short.id);
  await server.store.expire(swept.id);
  assert.equal(await server.store.storageUsed(), 70_000);
  // Messages delivered twice release nothing twice.
  await server.store.expire(short.id);
  await server.store.expire(swept.id);
  await server.store.expire(long.id);
  assert.equal(await server.store.storageUsed(), 70_000);
  await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(130_000)),
  });
  await expectError(
    await postShare(server.url, { readTokenHash: reader.hash, data: b64(randomBytes(1)) }),
    507,
    "storage_full",
  );
});

Deno.test("api quota - the start-up scan releases holds whose message was lost", async () => {
  let now = Date.parse("2030-01-01T00:00:00Z");
  await using server = await startTestServer({
    config: { maxStorageBytes: 100_000 },
    now: () => now,
  });
  const reader = await newReader();
  const gone = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(40_000)),
    expiresIn: 60,
  });
  await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(50_000)),
    expiresIn: 7200,
  });
  await server.kv.delete(["share", gone.id]);
  assert.equal(await server.store.storageUsed(), 90_000);
  // What a restarted server runs before it handles its queue: the server's own start-up scan
  // was less than an hour ago, so this one does nothing yet.
  await server.store.idle(); // the server's own start-up scan has run
  const quota = new Quota(server.kv, 100_000, () => now);
  now += 61_000;
  await quota.reconcile();
  assert.equal(await server.store.storageUsed(), 90_000);
  now += 3_600_000;
  await quota.reconcile();
  assert.equal(await server.store.storageUsed(), 50_000);
});

Deno.test("api quota - concurrent creates never pass the quota and the count stays exact", async () => {
  const max = 150_000;
  await using server = await startTestServer({
    config: { partSize: PART, maxStorageBytes: max },
  });
  const reader = await newReader();
  // A mix of inline shares, chunked shares and uploads, 120 at once: far more than fits.
  const sizes = Array.from({ length: 120 }, (_, i) => [900, 4000, 40_000][i % 3] + i);
  const results = await Promise.all(sizes.map(async (size, i) => {
    const body = i % 4 === 3
      ? { readTokenHash: reader.hash, size }
      : { readTokenHash: reader.hash, data: b64(randomBytes(size)) };
    const res = await postShare(server.url, body);
    const json = await res.json();
    return { size, status: res.status, code: json.error?.code };
  }));
  const accepted = results.filter((r) => r.status === 201);
  const refused = results.filter((r) => r.status !== 201);
  const total = accepted.reduce((sum, r) => sum + r.size, 0);
  assert.ok(total <= max, `${total} bytes accepted over a quota of ${max}`);
  assert.ok(accepted.length > 0 && refused.length > 0);
  for (const r of refused) assert.deepEqual([r.status, r.code], [507, "storage_full"]);
  // No spurious refusal: every refused share would really not have fitted at the end.
  const smallestRefused = Math.min(...refused.map((r) => r.size));
  assert.ok(total + smallestRefused > max, "a refused share would have fitted");
  assert.equal(await server.store.storageUsed(), total);
  assert.equal(await shareCount(server), accepted.length);
});

Deno.test("api quota - share.ts says clearly that the server's storage is full", async () => {
  await using server = await startTestServer({ config: { maxStorageBytes: 1000 } });
  const r = await runScript(["--server", server.url], { stdin: "x".repeat(5000) });
  assert.equal(r.code, 2, r.errors.join("\n"));
  assert.equal(r.text, "");
  assert.equal(r.errors.length, 1, r.errors.join("\n"));
  assert.match(r.errors[0], /storage is full \(507\), so nothing was stored/);
  assert.equal(await shareCount(server), 0);
});
