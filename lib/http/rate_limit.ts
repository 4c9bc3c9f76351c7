/**
 * Per-client rate limiting without keeping addresses: a client is known only by an HMAC of its
 * address under a random key that lives in this process's memory (never exported, never stored),
 * and counters last one short window. Nothing here is logged. With several threads the counters
 * and the key live in the main thread only; worker threads send it the client address
 * (lib/serve/remote_limiter.ts), so limits stay exact across threads.
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import type { Context } from "hono";
import { HttpError } from "./errors.ts";

/** Counters are pruned when the table grows past this many clients. */
const PRUNE_AT = 10_000;

interface Window {
  count: number;
  resetAt: number;
}

/**
 * What the routes need of a rate limiter: {@link RateLimiter}, or in a worker thread one that
 * counts in the main thread (lib/serve/remote_limiter.ts). Both may answer asynchronously.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { handleError } from "./errors.ts";
 * import { type Limiter, RateLimiter } from "./rate_limit.ts";
 * const creates: Limiter = new RateLimiter(1, 60_000);
 * const app = new Hono().onError(handleError);
 * app.post("/", async (c) => {
 *   await creates.hit(c); // a route awaits either kind
 *   return c.text("ok");
 * });
 * assert.equal((await app.request("/", { method: "POST" })).status, 200);
 * assert.equal((await app.request("/", { method: "POST" })).status, 429);
 * ```
 */
export interface Limiter {
  /** Counts one event for the client; throws 429 `rate_limited` when over the limit. */
  hit(c: Context): void | Promise<void>;
  /** Throws 429 when the client is already at its limit, without counting. */
  check(c: Context): void | Promise<void>;
}

/**
 * The client address: the last `X-Forwarded-For` hop when the proxy is trusted (it appends the
 * address it saw), else what Deno.serve reports (`c.env.remoteAddr`), or "unknown" (in-process
 * tests). Only ever passed to {@link RateLimiter}, which hashes it at once.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { clientAddress } from "./rate_limit.ts";
 * const app = new Hono();
 * app.get("/", (c) => c.text(clientAddress(c, true)));
 * const res = await app.request("/", { headers: { "X-Forwarded-For": "192.0.2.7, 2001:db8::1" } });
 * assert.equal(await res.text(), "2001:db8:0:0::/64"); // the proxy's hop, as one client
 * ```
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = c.req.header("X-Forwarded-For")?.split(",");
    const last = hops?.[hops.length - 1].trim();
    if (last) return clientNetwork(last);
  }
  const addr = (c.env as { remoteAddr?: { hostname?: string } } | undefined)?.remoteAddr;
  return clientNetwork(addr?.hostname ?? "unknown");
}

/**
 * What one client is counted as: an IPv4 address (also when written IPv4-mapped, `::ffff:a.b.c.d`)
 * or the /64 network of an IPv6 address — one subscriber's allocation, inside which an address
 * costs nothing to change. Anything else is taken as it is.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { clientNetwork } from "./rate_limit.ts";
 * assert(clientNetwork("2001:db8::1") === "2001:db8:0:0::/64");
 * assert(clientNetwork("::ffff:192.0.2.1") === "192.0.2.1");
 * ```
 */
export function clientNetwork(address: string): string {
  const a = address.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1];
  if (!a.includes(":") || !/^[0-9a-f:.]+(%.*)?$/.test(a)) return a;
  const halves = a.replace(/%.*$/, "").split("::");
  if (halves.length > 2) return a;
  const groups = (text: string) => (text === "" ? [] : text.split(":"));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const all = halves.length === 2
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  const prefix = all.slice(0, 4);
  if (prefix.length < 4 || !prefix.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return a;
  return `${prefix.map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/**
 * Fixed-window counters keyed by a keyed hash of the client address. Besides the counters it
 * keeps the time until which some client is at its limit: while no one is, `check` cannot
 * refuse anyone and costs nothing (worker threads read that time from shared memory, see
 * {@link RateLimiter.lockSignal}, and skip asking the main thread).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { handleError } from "./errors.ts";
 * import { RateLimiter } from "./rate_limit.ts";
 * const creates = new RateLimiter(2, 60_000); // the server allows 300 a minute by default
 * const app = new Hono().onError(handleError);
 * app.post("/", (c) => {
 *   creates.hit(c); // throws HttpError 429 once the client made 2 calls this minute
 *   return c.text("ok");
 * });
 * const statuses: number[] = [];
 * for (let i = 0; i < 3; i++) statuses.push((await app.request("/", { method: "POST" })).status);
 * assert(statuses.join() === "200,200,429");
 * ```
 */
export class RateLimiter implements Limiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  /** HMAC-SHA256 states after absorbing the random key's inner and outer pads. */
  readonly #inner: Hash;
  readonly #outer: Hash;
  readonly #windows = new Map<string, Window>();
  readonly #trustProxy: boolean;
  /** Table size that triggers the next prune: doubles while live clients fill it. */
  #pruneAt = PRUNE_AT;
  /** Until when (ms) some client may be at its limit: the latest end of such a window. */
  #lockedUntil = 0;
  /** {@link lockSignal}'s memory, once asked for: `#lockedUntil` for other threads. */
  #shared: BigInt64Array | null = null;

  /** `limit` 0 disables the limiter; `trustProxy` reads the address from `X-Forwarded-For`. */
  constructor(limit: number, windowMs: number, now: () => number = Date.now, trustProxy = false) {
    this.#limit = limit;
    this.#trustProxy = trustProxy;
    this.#windowMs = windowMs;
    this.#now = now;
    // HMAC by hand with node:crypto (synchronous; WebCrypto's thread-pool hop costs more than the
    // hash on this hot path): the key is one random SHA-256 block, its pads absorbed once.
    const key = crypto.getRandomValues(new Uint8Array(64));
    this.#inner = createHash("sha256").update(key.map((b) => b ^ 0x36));
    this.#outer = createHash("sha256").update(key.map((b) => b ^ 0x5c));
    key.fill(0);
  }

  /** Counts one event for the client; throws 429 `rate_limited` when over the limit. */
  hit(c: Context): void {
    if (this.#limit === 0) return;
    this.hitClient(clientAddress(c, this.#trustProxy));
  }

  /** Throws 429 when the client is already at its limit, without counting. */
  check(c: Context): void {
    if (!this.#anyLocked()) return;
    this.checkClient(clientAddress(c, this.#trustProxy));
  }

  /** {@link hit} for a client address as {@link clientAddress} gives it (from a worker thread). */
  hitClient(address: string): void {
    if (this.#limit === 0) return;
    const window = this.#window(this.#client(address), true)!;
    window.count++;
    if (window.count >= this.#limit && window.resetAt > this.#lockedUntil) {
      this.#lockedUntil = window.resetAt;
      if (this.#shared) Atomics.store(this.#shared, 0, BigInt(window.resetAt));
    }
    if (window.count > this.#limit) throw this.#error(window);
  }

  /** {@link check} for a client address as {@link clientAddress} gives it. */
  checkClient(address: string): void {
    if (!this.#anyLocked()) return;
    const window = this.#window(this.#client(address), false);
    if (window && window.count >= this.#limit) throw this.#error(window);
  }

  /**
   * Shared memory holding, as one BigInt64 (ms since the epoch), the time until which some
   * client may be at its limit; kept up to date from now on. Another thread that reads a time
   * already past knows `check` would pass for anyone, without asking this one.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RateLimiter } from "./rate_limit.ts";
   * const failures = new RateLimiter(1, 60_000);
   * const lockedUntil = new BigInt64Array(failures.lockSignal()); // sent to worker threads
   * assert.equal(Atomics.load(lockedUntil, 0), 0n); // nobody at the limit: checks pass
   * failures.hitClient("192.0.2.7"); // one failure: this client is at its limit of 1
   * assert(Number(Atomics.load(lockedUntil, 0)) > Date.now()); // checks must ask now
   * ```
   */
  lockSignal(): SharedArrayBuffer {
    if (!this.#shared) {
      this.#shared = new BigInt64Array(new SharedArrayBuffer(8));
      Atomics.store(this.#shared, 0, BigInt(this.#lockedUntil));
    }
    return this.#shared.buffer as SharedArrayBuffer;
  }

  /** False when no client can be at its limit now (no window reached it, or all have ended). */
  #anyLocked(): boolean {
    return this.#limit !== 0 && this.#lockedUntil > this.#now();
  }

  #client(address: string): string {
    const inner = this.#inner.copy().update(address).digest();
    return this.#outer.copy().update(inner).digest("base64").slice(0, 22);
  }

  #window(client: string, create: boolean): Window | undefined {
    const now = this.#now();
    let window = this.#windows.get(client);
    if (window && window.resetAt <= now) {
      this.#windows.delete(client);
      window = undefined;
    }
    if (!window && create) {
      if (this.#windows.size >= this.#pruneAt) {
        this.#prune(now);
        // Scanning again only once the table has doubled keeps a flood of new clients (all
        // still inside their window) from costing a full scan per request.
        this.#pruneAt = Math.max(PRUNE_AT, this.#windows.size * 2);
      }
      window = { count: 0, resetAt: now + this.#windowMs };
      this.#windows.set(client, window);
    }
    return window;
  }

  #prune(now: number): void {
    for (const [client, window] of this.#windows) {
      if (window.resetAt <= now) this.#windows.delete(client);
    }
  }

  #error(window: Window): HttpError {
    const retry = Math.max(1, Math.ceil((window.resetAt - this.#now()) / 1000));
    return new HttpError("rate_limited", `Too many requests; retry in ${retry}s`, {
      "Retry-After": String(retry),
    });
  }
}
