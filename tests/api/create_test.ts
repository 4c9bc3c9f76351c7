import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import {
  auth,
  b64,
  createShare,
  download,
  expectError,
  newReader,
  postShare,
  randomBytes,
} from "./_client.ts";

const SECURITY_HEADERS = [
  "content-security-policy",
  "referrer-policy",
  "x-content-type-options",
  "cross-origin-opener-policy",
];

Deno.test("api create - a share with data is complete in one request and reads back", async () => {
  await using server = await startTestServer();
  const reader = await newReader();
  // Inline in the metadata, one atomic op with chunks, and several ops with metadata last.
  for (const size of [40, 200_000, 12 * 65_536, 1_000_000]) {
    const data = randomBytes(size);
    const share = await createShare(server.url, { readTokenHash: reader.hash, data: b64(data) });
    assert.equal(share.complete, true);
    assert.equal(share.writeToken, undefined);
    assert.equal(share.id.length, 22);
    assert.equal(share.deleteToken.length, 43);
    assert.equal(share.partSize, 4_194_304);
    const res = await download(server.url, share.id, reader.token);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("Content-Length"), String(size));
    assert.deepEqual(await res.bytes(), data);
  }
});

Deno.test("api create - metadata shows size, expiry, views and kdf, nothing else", async () => {
  const t0 = Date.parse("2030-01-01T00:00:00Z");
  await using server = await startTestServer({ now: () => t0 });
  const reader = await newReader();
  const kdf = { salt: b64(randomBytes(16)), iterations: 600_000 };
  const share = await createShare(server.url, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(100)),
    expiresIn: 3600,
    views: 3,
    kdf,
  });
  assert.equal(share.expiresAt, "2030-01-01T01:00:00.000Z");
  const res = await fetch(`${server.url}/api/shares/${share.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    id: share.id,
    size: 100,
    createdAt: "2030-01-01T00:00:00.000Z",
    expiresAt: "2030-01-01T01:00:00.000Z",
    viewsLeft: 3,
    kdf,
  });
});

Deno.test("api create - every bad input gets its 4xx code", async () => {
  await using server = await startTestServer({
    config: { maxShareBytes: 1_000_000, maxViews: 10 },
  });
  const reader = await newReader();
  const ok = { readTokenHash: reader.hash, data: b64(randomBytes(10)) };
  const cases: [unknown, number, string][] = [
    ["{not json", 400, "invalid_json"],
    ["[1,2]", 400, "invalid_json"],
    ["null", 400, "invalid_json"],
    [{ ...ok, extra: 1 }, 400, "unknown_field"],
    [
      { ...ok, kdf: { salt: b64(randomBytes(16)), iterations: 600_000, hint: "x" } },
      400,
      "unknown_field",
    ],
    [{ data: ok.data }, 400, "bad_field"],
    [{ ...ok, readTokenHash: "short" }, 400, "bad_field"],
    [{ ...ok, readTokenHash: 42 }, 400, "bad_field"],
    [{ ...ok, size: "10" }, 400, "bad_field"],
    [{ ...ok, size: 11 }, 400, "bad_field"],
    [{ ...ok, size: 1.5 }, 400, "bad_field"],
    [{ ...ok, size: 0 }, 400, "bad_field"],
    [{ readTokenHash: reader.hash, size: 1_000_001 }, 413, "too_large"],
    [{ ...ok, expiresIn: 59 }, 400, "bad_field"],
    [{ ...ok, expiresIn: 30 * 86400 + 1 }, 400, "bad_field"],
    [{ ...ok, expiresIn: "1h" }, 400, "bad_field"],
    [{ ...ok, views: 0 }, 400, "bad_field"],
    [{ ...ok, views: 11 }, 400, "bad_field"],
    [{ ...ok, views: true }, 400, "bad_field"],
    [{ ...ok, kdf: "pbkdf2" }, 400, "bad_field"],
    [{ ...ok, kdf: { salt: "abc", iterations: 600_000 } }, 400, "bad_field"],
    [{ ...ok, kdf: { salt: b64(randomBytes(16)), iterations: 1000 } }, 400, "bad_field"],
    [{ ...ok, data: "not base64url!" }, 400, "bad_field"],
    [{ ...ok, data: 123 }, 400, "bad_field"],
    [{ ...ok, data: "" }, 400, "bad_field"],
  ];
  for (const [body, status, code] of cases) {
    await expectError(await postShare(server.url, body), status, code);
  }
});

Deno.test("api create - data beyond one part and bodies beyond the limit are 413", async () => {
  await using server = await startTestServer({ config: { partSize: 131_072 } });
  const reader = await newReader();
  await expectError(
    await postShare(server.url, { readTokenHash: reader.hash, data: b64(randomBytes(131_073)) }),
    413,
    "too_large",
  );
  // A streamed body with no Content-Length is cut off once it passes the limit.
  const res = await fetch(`${server.url}/api/shares`, {
    method: "POST",
    body: new Blob([new Uint8Array(2_000_000).fill(0x20)]).stream(),
    duplex: "half",
  } as RequestInit);
  await expectError(res, 413, "too_large");
});

Deno.test("api create - UPLOAD_TOKEN is required when configured (401 missing, 403 wrong)", async () => {
  const uploadToken = "correct horse battery staple";
  await using server = await startTestServer({ config: { uploadToken } });
  const reader = await newReader();
  const body = { readTokenHash: reader.hash, data: b64(randomBytes(10)) };
  await expectError(await postShare(server.url, body), 401, "token_required");
  await expectError(
    await postShare(server.url, body, auth("wrong token value")),
    403,
    "bad_token",
  );
  const res = await postShare(server.url, body, auth(uploadToken));
  assert.equal(res.status, 201);
  await res.body?.cancel();
  const config = await (await fetch(`${server.url}/api/config`)).json();
  assert.equal(config.uploadTokenRequired, true);
});

Deno.test("api create - too many creates from one client get 429 with Retry-After", async () => {
  await using server = await startTestServer({ config: { rateLimitCreates: 3 } });
  const reader = await newReader();
  const body = { readTokenHash: reader.hash, data: b64(randomBytes(10)) };
  for (let i = 0; i < 3; i++) {
    const res = await postShare(server.url, body);
    assert.equal(res.status, 201);
    await res.body?.cancel();
  }
  const limited = await postShare(server.url, body);
  const retry = Number(limited.headers.get("Retry-After"));
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
  await expectError(limited, 429, "rate_limited");
});

Deno.test("api create - behind a trusted proxy clients are told apart by X-Forwarded-For", async () => {
  await using server = await startTestServer({ config: { rateLimitCreates: 1, trustProxy: true } });
  const reader = await newReader();
  const body = { readTokenHash: reader.hash, data: b64(randomBytes(10)) };
  const from = (address: string) => ({ "X-Forwarded-For": `10.9.9.9, ${address}` });
  for (const address of ["192.0.2.1", "192.0.2.2"]) {
    const res = await postShare(server.url, body, from(address));
    assert.equal(res.status, 201);
    await res.body?.cancel();
  }
  await expectError(await postShare(server.url, body, from("192.0.2.1")), 429, "rate_limited");
});

Deno.test("api create - config, health, security headers and no-store on API responses", async () => {
  await using server = await startTestServer();
  const config = await fetch(`${server.url}/api/config`);
  assert.deepEqual(await config.json(), {
    partSize: 4_194_304,
    maxShareBytes: 1_140_850_688,
    defaultExpires: 604_800,
    maxExpires: 2_592_000,
    maxViews: 1000,
    uploadTokenRequired: false,
  });
  const health = await fetch(`${server.url}/api/health`);
  assert.deepEqual(await health.json(), { ok: true });
  const missing = await fetch(`${server.url}/api/nope`);
  for (const res of [config, health, missing]) {
    assert.equal(res.headers.get("Cache-Control"), "no-store");
    for (const name of SECURITY_HEADERS) assert.ok(res.headers.has(name), name);
    const csp = res.headers.get("Content-Security-Policy")!;
    for (const part of ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      assert.ok(csp.includes(part), csp);
    }
    assert.ok(!csp.includes("unsafe-inline") && !csp.includes("unsafe-eval"), csp);
    assert.equal(res.headers.get("Referrer-Policy"), "no-referrer");
    assert.equal(res.headers.get("X-Content-Type-Options"), "nosniff");
    assert.equal(res.headers.get("Cross-Origin-Opener-Policy"), "same-origin");
  }
  await expectError(missing, 404, "not_found");
  const page = await fetch(`${server.url}/`);
  await page.body?.cancel();
  for (const name of SECURITY_HEADERS) assert.ok(page.headers.has(name), `page ${name}`);
});
