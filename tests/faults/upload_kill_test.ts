/**
 * Faults: the server process is killed (SIGKILL) in the middle of an upload by share.ts. Either
 * the script retries its parts against the restarted server and the share reads back
 * byte-identical, or it fails with one clear line; in no case is the half share readable.
 * @module
 */
import assert from "node:assert/strict";
import { tempDir } from "../helpers/temp_dir.ts";
import { spawnServer } from "../helpers/process_server.ts";
import { runScript, startScript } from "../helpers/share_script.ts";
import { auth, b64, randomBytes } from "../api/_client.ts";
import { startProxy } from "./_proxy.ts";

const MiB = 1024 * 1024;

/** The upload's id, from the part requests the relay saw. */
function uploadId(requests: string[]): string {
  const ids = new Set(
    requests.map((r) => /^PUT \/api\/shares\/([\w-]{22})\/parts\//.exec(r)?.[1]).filter(Boolean),
  );
  assert.equal(ids.size, 1, `one upload expected, saw ${[...ids].join(", ")}`);
  return [...ids][0]!;
}

/** Asserts that share `id` cannot be read: no metadata, and content refused as unknown (404). */
async function assertNotReadable(origin: string, id: string): Promise<void> {
  const info = await fetch(`${origin}/api/shares/${id}`);
  await info.body?.cancel();
  assert.equal(info.status, 404, "metadata of an incomplete share");
  // A ready share would answer a wrong token with 403; an incomplete one is simply not there.
  const content = await fetch(`${origin}/api/shares/${id}/content`, {
    headers: auth(b64(randomBytes(32))),
  });
  await content.body?.cancel();
  assert.equal(content.status, 404, "content of an incomplete share");
}

/** The lines share.ts may end with when the server is gone: each names the problem. */
const CLEAR_FAILURE = /cannot reach the server|stopped answering|transfer broke off|server failed/;

Deno.test("faults upload - killed mid-upload and restarted: share.ts resumes, the share reads back byte-identical", async () => {
  await using dir = await tempDir({ prefix: "hushlink-fault-" });
  await using servers = new AsyncDisposableStack();
  let server = servers.use(await spawnServer({ kvPath: `${dir.path}/hushlink.kv` }));
  await using proxy = startProxy(server.port);
  // Size unknown (standard input) and kept open: parts 0 and 1 go up, the rest waits for the end.
  const data = randomBytes(9 * MiB + 12_345);
  const run = startScript(["--server", proxy.origin, "--json", "--name", "data.bin"]);
  const feeding = run.write(data);
  await proxy.whenSent(6 * MiB);
  await server.kill("SIGKILL");
  const before = [...proxy.requests];
  assert.ok(before.some((r) => r.startsWith("PUT ")), "killed while parts were uploading");
  assert.ok(!before.some((r) => r.endsWith("/complete")), "killed before complete");
  server = servers.use(await spawnServer({ port: server.port, kvPath: server.kvPath }));
  const id = uploadId(before);
  await assertNotReadable(server.origin, id);
  await feeding;
  await assertNotReadable(server.origin, id);
  await run.end();
  const result = await run.finished;
  if (result.code !== 0) {
    // Allowed outcome: the restart came too late for the retries. It must say so, clearly.
    assert.equal(result.errors.length, 1, result.errors.join("\n"));
    assert.match(result.errors[0], CLEAR_FAILURE);
    await assertNotReadable(server.origin, id);
    return;
  }
  const { link } = JSON.parse(new TextDecoder().decode(result.stdout));
  // The same upload was resumed (not started again) and completed after the restart.
  assert.equal(new URL(link).pathname, `/s/${id}`);
  assert.ok(proxy.requests.slice(before.length).includes(`POST /api/shares/${id}/complete`));
  const out = `${dir.path}/data.bin`;
  const got = await runScript(["get", link, "-o", out, "--quiet"]);
  assert.equal(got.code, 0, got.errors.join("\n"));
  assert.deepEqual(await Deno.readFile(out), data);
});

Deno.test("faults upload - killed mid-upload and not back in time: share.ts fails clearly, nothing is readable", async () => {
  await using dir = await tempDir({ prefix: "hushlink-fault-" });
  await using servers = new AsyncDisposableStack();
  let server = servers.use(await spawnServer({ kvPath: `${dir.path}/hushlink.kv` }));
  await using proxy = startProxy(server.port);
  const file = `${dir.path}/data.bin`;
  await Deno.writeFile(file, randomBytes(9 * MiB));
  // A file: its size is declared at create, and the script runs to its end on its own.
  const run = startScript(["--server", proxy.origin, file]);
  await run.end();
  await proxy.whenSent(6 * MiB);
  await server.kill("SIGKILL");
  const id = uploadId(proxy.requests);
  // The server stays down until every retry of the script has failed.
  const result = await run.finished;
  assert.notEqual(result.code, 0);
  assert.equal(new TextDecoder().decode(result.stdout), "", "no link printed");
  assert.equal(result.errors.length, 1, result.errors.join("\n"));
  assert.match(result.errors[0], CLEAR_FAILURE);
  server = servers.use(await spawnServer({ port: server.port, kvPath: server.kvPath }));
  await assertNotReadable(server.origin, id);
});
