/**
 * A real hushlink server for tests: `Deno.serve` on a free port with a temp-file KV, an optional
 * injected clock, and optionally a record of every request that reached it (to assert that no key,
 * password or plaintext ever did). Rate limits are lifted unless the test sets them.
 * @module
 */
import { createApp } from "../../lib/app.ts";
import { type Config, loadConfig } from "../../lib/config.ts";
import { ShareStore } from "../../lib/store/shares.ts";

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A running test server. */
export interface TestServer {
  /** Origin, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** The server's KV handle (inspect what is stored). */
  kv: Deno.Kv;
  /** Path of the temp KV file. */
  kvPath: string;
  /** Requests received so far (only with `record: true`). */
  requests: RecordedRequest[];
  /** The share store (e.g. to call `sweep` or await `idle` in tests). */
  store: ShareStore;
  /** Stops the server, waits for background clean-ups, closes KV and removes the temp files. */
  close(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Overrides of the default configuration (`loadConfig({})`). */
  config?: Partial<Config>;
  /** Injected clock (milliseconds since the epoch). */
  now?: () => number;
  /** Keep every request in `requests`. */
  record?: boolean;
}

/**
 * Starts a server on 127.0.0.1 and a free port.
 * @example
 * ```ts
 * const server = await startTestServer({ record: true });
 * try {
 *   const res = await fetch(`${server.url}/api/health`);
 *   await res.body?.cancel();
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = await Deno.makeTempDir({ prefix: "hushlink-test-" });
  const kvPath = `${dir}/hushlink.kv`;
  const config: Config = {
    ...loadConfig({}),
    kvPath,
    port: 0,
    rateLimitCreates: 0,
    rateLimitFailures: 0,
    ...opts.config,
  };
  const now = opts.now ?? Date.now;
  const kv = await Deno.openKv(kvPath);
  const store = new ShareStore(kv, {
    partSize: config.partSize,
    uploadTtl: config.uploadTtl,
    maxStorageBytes: config.maxStorageBytes,
    now,
  });
  const listening = store.listen();
  const app = createApp({ kv, config, now, store });
  const requests: RecordedRequest[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req, info) => {
      if (opts.record) {
        requests.push({
          method: req.method,
          url: req.url,
          headers: Object.fromEntries(req.headers),
          body: new Uint8Array(await req.clone().arrayBuffer()),
        });
      }
      return await app.fetch(req, info);
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    kv,
    kvPath,
    requests,
    store,
    async close() {
      await server.shutdown();
      await store.idle();
      kv.close();
      await listening;
      await Deno.remove(dir, { recursive: true });
    },
  };
}
