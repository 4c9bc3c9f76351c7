/**
 * The main thread's side of a multi-threaded server. main.ts serves HTTP in the main thread as in
 * a single-threaded server and, with `WORKERS` above 1, starts `WORKERS - 1` worker threads
 * (./worker.ts) that listen on the same port (`SO_REUSEPORT`: the kernel spreads connections over
 * the threads) and build the same app. The main thread alone writes to KV, counts rate limits and
 * runs the store's background work; it serves its workers' calls (./protocol.ts) for that.
 * @module
 */
import { type Config, isKvUrl } from "../config.ts";
import type { Metrics, MetricsSnapshot } from "../metrics.ts";
import { mainHandlers, type MainServices } from "./main_api.ts";
import type { MainApi, WorkerApi } from "./protocol.ts";
import { RpcPeer } from "./rpc.ts";
import { wireErrors } from "./wire_errors.ts";

/**
 * How many threads serve HTTP: `config.workers` for a local KV file on Linux, else 1 — Deno
 * Deploy runs isolates of its own, a KV Connect store has no file to share, and port sharing
 * (`SO_REUSEPORT`) spreads connections only on Linux. `why` says why fewer threads than asked.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../config.ts";
 * import { serverThreads } from "./threads.ts";
 * const local = loadConfig({ WORKERS: "2" });
 * assert.equal(serverThreads(local, false, "linux").count, 2);
 * assert.equal(serverThreads(local, true, "linux").count, 1); // Deno Deploy
 * const kvConnect = loadConfig({ WORKERS: "2", KV_PATH: "https://kv.example" });
 * assert.match(serverThreads(kvConnect, false, "linux").why ?? "", /KV Connect/);
 * ```
 */
export function serverThreads(
  config: Config,
  onDeploy: boolean,
  os: typeof Deno.build.os = Deno.build.os,
): { count: number; why: string | null } {
  if (config.workers === 1) return { count: 1, why: null };
  const why = onDeploy
    ? "Deno Deploy runs one thread per isolate"
    : isKvUrl(config.kvPath)
    ? "a KV Connect store is served by one thread"
    : os !== "linux"
    ? "threads share the port only on Linux"
    : null;
  return { count: why ? 1 : config.workers, why };
}

/**
 * Binds `port` alone for a moment and returns it (the port given, or the one picked for 0). A
 * shared listener (`reusePort`) would also bind beside another server already sharing the port —
 * a second hushlink started by mistake would then take half the connections and write to KV too;
 * this bind fails instead, as a single-threaded server's would.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { claimPort } from "./threads.ts";
 * const port = claimPort(0, "127.0.0.1"); // a free port, released again
 * const taken = Deno.listen({ port, hostname: "127.0.0.1" });
 * assert.throws(() => claimPort(port, "127.0.0.1"), Deno.errors.AddrInUse);
 * taken.close();
 * ```
 */
export function claimPort(port: number, hostname: string): number {
  const probe = Deno.listen({ port, hostname });
  const claimed = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return claimed;
}

/** What the main thread starts its workers with and serves them with. */
export interface MainDeps extends MainServices {
  config: Config;
  /** The port the main thread listens on. */
  port: number;
  /** The main thread's counters. */
  metrics: Metrics;
}

/** One running worker thread. */
interface Thread {
  worker: Worker;
  peer: RpcPeer<WorkerApi, MainApi>;
}

/**
 * The worker threads of a server.
 * @example
 * ```ts ignore
 * // main.ts, with config.workers = 2 (see lib/serve/ for the whole set-up):
 * const threads = await WorkerThreads.start(1, { config, port, store, limiters, metrics, log });
 * const all = await threads.snapshots(); // the main thread's counters, then the worker's
 * await threads.stop(); // on SIGTERM, with the main thread's own server.shutdown()
 * ```
 */
export class WorkerThreads {
  readonly #threads: Thread[];
  readonly #metrics: Metrics;

  private constructor(threads: Thread[], metrics: Metrics) {
    this.#threads = threads;
    this.#metrics = metrics;
  }

  /**
   * Starts `count` worker threads and resolves once each listens; rejects (after stopping any
   * that started) when one cannot start, e.g. without read permission for the server's code.
   */
  static async start(count: number, deps: MainDeps): Promise<WorkerThreads> {
    const threads = new WorkerThreads([], deps.metrics);
    const started = Array.from(
      { length: count },
      (_, i) => spawn(i + 1, deps, () => threads.snapshots()),
    );
    threads.#threads.push(...started.map((t) => t.thread));
    const failed = (await Promise.allSettled(started.map((t) => t.ready)))
      .find((r) => r.status === "rejected");
    if (failed) {
      await threads.stop();
      throw failed.reason;
    }
    return threads;
  }

  /** Every thread's counters: the main thread's, then each worker's (a dead one's left out). */
  async snapshots(): Promise<MetricsSnapshot[]> {
    const workers = await Promise.allSettled(
      this.#threads.map(({ peer }) => peer.call("snapshot", [])),
    );
    return [
      this.#metrics.snapshot(),
      ...workers.flatMap((r) => r.status === "fulfilled" ? [r.value] : []),
    ];
  }

  /**
   * Tells every worker to stop listening and finish its in-flight requests, waits for them
   * (the main thread keeps serving their calls meanwhile), then ends the threads.
   */
  async stop(): Promise<void> {
    await Promise.allSettled(this.#threads.map(({ peer }) => peer.call("stop", [])));
    for (const { worker } of this.#threads) worker.terminate();
  }
}

/** Starts worker thread `thread`; `ready` settles once it listens or failed to start. */
function spawn(
  thread: number,
  deps: MainDeps,
  snapshots: () => Promise<MetricsSnapshot[]>,
): { thread: Thread; ready: Promise<void> } {
  const worker = new Worker(new URL("./worker.ts", import.meta.url), {
    type: "module",
    name: `hushlink-${thread}`,
  });
  const { handlers, release } = mainHandlers(deps, snapshots);
  const peer = new RpcPeer<WorkerApi, MainApi>(worker, handlers, wireErrors);
  let listening = false;
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    peer.fail(new Error(event.message));
    worker.terminate();
    release(); // its downloads are gone with it: deletes must not wait for them
    if (listening) {
      console.error(
        `hushlink: worker thread ${thread} failed: ${event.message}; the others serve on`,
      );
    }
  });
  const ready = peer.call("start", [{
    thread,
    config: deps.config,
    port: deps.port,
    locks: {
      creates: deps.limiters.creates.lockSignal(),
      failures: deps.limiters.failures.lockSignal(),
    },
  }]).then(() => {
    listening = true;
  }, (err) => {
    throw new Error(`worker thread ${thread} could not start: ${err.message}`, { cause: err });
  });
  return { thread: { worker, peer }, ready };
}
