/**
 * lib/client's ranged opener against a real server: one request yields the manifest, a range
 * fetches only its records, a password is asked only when needed, and a share with a view limit
 * is refused (the caller falls back to the whole download).
 * @module
 */
import assert from "node:assert/strict";
import {
  createShare,
  openRangedShare,
  openShare,
  PasswordRequiredError,
  RangesUnsupportedError,
  WrongPasswordError,
} from "../../lib/client/mod.ts";
import { decryptFileRange, type Manifest } from "../../lib/crypto/mod.ts";
import { type RecordedRequest, startTestServer } from "../helpers/server.ts";

const MiB = 1024 * 1024;

function manifestFor(name: string, size: number): Manifest {
  return {
    v: 1,
    kind: "files",
    created: new Date().toISOString(),
    files: [{ name, type: "video/mp4", size }],
  };
}

function patterned(n: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(n).map((_, i) => (i * 7 + (i >> 16)) % 251);
}

function contentRequests(server: { requests: RecordedRequest[] }): RecordedRequest[] {
  return server.requests.filter((r) => r.method === "GET" && r.url.endsWith("/content"));
}

Deno.test("lib/client ranged - one request opens the share; a range fetches only its records", async () => {
  await using server = await startTestServer({ record: true });
  const bytes = patterned(4 * MiB);
  const { link } = await createShare(
    manifestFor("clip.mp4", bytes.length),
    [new Blob([bytes]).stream()],
    { server: server.url },
  );
  const before = server.requests.length;
  const share = await openRangedShare(link);
  assert.equal(server.requests.length - before, 1, "header and record 0 in one request");
  assert.equal(share.manifest.files[0].name, "clip.mp4");
  assert.equal(share.files[0].size, bytes.length);

  const start = 3 * MiB + 12_345;
  const body = decryptFileRange(share.keys, {
    header: share.header.bytes,
    ciphertextSize: share.ciphertextSize,
    fetch: share.fetch,
    file: share.files[0],
    start,
    end: start + 100_000,
  });
  const got = new Uint8Array(await new Response(body).arrayBuffer());
  assert.deepEqual(got, bytes.subarray(start, start + 100_000));
  const ranges = contentRequests(server).slice(1).map((r) => r.headers.range);
  assert.equal(ranges.length, 1, "the range's records in one request");
  const [a, b] = ranges[0].slice("bytes=".length).split("-").map(Number);
  assert(b - a + 1 <= 3 * (64 * 1024 + 16), `only the covering records, got ${ranges[0]}`);

  // Nothing of this counted a view, and the share still opens whole.
  const whole = await openShare(link);
  assert.equal(whole.viewsLeft, null);
  await whole.files.return?.();
});

Deno.test("lib/client ranged - a password is asked only when the share has one; a wrong one is named", async () => {
  await using server = await startTestServer();
  const bytes = patterned(200_000);
  const { link } = await createShare(
    manifestFor("clip.mp4", bytes.length),
    [new Blob([bytes]).stream()],
    { server: server.url, password: "correct horse" },
  );
  await assert.rejects(openRangedShare(link), PasswordRequiredError);
  await assert.rejects(openRangedShare(link, { password: "wrong" }), WrongPasswordError);
  let asked = 0;
  const share = await openRangedShare(link, {
    password: () => (asked++, Promise.resolve("correct horse")),
  });
  assert.equal(asked, 1);
  assert.equal(share.files[0].size, bytes.length);
});

Deno.test("lib/client ranged - a share with a view limit is refused as RangesUnsupportedError", async () => {
  await using server = await startTestServer();
  const bytes = patterned(200_000);
  const { link } = await createShare(
    manifestFor("clip.mp4", bytes.length),
    [new Blob([bytes]).stream()],
    { server: server.url, views: 5 },
  );
  await assert.rejects(openRangedShare(link), RangesUnsupportedError);
});
