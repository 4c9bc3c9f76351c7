/**
 * The calls between threads (lib/serve/rpc.ts): a stream result moves to the caller; calls to a
 * peer that died fail at once instead of waiting for ever; a result that cannot be cloned, or an
 * unknown method, answers the call with an error.
 * @module
 */
import assert from "node:assert/strict";
import { RpcPeer, Transfer } from "../../lib/serve/rpc.ts";

interface Api {
  numbers(count: number): ReadableStream<Uint8Array>;
  later(): Promise<void>;
  unclonable(): unknown;
}

function pair() {
  const { port1, port2 } = new MessageChannel();
  const never = Promise.withResolvers<void>();
  new RpcPeer<Record<never, never>, Api>(port1, {
    numbers: (count) => {
      const body = new Blob([new Uint8Array(count).map((_, i) => i)]).stream();
      return new Transfer(body, [body]);
    },
    later: () => never.promise,
    unclonable: () => () => "a function",
  });
  const peer = new RpcPeer<Api, Record<never, never>>(port2, {});
  port1.start();
  port2.start();
  return { peer, [Symbol.dispose]: () => port1.close() };
}

Deno.test("serve rpc - a stream result moves to the calling thread", async () => {
  using p = pair();
  const body = await p.peer.call("numbers", [5]);
  assert.deepEqual(await new Response(body).bytes(), new Uint8Array([0, 1, 2, 3, 4]));
});

Deno.test("serve rpc - calls to a peer that died fail, waiting ones and later ones", async () => {
  using p = pair();
  const waiting = p.peer.call("later", []);
  p.peer.fail(new Error("worker thread 1 failed"));
  await assert.rejects(waiting, /worker thread 1 failed/);
  await assert.rejects(p.peer.call("numbers", [1]), /worker thread 1 failed/);
});

Deno.test("serve rpc - an unclonable result or an unknown method answers with an error", async () => {
  using p = pair();
  await assert.rejects(p.peer.call("unclonable", []), { name: "DataCloneError" });
  // deno-lint-ignore no-explicit-any
  await assert.rejects((p.peer as any).call("missing", []), /no such method: missing/);
});
