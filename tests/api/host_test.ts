/**
 * Host header reflection (docs/SECURITY.md, "Hostile shares"): without PUBLIC_URL the pages and
 * /llms.txt name the origin the request came to, taken from its `Host`. A shared cache must not
 * keep one client's Host and serve it to everyone.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { rawExchange, rawRequest } from "../fuzz/_http.ts";

async function getWithHost(url: string, path: string, host: string) {
  const res = await rawExchange(
    url,
    rawRequest(`GET ${path} HTTP/1.1`, [`Host: ${host}`, "Connection: close"], new Uint8Array(0)),
  );
  assert.ok(res, `${path}: no answer`);
  return res;
}

Deno.test("pages host - an origin taken from Host is never left to shared caches", async () => {
  await using server = await startTestServer();
  for (const path of ["/llms.txt", "/", "/security"]) {
    const res = await getWithHost(server.url, path, "evil.example");
    // The pages need `deno task build`, which the test task runs first.
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get("cache-control") ?? "", /^private\b/, path);
    assert.match(res.headers.get("vary") ?? "", /\bHost\b/i, path);
  }
});

Deno.test("pages host - with PUBLIC_URL the Host is ignored and caches may share", async () => {
  await using server = await startTestServer({ config: { publicUrl: "https://share.example" } });
  const res = await getWithHost(server.url, "/llms.txt", "evil.example");
  assert.equal(res.status, 200);
  const text = new TextDecoder().decode(res.body);
  assert.ok(text.includes("https://share.example/share.js"));
  assert.ok(!text.includes("evil.example"));
  assert.match(res.headers.get("cache-control") ?? "", /^public, max-age=3600$/);
});
