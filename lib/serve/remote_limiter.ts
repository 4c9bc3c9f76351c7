/**
 * A worker thread's rate limiter: the counters and the HMAC key stay in the main thread's
 * {@link import("../http/rate_limit.ts").RateLimiter} (the key never leaves its memory, so a
 * worker sends the client address, never a hash). `hit` is a call to the main thread; `check`,
 * made on every request that presents a token, first reads the main thread's lock signal from
 * shared memory and asks only while some client is at its limit, so reads cost no call while
 * nobody is failing.
 * @module
 */
import type { Context } from "hono";
import { clientAddress, type Limiter } from "../http/rate_limit.ts";
import type { LimiterName, MainApi } from "./protocol.ts";
import type { RpcPeer } from "./rpc.ts";

/**
 * A {@link Limiter} that counts in the main thread.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { handleError } from "../http/errors.ts";
 * import { RateLimiter } from "../http/rate_limit.ts";
 * import type { MainApi } from "./protocol.ts";
 * import { RemoteLimiter } from "./remote_limiter.ts";
 * import { RpcPeer } from "./rpc.ts";
 * import { wireErrors } from "./wire_errors.ts";
 * const failures = new RateLimiter(1, 60_000); // in the main thread
 * const { port1, port2 } = new MessageChannel();
 * let calls = 0;
 * new RpcPeer<Record<never, never>, Pick<MainApi, "limit">>(port1, {
 *   limit: (_name, op, address) => {
 *     calls++;
 *     return op === "hit" ? failures.hitClient(address) : failures.checkClient(address);
 *   },
 * }, wireErrors);
 * const main = new RpcPeer<MainApi, Record<never, never>>(port2, {}, wireErrors);
 * port1.start();
 * port2.start();
 * const remote = new RemoteLimiter("failures", 1, failures.lockSignal(), false, main);
 * const app = new Hono().onError(handleError);
 * app.get("/check", async (c) => (await remote.check(c), c.text("ok")));
 * app.get("/fail", async (c) => (await remote.hit(c), c.text("counted")));
 * assert.equal((await app.request("/check")).status, 200);
 * assert.equal(calls, 0); // nobody at the limit: no call
 * assert.equal((await app.request("/fail")).status, 200); // the one failure allowed
 * assert.equal((await app.request("/check")).status, 429); // asked the main thread
 * assert.equal(calls, 2);
 * port1.close();
 * ```
 */
export class RemoteLimiter implements Limiter {
  readonly #name: LimiterName;
  readonly #limit: number;
  readonly #lockedUntil: BigInt64Array;
  readonly #trustProxy: boolean;
  readonly #main: RpcPeer<MainApi, unknown>;
  readonly #now: () => number;

  /**
   * The main thread's limiter `name`, whose limit is `limit` (0: off) and whose
   * {@link import("../http/rate_limit.ts").RateLimiter.lockSignal} is `lock`.
   */
  constructor(
    name: LimiterName,
    limit: number,
    lock: SharedArrayBuffer,
    trustProxy: boolean,
    main: RpcPeer<MainApi, unknown>,
    now: () => number = Date.now,
  ) {
    this.#name = name;
    this.#limit = limit;
    this.#lockedUntil = new BigInt64Array(lock);
    this.#trustProxy = trustProxy;
    this.#main = main;
    this.#now = now;
  }

  /** Counts one event for the client in the main thread (429 over the limit). */
  async hit(c: Context): Promise<void> {
    if (this.#limit === 0) return;
    await this.#main.call("limit", [this.#name, "hit", clientAddress(c, this.#trustProxy)]);
  }

  /** 429 when the client is at its limit; asks the main thread only while someone may be. */
  async check(c: Context): Promise<void> {
    if (this.#limit === 0 || Number(Atomics.load(this.#lockedUntil, 0)) <= this.#now()) return;
    await this.#main.call("limit", [this.#name, "check", clientAddress(c, this.#trustProxy)]);
  }
}
