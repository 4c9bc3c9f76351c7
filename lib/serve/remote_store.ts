/**
 * A worker thread's share store: reads on its own KV connection, writes in the main thread. Local
 * SQLite KV takes reads from several connections well but not writes (concurrent check-and-set
 * commits fail with "database is locked"), so every write — create, a view of a view-limited
 * share, delete, upload parts, complete — is a call to the main thread's {@link ShareStore}, which
 * stays the one implementation of the store's rules. The common read, a share without a view
 * limit, never leaves the thread.
 * @module
 */
import { ShareStore, type StoreOptions } from "../store/shares.ts";
import type { ShareAccess } from "../store/shares.ts";
import type { MainApi } from "./protocol.ts";
import type { RpcPeer } from "./rpc.ts";

/** KV methods that only read. */
const READS = new Set<PropertyKey>(["get", "getMany", "list"]);

/**
 * `kv` for reading only: any other method throws. The local store never writes by design; this
 * makes a mistake loud (a 500 at once) instead of a rare "database is locked" under load.
 */
function readOnly(kv: Deno.Kv): Deno.Kv {
  return new Proxy(kv, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== "function") return value;
      if (READS.has(name)) return value.bind(target);
      return () => {
        throw new Error(`a worker thread does not write to KV (${String(name)} called)`);
      };
    },
  });
}

/**
 * {@link ShareAccess} for a worker thread.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLimiters, createStore, storeOptions } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * import { lineWriter } from "../http/access_log.ts";
 * import { newToken } from "../store/tokens.ts";
 * import { mainHandlers } from "./main_api.ts";
 * import type { MainApi } from "./protocol.ts";
 * import { RemoteStore } from "./remote_store.ts";
 * import { RpcPeer } from "./rpc.ts";
 * import { wireErrors } from "./wire_errors.ts";
 * const config = loadConfig({});
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/hushlink.kv`;
 * // The main thread's store and what it serves workers; a channel stands for the Worker.
 * const mainKv = await Deno.openKv(path);
 * const store = createStore(mainKv, config);
 * const limiters = createLimiters(config);
 * const { handlers } = mainHandlers({ store, limiters, log: lineWriter() }, async () => []);
 * const { port1, port2 } = new MessageChannel();
 * new RpcPeer<Record<never, never>, MainApi>(port1, handlers, wireErrors);
 * const main = new RpcPeer<MainApi, Record<never, never>>(port2, {}, wireErrors);
 * port1.start();
 * port2.start();
 * // A worker thread's store: its own KV connection to the same file.
 * const workerKv = await Deno.openKv(path);
 * const remote = new RemoteStore(workerKv, storeOptions(config), main);
 * const read = newToken();
 * const create = { size: null, expiresIn: 3600, readHash: read.hash, kdf: null };
 * const once = await remote.create({ ...create, views: 1, data: new Uint8Array([1, 2, 3]) });
 * const open = await remote.create({ ...create, views: null, data: new Uint8Array([4, 5]) });
 * assert.equal((await remote.open(once.id, read.hash, null)).viewsLeft, 0); // counted by main
 * assert.equal((await remote.open(open.id, read.hash, null)).viewsLeft, null); // read here
 * await assert.rejects(remote.open(once.id, read.hash, null), { code: "not_found" });
 * await store.idle();
 * port1.close();
 * workerKv.close();
 * mainKv.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class RemoteStore implements ShareAccess {
  readonly #local: ShareStore;
  readonly #main: RpcPeer<MainApi, unknown>;

  /** Reads `kv` (the main thread's KV file, never written here) with `options`; writes through `main`. */
  constructor(kv: Deno.Kv, options: StoreOptions, main: RpcPeer<MainApi, unknown>) {
    this.#main = main;
    this.#local = new ShareStore(readOnly(kv), {
      ...options,
      registerStream: async (id) => {
        const registration = await main.call("streamBegin", [id]);
        return () => main.notify("streamEnd", [registration]);
      },
    });
  }

  /** Public metadata, read here. */
  info(id: string): ReturnType<ShareStore["info"]> {
    return this.#local.info(id);
  }

  /** Content: read here without a view limit; from the main thread, which counts, with one. */
  async open(...args: Parameters<ShareStore["open"]>): ReturnType<ShareStore["open"]> {
    return await this.#local.read(...args) ?? await this.#main.call("open", args);
  }

  /** Creates the share in the main thread. */
  create(...args: Parameters<ShareStore["create"]>): ReturnType<ShareStore["create"]> {
    return this.#main.call("create", args);
  }

  /** Deletes the share in the main thread. */
  delete(...args: Parameters<ShareStore["delete"]>): ReturnType<ShareStore["delete"]> {
    return this.#main.call("delete", args);
  }

  /** Completes an upload in the main thread. */
  complete(...args: Parameters<ShareStore["complete"]>): ReturnType<ShareStore["complete"]> {
    return this.#main.call("complete", args);
  }

  /**
   * Writes a part in the main thread, the request body moved there as it arrives. A body that
   * fails here (a stalled or vanished client) reaches the main thread as a bare error; its own
   * error (408, 400) is the one thrown.
   */
  async putPart(
    id: string,
    index: number,
    writeHash: Uint8Array,
    body: ReadableStream<Uint8Array> | null,
    contentLength: number | null,
  ): ReturnType<ShareStore["putPart"]> {
    if (!body) return await this.#main.call("putPart", [id, index, writeHash, null, contentLength]);
    let failed: unknown = null;
    const reader = body.getReader();
    const moved = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          failed = err;
          controller.error(err);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    }, { highWaterMark: 0 });
    try {
      return await this.#main.call(
        "putPart",
        [id, index, writeHash, moved, contentLength],
        [moved],
      );
    } catch (err) {
      throw failed ?? err;
    }
  }
}
