/**
 * A main thread and a worker thread's store in one test process: the main thread's store and
 * handlers (lib/serve/main_api.ts) on one end of a `MessageChannel`, a {@link RemoteStore} on its
 * own KV connection to the same file on the other, as lib/serve/threads.ts wires a real Worker.
 * @module
 */
import { createLimiters, createStore, storeOptions } from "../../lib/app.ts";
import { loadConfig } from "../../lib/config.ts";
import { lineWriter } from "../../lib/http/access_log.ts";
import { mainHandlers } from "../../lib/serve/main_api.ts";
import type { MainApi } from "../../lib/serve/protocol.ts";
import { RemoteStore } from "../../lib/serve/remote_store.ts";
import { RpcPeer } from "../../lib/serve/rpc.ts";
import { wireErrors } from "../../lib/serve/wire_errors.ts";
import type { ShareStore } from "../../lib/store/shares.ts";

/** Both sides; `await using` closes them and removes the KV file. */
export interface ThreadPair extends AsyncDisposable {
  /** The main thread's store (it writes). */
  store: ShareStore;
  /** The worker's store. */
  remote: RemoteStore;
  /** The worker's KV connection (to build another reading store on it). */
  workerKv: Deno.Kv;
  /** The worker's end of the channel. */
  main: RpcPeer<MainApi, Record<never, never>>;
}

/**
 * Builds the pair on a fresh KV file.
 * @example
 * ```ts
 * await using pair = await threadPair();
 * await pair.remote.create(input); // written by pair.store
 * ```
 */
export async function threadPair(): Promise<ThreadPair> {
  const config = loadConfig({});
  const dir = await Deno.makeTempDir({ prefix: "hushlink-serve-" });
  const mainKv = await Deno.openKv(`${dir}/hushlink.kv`);
  const workerKv = await Deno.openKv(`${dir}/hushlink.kv`);
  const store = createStore(mainKv, config);
  const { handlers } = mainHandlers(
    { store, limiters: createLimiters(config), log: lineWriter() },
    () => Promise.resolve([]),
  );
  const { port1, port2 } = new MessageChannel();
  new RpcPeer<Record<never, never>, MainApi>(port1, handlers, wireErrors);
  const main = new RpcPeer<MainApi, Record<never, never>>(port2, {}, wireErrors);
  port1.start();
  port2.start();
  return {
    store,
    remote: new RemoteStore(workerKv, storeOptions(config), main),
    workerKv,
    main,
    async [Symbol.asyncDispose]() {
      await store.idle();
      port1.close();
      workerKv.close();
      mainKv.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
