/**
 * Per-client rate limiting without keeping addresses: a client is known only by an HMAC of its
 * address under a random key that lives in this process's memory (never exported, never stored),
 * and counters last one short window. Nothing here is logged.
 * @module
 */
import type { Context } from "hono";
import { ApiError } from "./errors.ts";

/** Counters are pruned when the table grows past this many clients. */
const PRUNE_AT = 10_000;

interface Window {
  count: number;
  resetAt: number;
}

/**
 * The client address Deno.serve reports (`c.env.remoteAddr`), or "unknown" (e.g. in-process tests).
 * Only ever passed to {@link RateLimiter}, which hashes it at once.
 */
function clientAddress(c: Context): string {
  const addr = (c.env as { remoteAddr?: { hostname?: string } } | undefined)?.remoteAddr;
  return addr?.hostname ?? "unknown";
}

/**
 * Fixed-window counters keyed by a keyed hash of the client address.
 * @example
 * ```ts
 * const creates = new RateLimiter(300, 60_000);
 * await creates.hit(c); // throws ApiError 429 once the client made 300 calls this minute
 * ```
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #key: Promise<CryptoKey>;
  readonly #windows = new Map<string, Window>();

  /** `limit` 0 disables the limiter. */
  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
    this.#key = crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]) as Promise<
      CryptoKey
    >;
  }

  /** True when no client has a counter (lets hot paths skip hashing entirely). */
  get idle(): boolean {
    return this.#limit === 0 || this.#windows.size === 0;
  }

  /** Counts one event for the client; throws 429 `rate_limited` when over the limit. */
  async hit(c: Context): Promise<void> {
    if (this.#limit === 0) return;
    const window = this.#window(await this.#client(c), true)!;
    window.count++;
    if (window.count > this.#limit) throw this.#error(window);
  }

  /** Throws 429 when the client is already over the limit, without counting. */
  async check(c: Context): Promise<void> {
    if (this.idle) return;
    const window = this.#window(await this.#client(c), false);
    if (window && window.count >= this.#limit) throw this.#error(window);
  }

  async #client(c: Context): Promise<string> {
    const mac = await crypto.subtle.sign(
      "HMAC",
      await this.#key,
      new TextEncoder().encode(clientAddress(c)),
    );
    return new Uint8Array(mac, 0, 16).toBase64();
  }

  #window(client: string, create: boolean): Window | undefined {
    const now = this.#now();
    let window = this.#windows.get(client);
    if (window && window.resetAt <= now) {
      this.#windows.delete(client);
      window = undefined;
    }
    if (!window && create) {
      if (this.#windows.size >= PRUNE_AT) this.#prune(now);
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

  #error(window: Window): ApiError {
    const retry = Math.max(1, Math.ceil((window.resetAt - this.#now()) / 1000));
    return new ApiError(429, "rate_limited", `Too many requests; retry in ${retry}s`, {
      "Retry-After": String(retry),
    });
  }
}
