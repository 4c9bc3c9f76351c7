/**
 * Graceful shutdown and health: SIGTERM (and SIGINT, which Deno Deploy sends) lets a slow
 * in-flight download finish byte-identical while new connections are refused, then the process
 * exits 0; `GET /api/health` answers 503 with a JSON error once KV is unavailable.
 * @module
 */
import assert from "node:assert/strict";
import { createApp } from "../../lib/app.ts";
import { loadConfig } from "../../lib/config.ts";
import { spawnServer } from "../helpers/process_server.ts";
import { tempDir } from "../helpers/temp_dir.ts";
import { download, randomBytes } from "../api/_client.ts";
import { storeShare } from "./_share.ts";

/** True when a new connection to `origin` is refused (no pooled connection is reused). */
async function refused(origin: string): Promise<boolean> {
  using client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  try {
    const res = await fetch(`${origin}/api/health`, { client });
    await res.body?.cancel();
    return false;
  } catch {
    return true;
  }
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`ops shutdown - ${signal} lets a slow in-flight download finish, then exits 0`, async () => {
    await using server = await spawnServer({ startTask: true, capture: true });
    // Larger than the socket buffers on both sides, so the server is still sending when the
    // signal arrives.
    const data = randomBytes(32 * 1024 * 1024);
    const { id, token } = await storeShare(server.origin, data);
    const res = await download(server.origin, id, token);
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const received = new Uint8Array(data.length);
    let at = 0;
    const first = await reader.read();
    received.set(first.value!, at);
    at += first.value!.byteLength;

    Deno.kill(server.pid, signal);
    // The listener closes first: a new connection is refused while the download goes on.
    let closed = false;
    for (let i = 0; i < 500 && !closed; i++) {
      closed = await refused(server.origin);
      if (!closed) await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(closed, "the server stopped accepting connections");
    for (let n = 0;; n++) {
      const { done, value } = await reader.read();
      if (done) break;
      received.set(value, at);
      at += value.byteLength;
      // A slow reader: the server has to keep the connection and its KV reads going.
      if (n % 16 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(at, data.length);
    assert.ok(received.every((b, i) => b === data[i]), "the download is byte-identical");
    const status = await server.status;
    assert.equal(status.code, 0);
    assert.match(server.output().stderr, new RegExp(`${signal}: finishing in-flight requests`));
    assert.match(server.output().stderr, /hushlink: stopped/);
  });
}

Deno.test("ops health - 200 while KV answers, 503 storage_unavailable once it does not", async () => {
  await using dir = await tempDir({ prefix: "hushlink-health-" });
  const kvPath = `${dir.path}/hushlink.kv`;
  const kv = await Deno.openKv(kvPath);
  const app = createApp({ kv, config: { ...loadConfig({}), kvPath } });
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    app.fetch,
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  const ok = await fetch(`${origin}/api/health`);
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { ok: true });
  kv.close();
  const down = await fetch(`${origin}/api/health`);
  assert.equal(down.status, 503);
  assert.equal(down.headers.get("Cache-Control"), "no-store");
  assert.deepEqual(await down.json(), {
    error: { code: "storage_unavailable", message: "The storage does not answer" },
  });
});
