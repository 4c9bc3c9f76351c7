/**
 * A real hushlink server for tests: `Deno.serve` on a free port with a temp-file KV, an optional
 * injected clock, and optionally a record of every request that reached it (to assert that no key,
 * password or plaintext ever did). The store and app are built as main.ts builds them
 * (`createStore`, then `createApp`). Rate limits are lifted unless the test sets them.
 * @module
 */
import { createApp, createStore } from "../../lib/app.ts";
import { type Config, loadConfig } from "../../lib/config.ts";
import { openKvFile } from "../../lib/store/kv_file.ts";
import type { ShareStore } from "../../lib/store/shares.ts";

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A running test server; `await using` closes it. */
export interface TestServer extends AsyncDisposable {
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
  /**
   * Stops the server, waits for background clean-ups, closes KV and removes the temp files; once,
   * however often it is called (disposal after an explicit close does nothing more).
   */
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
 * await using server = await startTestServer({ record: true });
 * const res = await fetch(`${server.url}/api/health`);
 * await res.body?.cancel();
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
  const kv = await openKvFile(kvPath);
  const store = createStore(kv, config, now);
  // Started here (createApp's own call then finds it running) to await its end on close.
  const listening = store.listen();
  const app = createApp({ kv, config, now, store });
  const requests: RecordedRequest[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req, info) => {
      if (!opts.record) return await app.fetch(req, info);
      const hasBody = req.body !== null;
      const body = new Uint8Array(await req.arrayBuffer());
      requests.push({
        method: req.method,
        url: req.url,
        headers: Object.fromEntries(req.headers),
        body,
      });
      // A copy with the body read, not `req.clone()`: cloning reads the request's abort signal,
      // which makes Deno.serve warn about its legacy abort-on-success behaviour.
      const copy = new Request(req.url, {
        method: req.method,
        headers: req.headers,
        body: hasBody ? body : null,
      });
      return await app.fetch(copy, info);
    },
  );
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      await server.shutdown();
      await store.idle();
      kv.close();
      await listening;
      await Deno.remove(dir, { recursive: true });
    })();
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    kv,
    kvPath,
    requests,
    store,
    close,
    [Symbol.asyncDispose]: close,
  };
}
