/**
 * Unverified prefix on standard output (docs/SECURITY.md, "Hostile shares"): `get LINK | sh`
 * must not run the first part of a script whose end an operator (or a network) cut off. A share
 * of up to 16 MiB reaches standard output only once all of it authenticated.
 * @module
 */
import assert from "node:assert/strict";
import { startTestServer } from "../helpers/server.ts";
import { runScript } from "../helpers/share_script.ts";
import { startProxy } from "./_proxy.ts";

const MiB = 1024 * 1024;

Deno.test("faults stdout - a small share cut off mid-download writes nothing to standard output", async () => {
  await using server = await startTestServer();
  // A script whose dangerous part comes first and whose guard would come last.
  const script = "echo step one\n".repeat(200_000) + "exit 0\n";
  const shared = await runScript(["--server", server.url, "--json"], { stdin: script });
  assert.equal(shared.code, 0, shared.errors.join("\n"));
  const { link } = JSON.parse(shared.text);
  const proxy = startProxy(Number(new URL(server.url).port), { holdResponseAfter: MiB });
  const url = new URL(link);
  const running = runScript(["get", `${proxy.origin}${url.pathname}${url.hash}`]);
  await proxy.held;
  await proxy.close(); // the connection ends a MiB into a share of ~2.8 MiB
  const result = await running;
  assert.notEqual(result.code, 0);
  assert.match(result.errors.join("\n"), /transfer broke off|truncated|cannot reach/);
  assert.equal(result.stdout.length, 0, "a prefix reached standard output");
});
