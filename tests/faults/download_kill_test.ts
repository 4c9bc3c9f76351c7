/**
 * Faults: the server process is killed (SIGKILL) while `share.ts get` is downloading. The reader
 * must fail with one clear line and a non-zero exit: never short output passed off as complete,
 * never a partial file left under the asked-for name. A relay holds the response after its first
 * MiB so the kill certainly lands mid-download with a few MiB of data.
 * @module
 */
import assert from "node:assert/strict";
import { tempDir } from "../helpers/temp_dir.ts";
import { type ProcessServer, spawnServer } from "../helpers/process_server.ts";
import { runScript } from "../helpers/share_script.ts";
import { randomBytes } from "../api/_client.ts";
import { startProxy } from "./_proxy.ts";

const MiB = 1024 * 1024;

/** What share.ts says when a download breaks off. */
const CLEAR_FAILURE = /transfer broke off|cannot reach the server|stopped answering|truncated/;

/** Runs `share.ts get` through a relay, kills the server once 1 MiB arrived, restarts it. */
async function getWhileKilled(
  server: ProcessServer,
  link: string,
  args: string[],
): Promise<{ result: Awaited<ReturnType<typeof runScript>>; server: ProcessServer }> {
  await using proxy = startProxy(server.port, { holdResponseAfter: MiB });
  const url = new URL(link);
  const viaProxy = `${proxy.origin}${url.pathname}${url.hash}`;
  const running = runScript(["get", viaProxy, ...args]);
  await proxy.held;
  await server.kill("SIGKILL");
  proxy.release();
  const result = await running;
  return {
    result,
    server: await spawnServer({ port: server.port, kvPath: server.kvPath }),
  };
}

Deno.test("faults download - killed mid-download: get fails clearly, no partial file or short output passes", async () => {
  await using dir = await tempDir({ prefix: "hushlink-fault-" });
  await using servers = new AsyncDisposableStack();
  let server = servers.use(await spawnServer({ kvPath: `${dir.path}/hushlink.kv` }));
  // Larger than what kernel socket buffers could hold between the server and the relay, and than
  // the 16 MiB that standard output holds back until the whole share authenticated: this share
  // streams to stdout (tests/faults/verified_stdout_test.ts covers the smaller ones).
  const data = randomBytes(20 * MiB);
  const file = `${dir.path}/data.bin`;
  await Deno.writeFile(file, data);
  const shared = await runScript(["--server", server.origin, "--json", file]);
  assert.equal(shared.code, 0, shared.errors.join("\n"));
  const { link } = JSON.parse(shared.text);

  // Into a file: nothing may appear under the name, and no temporary file may stay behind.
  const outDir = `${dir.path}/out`;
  await Deno.mkdir(outDir);
  const toFile = await getWhileKilled(server, link, ["-o", `${outDir}/got.bin`]);
  server = servers.use(toFile.server);
  assert.notEqual(toFile.result.code, 0);
  assert.equal(toFile.result.errors.length, 1, toFile.result.errors.join("\n"));
  assert.match(toFile.result.errors[0], CLEAR_FAILURE);
  assert.deepEqual(await Array.fromAsync(Deno.readDir(outDir)), []);

  // To standard output: what was written is a prefix, short of the whole, and the exit says so.
  const toStdout = await getWhileKilled(server, link, []);
  server = servers.use(toStdout.server);
  assert.notEqual(toStdout.result.code, 0);
  assert.equal(toStdout.result.errors.length, 1, toStdout.result.errors.join("\n"));
  assert.match(toStdout.result.errors[0], CLEAR_FAILURE);
  const out = toStdout.result.stdout;
  assert.ok(out.length > 0, "a share over 16 MiB streams what authenticated");
  assert.ok(out.length < data.length, "output is short of the whole");
  assert.deepEqual(out, data.subarray(0, out.length));

  // The share itself survived the crash: read in full after the restart.
  const again = await runScript(["get", link, "-o", `${dir.path}/again.bin`, "--quiet"]);
  assert.equal(again.code, 0, again.errors.join("\n"));
  assert.deepEqual(await Deno.readFile(`${dir.path}/again.bin`), data);
});
