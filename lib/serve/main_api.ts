/**
 * What the main thread does for a worker thread (the {@link MainApi} it serves): its store's
 * writes, its rate limiters' counting, the registry of the worker's downloads, every thread's
 * metrics, and stdout for the worker's access-log lines.
 * @module
 */
import type { LineWriter } from "../http/access_log.ts";
import type { RateLimiter } from "../http/rate_limit.ts";
import type { MetricsSnapshot } from "../metrics.ts";
import type { ShareStore } from "../store/shares.ts";
import type { LimiterName, MainApi } from "./protocol.ts";
import { type Handlers, Transfer } from "./rpc.ts";

/** The main thread's parts that serve worker threads. */
export interface MainServices {
  store: ShareStore;
  limiters: Record<LimiterName, RateLimiter>;
  /** stdout's access-log writer; workers' lines go through it whole. */
  log: LineWriter;
}

/**
 * The handlers the main thread serves one worker thread with, and `release`, which ends the
 * downloads that worker registered (when it died: deletes must not wait for them).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLimiters, createStore } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * import { lineWriter } from "../http/access_log.ts";
 * import { mainHandlers } from "./main_api.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const config = loadConfig({ RATE_LIMIT_CREATES: "1" });
 * const store = createStore(kv, config);
 * const log = lineWriter({ writeSync: (p) => p.length });
 * const { handlers } = mainHandlers(
 *   { store, limiters: createLimiters(config), log },
 *   () => Promise.resolve([]),
 * );
 * handlers.limit("creates", "hit", "192.0.2.7"); // a worker's client creates once: allowed
 * assert.throws(() => handlers.limit("creates", "hit", "192.0.2.7"), { code: "rate_limited" });
 * ```
 */
export function mainHandlers(
  services: MainServices,
  snapshots: () => Promise<MetricsSnapshot[]>,
): { handlers: Handlers<MainApi>; release(): void } {
  const { store, limiters, log } = services;
  const streams = new Map<number, () => void>();
  let registrations = 0;
  const handlers: Handlers<MainApi> = {
    create: (input) => store.create(input),
    open: async (id, readHash, range) => {
      const content = await store.open(id, readHash, range);
      // A chunked share's stream moves to the worker, which sends it on; read here as it goes.
      return content.body instanceof ReadableStream
        ? new Transfer(content, [content.body])
        : content;
    },
    delete: (id, deleteHash) => store.delete(id, deleteHash),
    putPart: (...args) => store.putPart(...args),
    complete: (...args) => store.complete(...args),
    streamBegin: (id) => {
      const registration = registrations++;
      streams.set(registration, store.trackStream(id));
      return registration;
    },
    streamEnd: (registration) => {
      streams.get(registration)?.();
      streams.delete(registration);
    },
    limit: (name, op, address) => {
      const limiter = limiters[name];
      if (op === "hit") limiter.hitClient(address);
      else limiter.checkClient(address);
    },
    metrics: snapshots,
    log: (lines) => log.writeEncoded(lines),
  };
  return {
    handlers,
    release() {
      for (const ended of streams.values()) ended();
      streams.clear();
    },
  };
}
