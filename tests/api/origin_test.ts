/**
 * Cross-site writes (docs/SECURITY.md, "Hostile shares"): a page of another site makes its
 * visitor's browser POST a `text/plain` body (no CORS preflight) to create a share; the API
 * refuses writes whose `Origin` is not this service's, and lets through requests without one.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { b64, newReader, randomBytes } from "./_client.ts";

async function post(url: string, origin: string | null): Promise<Response> {
  const reader = await newReader();
  const headers: Record<string, string> = { "content-type": "text/plain" };
  if (origin !== null) headers.origin = origin;
  return await fetch(`${url}/api/shares`, {
    method: "POST",
    headers,
    body: JSON.stringify({ readTokenHash: reader.hash, data: b64(randomBytes(10)) }),
  });
}

Deno.test("api origin - a create from another site's page is refused, with no share made", async () => {
  await using server = await startTestServer();
  for (const origin of ["https://evil.example", "null", `http://127.0.0.1.evil.example`]) {
    const res = await post(server.url, origin);
    assert.equal(res.status, 403, origin);
    assert.equal((await res.json()).error.code, "cross_origin", origin);
  }
  let shares = 0;
  for await (const _ of server.kv.list({ prefix: ["share"] })) shares++;
  assert.equal(shares, 0);
});

Deno.test("api origin - the service's own pages and clients without Origin may write", async () => {
  await using server = await startTestServer();
  const host = new URL(server.url).host;
  // No Origin (the share script), the page's own origin, and https behind a TLS proxy.
  for (const origin of [null, server.url, `https://${host}`]) {
    const res = await post(server.url, origin);
    assert.equal(res.status, 201, String(origin));
    await res.body?.cancel();
  }
  // Reads are not writes: a foreign Origin on GET is not refused here.
  const res = await fetch(`${server.url}/api/config`, {
    headers: { origin: "https://evil.example" },
  });
  assert.equal(res.status, 200);
  await res.body?.cancel();
});

Deno.test("api origin - with PUBLIC_URL only that origin may write", async () => {
  await using server = await startTestServer({ config: { publicUrl: "https://share.example" } });
  const ok = await post(server.url, "https://share.example");
  assert.equal(ok.status, 201);
  await ok.body?.cancel();
  // The request's own host is not enough once the public origin is known.
  const other = await post(server.url, server.url);
  assert.equal(other.status, 403);
  assert.equal((await other.json()).error.code, "cross_origin");
});
