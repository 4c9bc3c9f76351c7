/**
 * Out of file descriptors (docs/SECURITY.md, "Hostile shares"): a client holding many idle
 * connections made `accept` fail with "Too many open files", and the server exited or stopped
 * listening. With a lowered descriptor limit (so the test needs ~100 connections, not 20,000)
 * the server must log it, count it in /metrics, and serve again once connections are released.
 * @module
 */
import assert from "node:assert/strict";
import { spawnServer } from "../helpers/process_server.ts";

Deno.test("ops descriptors - running out of file descriptors neither stops nor ends the server", async () => {
  await using server = await spawnServer({ shellPrefix: "ulimit -n 64", capture: true });
  let ended = false;
  server.status.then(() => ended = true);
  const { hostname, port } = new URL(server.origin);
  const held: Deno.Conn[] = [];
  for (let i = 0; i < 120; i++) {
    try {
      held.push(await Deno.connect({ hostname, port: Number(port) }));
    } catch {
      break; // refused: the listener is down for now, which is what this test provokes
    }
  }
  // Let the server try to accept them (and fail), then give the descriptors back.
  await new Promise((r) => setTimeout(r, 500));
  for (const conn of held) conn.close();
  let healthy = false;
  for (let i = 0; i < 100 && !healthy && !ended; i++) {
    await new Promise((r) => setTimeout(r, 100));
    healthy = await fetch(`${server.origin}/api/health`).then(async (r) => {
      await r.body?.cancel();
      return r.ok;
    }, () => false);
  }
  assert.equal(ended, false, `the server exited:\n${server.output().stderr}`);
  assert.ok(healthy, `the server does not answer again:\n${server.output().stderr}`);
  const metrics = await (await fetch(`${server.origin}/metrics`)).text();
  const count = Number(/^hushlink_accept_errors_total (\d+)$/m.exec(metrics)?.[1]);
  assert.ok(count >= 1, metrics);
  assert.match(server.output().stderr, /accepting connections failed \(.*Too many open files/);
});
