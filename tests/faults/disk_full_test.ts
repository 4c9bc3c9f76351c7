/**
 * Faults: the KV file cannot grow (disk full). The server runs under `ulimit -f` so that writes
 * past a size fail with EFBIG (SIGXFSZ ignored, as a full disk fails writes without a signal);
 * a chmod would not do, since the tests run as root in CI. New shares must get a clear 5xx JSON
 * error, not a crash and not a hang, and existing shares must still be served.
 * @module
 */
import assert from "node:assert/strict";
import { tempDir } from "../helpers/temp_dir.ts";
import { spawnServer } from "../helpers/process_server.ts";
import { runScript } from "../helpers/share_script.ts";
import { auth, b64, createShare, download, newReader, randomBytes } from "../api/_client.ts";

const MiB = 1024 * 1024;
/** Every request gets an answer in this time or the test fails (a hang is a failure too). */
const ANSWER_WITHIN = 30_000;

async function answer(url: string, init: RequestInit = {}): Promise<Response> {
  return await fetch(url, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN) });
}

async function expectUnwritable(res: Response): Promise<void> {
  const text = await res.text();
  assert.equal(res.status, 503, text);
  assert.match(res.headers.get("Content-Type") ?? "", /^application\/json/);
  const { error } = JSON.parse(text);
  assert.equal(error.code, "storage_unavailable");
  assert.match(error.message, /cannot be written/);
}

async function fileSize(path: string): Promise<number> {
  return await Deno.stat(path).then((s) => s.size, () => 0);
}

Deno.test("faults disk - a KV file that cannot grow: creates get 503 JSON, reads go on", async () => {
  await using dir = await tempDir({ prefix: "hushlink-fault-" });
  const kvPath = `${dir.path}/hushlink.kv`;
  await using servers = new AsyncDisposableStack();
  let server = servers.use(await spawnServer({ kvPath }));
  const reader = await newReader();
  const small = randomBytes(1000);
  const large = randomBytes(200_000);
  const shares = [
    { data: small, id: (await createShare(server.origin, body(reader.hash, small))).id },
    { data: large, id: (await createShare(server.origin, body(reader.hash, large))).id },
  ];
  await server.kill("SIGKILL");

  // Room for the files as they are plus 64 KiB (128 KiB where `ulimit -f` counts KiB blocks).
  const biggest = Math.max(
    ...await Promise.all(["", "-wal", "-shm"].map((s) => fileSize(kvPath + s))),
  );
  const blocks = Math.ceil((biggest + 65_536) / 512);
  server = servers.use(
    await spawnServer({
      port: server.port,
      kvPath,
      shellPrefix: `trap '' XFSZ; ulimit -f ${blocks}`,
    }),
  );

  const file = `${dir.path}/big.bin`;
  const big = randomBytes(3 * MiB);
  await Deno.writeFile(file, big);
  await expectUnwritable(
    await answer(`${server.origin}/api/shares`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body(reader.hash, big)),
    }),
  );
  // An upload in parts: its create is small and may still fit, its part cannot.
  const created = await answer(`${server.origin}/api/shares`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ readTokenHash: reader.hash, size: big.length }),
  });
  if (created.status === 201) {
    const { id, writeToken } = await created.json();
    await expectUnwritable(
      await answer(`${server.origin}/api/shares/${id}/parts/0`, {
        method: "PUT",
        headers: auth(writeToken),
        body: big,
      }),
    );
    const info = await answer(`${server.origin}/api/shares/${id}`);
    await info.body?.cancel();
    assert.equal(info.status, 404, "the failed upload is not readable");
  } else {
    await expectUnwritable(created);
  }
  const script = await runScript(["--server", server.origin, file]);
  assert.equal(script.code, 2, script.errors.join("\n"));
  assert.equal(script.errors.length, 1, script.errors.join("\n"));
  assert.match(script.errors[0], /server failed \(503\): The storage cannot be written/);

  // Still up, still serving what it has.
  assert.equal((await answer(`${server.origin}/api/health`)).status, 200);
  for (const share of shares) {
    const res = await download(server.origin, share.id, reader.token);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.bytes(), share.data);
  }

  // With room again (no limit), the same KV file takes new shares and kept the old ones.
  await server.kill("SIGKILL");
  server = servers.use(await spawnServer({ port: server.port, kvPath }));
  const later = await createShare(server.origin, body(reader.hash, big));
  assert.deepEqual(await (await download(server.origin, later.id, reader.token)).bytes(), big);
  for (const share of shares) {
    assert.deepEqual(
      await (await download(server.origin, share.id, reader.token)).bytes(),
      share.data,
    );
  }
});

function body(readTokenHash: string, data: Uint8Array): Record<string, unknown> {
  return { readTokenHash, data: b64(data) };
}
