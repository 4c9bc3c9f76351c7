/**
 * What the server's threads ask of each other (lib/serve/rpc.ts carries the calls): worker
 * threads ask the main thread to write, to count rate limits, to register their downloads, for
 * every thread's metrics and to print their access-log lines; the main thread starts its workers,
 * asks them for their metrics and tells them to stop.
 * @module
 */
import type { Config } from "../config.ts";
import type { MetricsSnapshot } from "../metrics.ts";
import type { ShareAccess } from "../store/shares.ts";

/** The rate limiters a worker thread counts with in the main thread. */
export type LimiterName = "creates" | "failures";

/**
 * What the main thread serves its workers. The share methods are its {@link ShareAccess}, the
 * writes; a worker reads by itself.
 */
export interface MainApi extends Omit<ShareAccess, "info"> {
  /** Registers a download of share `id` that the worker streams; answers its number. */
  streamBegin(id: string): number;
  /** Ends the registration numbered `registration` (the download finished or was cancelled). */
  streamEnd(registration: number): void;
  /** `hitClient` or `checkClient` of a limiter, for a client address (throws 429). */
  limit(limiter: LimiterName, op: "hit" | "check", address: string): void;
  /** Every thread's counters, the main thread's first. */
  metrics(): Promise<MetricsSnapshot[]>;
  /** Whole access-log lines, encoded, each ending in a newline, for stdout. */
  log(lines: Uint8Array): void;
}

/** What a worker thread needs to start. */
export interface WorkerInit {
  /** 1 for the first worker thread (0 is the main thread). */
  thread: number;
  config: Config;
  /** The port the main thread listens on (`config.port` may be 0). */
  port: number;
  /** Each limiter's {@link import("../http/rate_limit.ts").RateLimiter.lockSignal}. */
  locks: Record<LimiterName, SharedArrayBuffer>;
}

/** What a worker thread serves the main thread. */
export interface WorkerApi {
  /** Opens KV, builds the app and listens; resolves once it does. */
  start(init: WorkerInit): Promise<void>;
  /** This thread's counters. */
  snapshot(): MetricsSnapshot;
  /** Stops listening, lets in-flight requests finish, closes KV; resolves once done. */
  stop(): Promise<void>;
}
