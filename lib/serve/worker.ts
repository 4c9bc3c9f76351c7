/**
 * A worker thread of a multi-threaded server (started by ./threads.ts): it opens the same KV file
 * on a connection of its own, builds the same app as the main thread with a store that reads here
 * and writes in the main thread (./remote_store.ts), rate limiters and metrics that count or sum
 * there (./remote_limiter.ts), and listens on the main thread's port. Its access-log lines go to
 * the main thread, which alone writes stdout, so lines from different threads never mix. Start-up
 * work (signals, the store's queue listener, quota reconcile) is the main thread's alone.
 * @module
 */
import { createApp, storeOptions } from "../app.ts";
import { lineWriter } from "../http/access_log.ts";
import { type ResilientServer, serveResilient } from "../http/listener.ts";
import { Metrics } from "../metrics.ts";
import type { MainApi, WorkerApi, WorkerInit } from "./protocol.ts";
import { RemoteLimiter } from "./remote_limiter.ts";
import { RemoteStore } from "./remote_store.ts";
import { type Endpoint, RpcPeer } from "./rpc.ts";
import { wireErrors } from "./wire_errors.ts";

let running: { kv: Deno.Kv; server: ResilientServer; flush: () => void; metrics: Metrics } | null =
  null;

/** Opens KV, builds the app and listens on the shared port; resolves once it listens. */
async function start(init: WorkerInit): Promise<void> {
  const { config, thread, port, locks } = init;
  const kv = await Deno.openKv(config.kvPath);
  const metrics = new Metrics(thread);
  // Encoded batches of whole lines, handed to the main thread's writer as they are.
  const log = lineWriter({
    writeSync: (lines) => {
      main.notify("log", [lines], [lines.buffer]);
      return lines.byteLength;
    },
  });
  const limiter = (name: keyof WorkerInit["locks"], limit: number) =>
    new RemoteLimiter(name, limit, locks[name], config.trustProxy, main);
  const app = createApp({
    kv,
    config,
    store: new RemoteStore(kv, storeOptions(config), main),
    metrics,
    limiters: {
      creates: limiter("creates", config.rateLimitCreates),
      failures: limiter("failures", config.rateLimitFailures),
    },
    snapshots: () => main.call("metrics", []),
    ...(config.accessLog ? { accessLog: log.write } : {}),
  });
  const listening = Promise.withResolvers<void>();
  const server = serveResilient({
    port,
    hostname: config.hostname,
    reusePort: true,
    onListen: () => listening.resolve(),
    onAcceptError: (err) => {
      metrics.acceptFailed();
      console.error(
        `hushlink: thread ${thread}: accepting connections failed ` +
          `(${err instanceof Error ? err.message : err}); listening again shortly`,
      );
    },
  }, (req, info) => app.fetch(req, info));
  running = { kv, server, flush: log.flush, metrics };
  await listening.promise;
}

/** Stops listening, waits for the requests in flight, sends the last log lines, closes KV. */
async function stop(): Promise<void> {
  if (!running) return;
  await running.server.shutdown();
  running.flush();
  running.kv.close();
}

// A worker's global scope has the two-argument postMessage of a port (deno.json types the code
// as the main thread's `window`, whose postMessage differs).
const main: RpcPeer<MainApi, WorkerApi> = new RpcPeer<MainApi, WorkerApi>(
  self as unknown as Endpoint,
  {
    start,
    stop,
    snapshot: () => {
      if (!running) throw new Error("not started");
      return running.metrics.snapshot();
    },
  },
  wireErrors,
);
