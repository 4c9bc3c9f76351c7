/**
 * Entry point: reads the configuration from the environment, opens Deno KV, serves the app, and
 * shuts down gracefully.
 *
 * - KV: on Deno Deploy (`DENO_DEPLOYMENT_ID` set) the app's attached database, `KV_PATH` ignored;
 *   a `KV_PATH` starting with `http://` or `https://` is a KV Connect URL (Deno reads
 *   `DENO_KV_ACCESS_TOKEN` itself); anything else is a local file, its directory created.
 * - Permissions: the start task grants only what the server uses (see deno.json and
 *   docs/DEPLOY.md); a denied permission stops start-up with a message naming the flag to add.
 * - Threads: `WORKERS` threads serve HTTP (one per core but one by default; lib/serve/): this
 *   one, which alone writes to KV, counts rate limits and runs the store's background work, and
 *   `WORKERS - 1` worker threads on the same port that read KV themselves and ask this thread for
 *   the rest. One thread on Deno Deploy, with KV Connect, or off Linux.
 * - Shutdown: on SIGTERM or SIGINT the server stops accepting connections (in every thread), lets
 *   in-flight requests finish — downloads included — for up to {@link SHUTDOWN_GRACE_MS}, waits
 *   for the store's background work, closes KV and exits 0 (1 if it had to cut requests off; a
 *   second signal exits at once).
 * @module
 */
import { createApp, createLimiters, createStore } from "./lib/app.ts";
import { ConfigError, isKvUrl, kvDirectory, loadConfig } from "./lib/config.ts";
import { HushlinkError } from "./lib/crypto/errors.ts";
import { lineWriter } from "./lib/http/access_log.ts";
import { type ResilientServer, serveResilient } from "./lib/http/listener.ts";
import { Metrics } from "./lib/metrics.ts";
import { claimPort, type MainDeps, serverThreads, WorkerThreads } from "./lib/serve/threads.ts";
import { openKvFile } from "./lib/store/kv_file.ts";

/**
 * How long in-flight requests may take to finish after a shutdown signal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SHUTDOWN_GRACE_MS } from "./main.ts";
 * // On SIGTERM the server stops listening, then: setTimeout(() => Deno.exit(1), SHUTDOWN_GRACE_MS)
 * assert.equal(SHUTDOWN_GRACE_MS, 30_000);
 * ```
 */
export const SHUTDOWN_GRACE_MS = 30_000;

/**
 * Start-up failed for a reason the operator must fix; the message says how.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StartupError } from "./main.ts";
 * const e = new StartupError("permission_denied", "not allowed to read PORT: add it to --allow-env");
 * assert.equal(e.code, "permission_denied");
 * ```
 */
export class StartupError extends HushlinkError {
  /**
   * Creates the error; `code` is `permission_denied`, `bad_config`, `kv_unavailable` or
   * `thread_failed`.
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** True for the errors Deno raises when a permission flag is missing. */
function isDenied(err: unknown): boolean {
  return err instanceof Deno.errors.NotCapable || err instanceof Deno.errors.PermissionDenied;
}

/**
 * The environment as a record whose properties are read one by one with `Deno.env.get`, so that
 * the server needs `--allow-env` only for the variables it actually reads (`Deno.env.toObject()`
 * would need all of them), and a variable missing from the list is named.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { environment } from "./main.ts";
 * import { loadConfig } from "./lib/config.ts";
 * // The default reads Deno.env.get(name); here a fixed environment.
 * const config = loadConfig(environment((name) => name === "PORT" ? "9000" : undefined));
 * assert.equal(config.port, 9000);
 * ```
 */
export function environment(
  get: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Record<string, string | undefined> {
  return new Proxy({}, {
    get(_target, name) {
      if (typeof name !== "string") return undefined;
      try {
        return get(name);
      } catch (err) {
        if (!isDenied(err)) throw err;
        throw new StartupError(
          "permission_denied",
          `not allowed to read the environment variable ${name}: add it to --allow-env ` +
            `(the start task in deno.json lists every variable the server reads)`,
          { cause: err },
        );
      }
    },
  }) as Record<string, string | undefined>;
}

/**
 * Opens the KV store: Deploy's attached database there, a KV Connect server for an http(s) URL,
 * else the local file (creating its directory).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openKv } from "./main.ts";
 * const dir = await Deno.makeTempDir(); // the start task uses data/hushlink.kv
 * {
 *   await using kv = await openKv(`${dir}/db/hushlink.kv`, false); // creates db/
 *   await kv.set(["hello"], "world");
 *   assert.equal((await kv.get(["hello"])).value, "world");
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openKv(path: string, onDeploy: boolean): Promise<Deno.Kv> {
  try {
    if (onDeploy) return await Deno.openKv();
    if (isKvUrl(path)) return await Deno.openKv(path);
    await Deno.mkdir(kvDirectory(path), { recursive: true });
    return await openKvFile(path);
  } catch (err) {
    const where = onDeploy ? "Deno Deploy's KV database" : `the KV store at ${path}`;
    if (isDenied(err)) {
      const flags = isKvUrl(path)
        ? "--allow-net for its host and --allow-env=DENO_KV_ACCESS_TOKEN"
        : "--allow-read and --allow-write for its directory (deno task start grants them)";
      throw new StartupError(
        "permission_denied",
        `not allowed to open ${where}: run with ${flags}`,
        { cause: err },
      );
    }
    throw new StartupError(
      "kv_unavailable",
      `cannot open ${where}: ${err instanceof Error ? err.message : err}` +
        (onDeploy ? " (is a KV database assigned to the app?)" : ""),
      { cause: err },
    );
  }
}

/**
 * Registers `handler` for SIGTERM and SIGINT where the platform has them. Windows has no SIGTERM
 * (adding it throws) and a runtime may lack `Deno.addSignalListener` altogether; the server then
 * simply runs until it is killed.
 */
function onSignals(handler: (signal: Deno.Signal) => void): void {
  if (typeof Deno.addSignalListener !== "function") return;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    try {
      Deno.addSignalListener(signal, () => handler(signal));
    } catch {
      // Not supported here (SIGTERM on Windows).
    }
  }
}

/** Starts the server; resolves once it listens. */
async function main(): Promise<void> {
  const env = environment();
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new StartupError("bad_config", `bad configuration: ${err.message}`, { cause: err });
  }
  const onDeploy = Boolean(env.DENO_DEPLOYMENT_ID);
  if (onDeploy && env.KV_PATH) {
    console.error("hushlink: KV_PATH is ignored on Deno Deploy (the app's KV database is used)");
  }
  const threads = serverThreads(config, onDeploy);
  const kv = await openKv(config.kvPath, onDeploy);
  const store = createStore(kv, config);
  const log = lineWriter();
  const metrics = new Metrics();
  const limiters = createLimiters(config);
  let workers: WorkerThreads | null = null;
  const app = createApp({
    kv,
    config,
    store,
    metrics,
    limiters,
    ...(config.accessLog ? { accessLog: log.write } : {}),
    snapshots: () => workers?.snapshots() ?? Promise.resolve([metrics.snapshot()]),
  });

  // Registered before anything listens: from the first request on, a signal stops the server
  // gracefully, whatever of it has started.
  let server: ResilientServer | null = null;
  let starting: Promise<WorkerThreads | null> = Promise.resolve(null);
  let stopping = false;
  onSignals(async (signal) => {
    if (stopping) {
      console.error(`hushlink: ${signal} again, exiting now`);
      log.flush();
      Deno.exit(1);
    }
    stopping = true;
    console.error(
      `hushlink: ${signal}: finishing in-flight requests (up to ${SHUTDOWN_GRACE_MS / 1000} s)`,
    );
    const cutOff = setTimeout(() => {
      console.error("hushlink: requests still running after the grace period; exiting");
      log.flush();
      Deno.exit(1);
    }, SHUTDOWN_GRACE_MS);
    await Promise.all([server?.shutdown(), starting.then((w) => w?.stop(), () => {})]);
    await store.idle();
    clearTimeout(cutOff);
    kv.close();
    log.flush();
    console.error("hushlink: stopped");
    Deno.exit(0);
  });

  try {
    // The worker threads start first, so that the server answers once all of it is up; they
    // listen on this thread's port, so port 0 must become one port first.
    const port = threads.count > 1 ? claimPort(config.port, config.hostname) : config.port;
    if (threads.count > 1) {
      starting = startWorkers(threads.count - 1, { config, port, store, limiters, metrics, log });
      workers = await starting;
      if (stopping) return; // a signal came while they started: it stops them
    }
    server = serveResilient({
      port,
      hostname: config.hostname,
      reusePort: threads.count > 1,
      onListen: ({ port }) => {
        // Status lines go to stderr: stdout carries only access-log JSON lines.
        const count = threads.count === 1 ? "1 thread" : `${threads.count} threads`;
        const why = threads.why ? `: ${threads.why}` : "";
        console.error(`hushlink listening on http://localhost:${port}/ (${count}${why})`);
      },
      onAcceptError: (err) => {
        metrics.acceptFailed();
        console.error(
          `hushlink: accepting connections failed (${err instanceof Error ? err.message : err}); ` +
            "listening again shortly (put a proxy in front to limit idle connections)",
        );
      },
    }, (req, info) => app.fetch(req, info));
  } catch (err) {
    await workers?.stop();
    kv.close();
    if (!isDenied(err)) throw err;
    throw new StartupError(
      "permission_denied",
      `not allowed to listen on port ${config.port}: run with --allow-net`,
      { cause: err },
    );
  }
}

/** Starts the worker threads; a thread that cannot start stops start-up saying what to do. */
async function startWorkers(count: number, deps: MainDeps): Promise<WorkerThreads> {
  try {
    return await WorkerThreads.start(count, deps);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const hint = /read access/.test(message)
      ? "worker threads load the server's code from lib/, routes/, components/ and islands/, " +
        "which the start task allows reading; "
      : "";
    throw new StartupError(
      "thread_failed",
      `${message} (${hint}WORKERS=1 serves from one thread)`,
      { cause: err },
    );
  }
}

if (import.meta.main) {
  try {
    await main();
  } catch (err) {
    if (err instanceof StartupError) {
      console.error(`hushlink: ${err.message}`);
      Deno.exit(1);
    }
    if (isDenied(err)) {
      console.error(
        `hushlink: ${err instanceof Error ? err.message : err} ` +
          "(the start task in deno.json and docs/DEPLOY.md list the permissions the server needs)",
      );
      Deno.exit(1);
    }
    throw err;
  }
}
