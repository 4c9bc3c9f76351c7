/**
 * Abuse limits under load and at their boundaries, on the real server: the create and the
 * failed-token limits are exact under concurrency, clients are counted separately (and cannot
 * escape by inventing `X-Forwarded-For` or IPv6 addresses), the window resets with the clock, and
 * MAX_SHARE_BYTES, MAX_EXPIRES and MAX_VIEWS accept exactly the maximum and refuse one more with
 * an error that names the limit. (create_test.ts pins the one-at-a-time cases.)
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import {
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

/** Sends `n` requests at once and tallies their statuses; every 429 must carry Retry-After. */
async function burst(
  n: number,
  send: (i: number) => Promise<Response>,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  await Promise.all(Array.from({ length: n }, async (_, i) => {
    const res = await send(i);
    if (res.status === 429) {
      const retry = Number(res.headers.get("Retry-After"));
      assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${retry}`);
      await expectError(res, 429, "rate_limited");
    } else await res.body?.cancel();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }));
  return statuses;
}

async function sharesStored(kv: Deno.Kv): Promise<number> {
  let n = 0;
  for await (const _ of kv.list({ prefix: ["share"] })) n++;
  return n;
}

async function errorMessage(res: Response, status: number, code: string): Promise<string> {
  const text = await res.clone().text();
  await expectError(res, status, code);
  return JSON.parse(text).error.message;
}

Deno.test("limits - 200 concurrent creates from one client with a limit of 50: exactly 50 shares, 150 × 429", async () => {
  await using server = await startTestServer({ config: { rateLimitCreates: 50 } });
  const reader = await newReader();
  const body = { readTokenHash: reader.hash, data: b64(randomBytes(100)) };
  const statuses = await burst(200, () => postShare(server.url, body));
  assert.deepEqual(Object.fromEntries(statuses), { 201: 50, 429: 150 });
  assert.equal(await sharesStored(server.kv), 50);
});

Deno.test("limits - 100 concurrent wrong tokens with a failure limit of 20: exactly 20 × 403, then the right token is 429 too", async () => {
  await using server = await startTestServer({ config: { rateLimitFailures: 20 } });
  const reader = await newReader();
  const share = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(100)),
  });
  // Well-formed wrong tokens reach the store; malformed ones are refused before it. Both count.
  const wrong = await Promise.all(Array.from({ length: 50 }, () => newReader()));
  const statuses = await burst(
    100,
    (i) =>
      i % 2 === 0
        ? download(server.url, share.id, wrong[i / 2].token)
        : download(server.url, share.id, `bad-${i}`),
  );
  assert.deepEqual(Object.fromEntries(statuses), { 403: 20, 429: 80 });
  await expectError(await download(server.url, share.id, reader.token), 429, "rate_limited");
});

Deno.test("limits - behind a trusted proxy, three clients bursting 30 creates each get exactly 10 each", async () => {
  await using server = await startTestServer({
    config: { rateLimitCreates: 10, trustProxy: true },
  });
  const reader = await newReader();
  const body = { readTokenHash: reader.hash, data: b64(randomBytes(10)) };
  const clients = ["192.0.2.1", "192.0.2.2", "2001:db8:0:1::7"];
  const perClient = new Map<string, number>();
  await Promise.all(Array.from({ length: 90 }, async (_, i) => {
    const client = clients[i % 3];
    // A client may put anything in front; only the hop the proxy appended counts.
    const res = await postShare(server.url, body, {
      "X-Forwarded-For": `10.${i}.0.1, ${client}`,
    });
    await res.body?.cancel();
    if (res.status === 201) perClient.set(client, (perClient.get(client) ?? 0) + 1);
    else assert.equal(res.status, 429);
  }));
  assert.deepEqual(Object.fromEntries(perClient), {
    "192.0.2.1": 10,
    "192.0.2.2": 10,
    "2001:db8:0:1::7": 10,
  });
});

Deno.test("limits - invented addresses do not escape a limit: other IPv6 addresses of one /64, or X-Forwarded-For without TRUST_PROXY", async () => {
  const reader = await newReader();
  const body = { readTokenHash: reader.hash, data: b64(randomBytes(10)) };
  {
    await using proxied = await startTestServer({
      config: { rateLimitCreates: 5, trustProxy: true },
    });
    const statuses = await burst(
      20,
      (i) =>
        postShare(proxied.url, body, { "X-Forwarded-For": `2001:db8:aa:bb::${i.toString(16)}` }),
    );
    assert.deepEqual(Object.fromEntries(statuses), { 201: 5, 429: 15 });
    // The IPv4-mapped spelling of an address is the same client as the address.
    for (const spelling of ["192.0.2.9", "::ffff:192.0.2.9"]) {
      const res = await postShare(proxied.url, body, { "X-Forwarded-For": spelling });
      await res.body?.cancel();
    }
    const more = await burst(
      5,
      () => postShare(proxied.url, body, { "X-Forwarded-For": "192.0.2.9" }),
    );
    assert.deepEqual(Object.fromEntries(more), { 201: 3, 429: 2 });
  }
  await using direct = await startTestServer({ config: { rateLimitCreates: 5 } });
  const statuses = await burst(
    20,
    (i) => postShare(direct.url, body, { "X-Forwarded-For": `198.51.100.${i}` }),
  );
  assert.deepEqual(Object.fromEntries(statuses), { 201: 5, 429: 15 });
});

Deno.test("limits - the window ends with the clock; Retry-After counts down to it", async () => {
  let now = Date.parse("2030-01-01T00:00:00Z");
  await using server = await startTestServer({ now: () => now, config: { rateLimitCreates: 2 } });
  const reader = await newReader();
  const body = { readTokenHash: reader.hash, data: b64(randomBytes(10)) };
  assert.deepEqual(Object.fromEntries(await burst(3, () => postShare(server.url, body))), {
    201: 2,
    429: 1,
  });
  now += 45_000;
  const limited = await postShare(server.url, body);
  assert.equal(limited.headers.get("Retry-After"), "15");
  await expectError(limited, 429, "rate_limited");
  now += 15_000;
  assert.deepEqual(Object.fromEntries(await burst(3, () => postShare(server.url, body))), {
    201: 2,
    429: 1,
  });
});

Deno.test("limits - MAX_SHARE_BYTES: exactly the maximum is accepted (size, data, parts), one byte more is 413", async () => {
  const part = 131_072;
  const max = 2 * part + 1000;
  {
    await using server = await startTestServer({ config: { partSize: part, maxShareBytes: max } });
    const reader = await newReader();
    const sized = await createShare(server.url, { readTokenHash: reader.hash, size: max });
    assert.equal(sized.complete, false);
    const over = await postShare(server.url, { readTokenHash: reader.hash, size: max + 1 });
    assert.match(await errorMessage(over, 413, "too_large"), new RegExp(`${max}`));

    // Uploaded in parts with the size given only at complete.
    const data = randomBytes(max + 1);
    const open = await createShare(server.url, { readTokenHash: reader.hash });
    for (let i = 0; i < 3; i++) {
      const res = await putPart(server.url, open, i, data.subarray(i * part, (i + 1) * part));
      assert.equal(res.status, 200, await res.text());
    }
    // A part index past the maximum size is refused outright.
    await expectError(await putPart(server.url, open, 3, data.subarray(0, 10)), 400, "bad_index");
    await expectError(await complete(server.url, open, max + 1), 413, "too_large");
    const last = await putPart(server.url, open, 2, data.subarray(2 * part, max));
    assert.equal(last.status, 200, await last.text());
    const done = await complete(server.url, open, max);
    assert.equal(done.status, 200, await done.clone().text());
    assert.equal((await done.json()).size, max);
    const res = await download(server.url, open.id, reader.token);
    assert.deepEqual(await res.bytes(), data.subarray(0, max));
  }
  // Inline data: up to the maximum when it is below one part.
  await using small = await startTestServer({ config: { maxShareBytes: 100_000 } });
  const reader = await newReader();
  const data = randomBytes(100_001);
  const ok = await createShare(small.url, {
    readTokenHash: reader.hash,
    data: b64(data.subarray(0, 100_000)),
  });
  assert.equal(ok.complete, true);
  const over = await postShare(small.url, { readTokenHash: reader.hash, data: b64(data) });
  assert.match(await errorMessage(over, 413, "too_large"), /100000/);
});

Deno.test("limits - MAX_EXPIRES and MAX_VIEWS: exactly the maximum is accepted, one more is a bad_field naming the limit", async () => {
  const t0 = Date.parse("2030-01-01T00:00:00Z");
  await using server = await startTestServer({
    now: () => t0,
    config: { maxExpires: 7200, defaultExpires: 3600, maxViews: 7 },
  });
  const reader = await newReader();
  const base = { readTokenHash: reader.hash, data: b64(randomBytes(10)) };
  const longest = await createShare(server.url, { ...base, expiresIn: 7200, views: 7 });
  assert.equal(longest.expiresAt, "2030-01-01T02:00:00.000Z");
  const info = await (await fetch(`${server.url}/api/shares/${longest.id}`)).json();
  assert.equal(info.viewsLeft, 7);
  const shortest = await createShare(server.url, { ...base, expiresIn: 60, views: 1 });
  assert.equal(shortest.expiresAt, "2030-01-01T00:01:00.000Z");
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ expiresIn: 7201 }, /expiresIn.*7200/],
    [{ expiresIn: 59 }, /expiresIn.*60/],
    [{ views: 8 }, /views.*7/],
    [{ views: 0 }, /views/],
    [{ views: 7.5 }, /views/],
    [{ expiresIn: 7200.5 }, /expiresIn/],
    [{ views: 1e21 }, /views/],
  ];
  for (const [fields, message] of cases) {
    const res = await postShare(server.url, { ...base, ...fields });
    assert.match(await errorMessage(res, 400, "bad_field"), message);
  }
  // The defaults apply when nothing is asked for.
  const plain = await createShare(server.url, base);
  assert.equal(plain.expiresAt, "2030-01-01T01:00:00.000Z");
  await expectError(
    await download(server.url, longest.id, (await newReader()).token),
    403,
    "bad_token",
  );
  const read = await download(server.url, longest.id, reader.token);
  assert.equal(read.headers.get("Hushlink-Views-Left"), "6");
  await read.body?.cancel();
});
