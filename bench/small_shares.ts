/**
 * The 1 KiB shares of the load bench, and a Deno load generator for them (used when wrk is not
 * installed). Every share's content is known from two numbers — the client that made it (`tid`)
 * and that client's counter (`c`) — so each read can be checked byte for byte without keeping
 * what was sent: 9 bytes `tid, c (u32 BE), run nonce (4 bytes)` followed by 1,015 fixed random
 * bytes of the run. Read tokens come from a pool of 1,024 random tokens, picked by `(tid, c)`.
 * bench/wrk_shares.lua follows exactly the same scheme.
 * @module
 */

import { toBase64url } from "../lib/crypto/mod.ts";

/**
 * Size of one small share's content in bytes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SHARE_BYTES, ShareSet } from "./small_shares.ts";
 * assert((await ShareSet.create()).bytes(0, 0).length === SHARE_BYTES);
 * ```
 */
export const SHARE_BYTES = 1024;
const PREFIX = 9;
const TOKENS = 1024;

/** One measured load phase (create or read). Latencies are milliseconds, CPU times seconds. */
export interface Phase {
  /** Which load generator ran it. */
  tool: "wrk" | "deno";
  /** Concurrent clients (connections). */
  clients: number;
  /** Completed requests. */
  requests: number;
  /** Wall time of the phase. */
  seconds: number;
  /** requests / seconds. */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Transport errors, timeouts and unexpected statuses. */
  errors: number;
  /** 201 without an id (create) or a body that differs from what was created (read). */
  mismatches: number;
  /** CPU seconds the load generator used during the phase, when known. */
  clientCpu: number | null;
  /** CPU seconds the server process used during the phase, when known. */
  serverCpu: number | null;
  /** Of those, the CPU seconds of its main thread (JavaScript and the HTTP event loop). */
  serverMainCpu: number | null;
  /**
   * Of the phase's seconds, those the server's main thread was ready to run but waited for a
   * core (taken by the load generator or the server's other threads), when known.
   */
  serverMainWaited: number | null;
  /** CPU seconds every process on the machine used during the phase (others' work included). */
  machineCpu: number | null;
  /** Of those, the seconds the host gave the machine's CPUs to other work (steal), when known. */
  machineSteal: number | null;
}

/** A share created in the create phase: who made it, with which counter, and its id. */
export interface Created {
  tid: number;
  c: number;
  id: string;
}

/** The content, tokens and request bodies of one run's small shares. */
export class ShareSet {
  /** 4 random bytes that make this run's contents differ from any earlier run's. */
  readonly nonce: Uint8Array<ArrayBuffer> = crypto.getRandomValues(new Uint8Array(4));
  /** The 1,015 bytes every share ends with. */
  readonly fixed: Uint8Array<ArrayBuffer> = crypto.getRandomValues(
    new Uint8Array(SHARE_BYTES - PREFIX),
  );
  /** Read tokens (base64url) and their SHA-256 hashes (base64url), index-aligned. */
  readonly tokens: string[] = [];
  readonly hashes: string[] = [];
  #fixedB64 = toBase64url(this.fixed);

  private constructor() {}

  /**
   * Makes a fresh set (random tokens, nonce and content).
   * @example
   * ```ts
   * import { ShareSet } from "./small_shares.ts";
   * const set = await ShareSet.create();
   * const body = set.createBody(0, 0);
   * ```
   */
  static async create(): Promise<ShareSet> {
    const set = new ShareSet();
    for (let i = 0; i < TOKENS; i++) {
      const token = crypto.getRandomValues(new Uint8Array(32));
      set.tokens.push(toBase64url(token));
      set.hashes.push(toBase64url(new Uint8Array(await crypto.subtle.digest("SHA-256", token))));
    }
    return set;
  }

  /** Index into the token pool for share `(tid, c)`. */
  tokenIndex(tid: number, c: number): number {
    return (tid * 131 + c) % TOKENS;
  }

  /** The content of share `(tid, c)`. */
  bytes(tid: number, c: number): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(SHARE_BYTES);
    out[0] = tid;
    new DataView(out.buffer).setUint32(1, c);
    out.set(this.nonce, 5);
    out.set(this.fixed, PREFIX);
    return out;
  }

  /** The JSON body creating share `(tid, c)` in one request (data inline, one hour, no view cap). */
  createBody(tid: number, c: number): string {
    // PREFIX is a multiple of 3, so base64url(prefix) + base64url(fixed) = base64url(both).
    const data = toBase64url(this.bytes(tid, c).subarray(0, PREFIX)) + this.#fixedB64;
    return `{"readTokenHash":"${
      this.hashes[this.tokenIndex(tid, c)]
    }","expiresIn":3600,"data":"${data}"}`;
  }

  /** `Authorization` header value reading share `(tid, c)`. */
  authorization(tid: number, c: number): string {
    return `Bearer ${this.tokens[this.tokenIndex(tid, c)]}`;
  }

  /**
   * Writes what bench/wrk_shares.lua reads: tokens.txt (`token hash` lines), fixed.bin, fixed.b64
   * and nonce.bin.
   */
  async writeFiles(dir: string): Promise<void> {
    const lines = this.tokens.map((t, i) => `${t} ${this.hashes[i]}\n`).join("");
    await Deno.writeTextFile(`${dir}/tokens.txt`, lines);
    await Deno.writeFile(`${dir}/fixed.bin`, this.fixed);
    await Deno.writeTextFile(`${dir}/fixed.b64`, this.#fixedB64);
    await Deno.writeFile(`${dir}/nonce.bin`, this.nonce);
  }
}

/**
 * The value at fraction `p` of an ascending list (0 for an empty one).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentile } from "./small_shares.ts";
 * assert.equal(percentile([1, 2, 3, 4], 0.5), 3);
 * ```
 */
export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs `clients` loops of `step(tid)` for `seconds`; each step answers "ok", "error" or "mismatch". */
async function drive(
  clients: number,
  seconds: number,
  step: (tid: number) => Promise<"ok" | "error" | "mismatch">,
): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  let mismatches = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, tid) => {
    while (performance.now() < end) {
      const t = performance.now();
      const outcome = await step(tid).catch(() => "error" as const);
      latencies.push(performance.now() - t);
      if (outcome === "error") errors++;
      if (outcome === "mismatch") mismatches++;
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    tool: "deno",
    clients,
    requests: latencies.length,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    errors,
    mismatches,
    clientCpu: null,
    serverCpu: null,
    serverMainCpu: null,
    serverMainWaited: null,
    machineCpu: null,
    machineSteal: null,
  };
}

/**
 * Deno load generator, create phase: `clients` clients create shares for `seconds`.
 * @example
 * ```ts
 * import { denoCreate, ShareSet } from "./small_shares.ts";
 * declare const origin: string; // a running server, e.g. "http://127.0.0.1:8000"
 * const set = await ShareSet.create();
 * const { phase, created } = await denoCreate(origin, set, 50, 5);
 * console.log(phase, created.flat().length);
 * ```
 */
export async function denoCreate(
  origin: string,
  set: ShareSet,
  clients: number,
  seconds: number,
): Promise<{ phase: Phase; created: Created[][] }> {
  const created: Created[][] = Array.from({ length: clients }, () => []);
  const counters = new Array(clients).fill(0);
  const phase = await drive(clients, seconds, async (tid) => {
    const c = counters[tid]++;
    const res = await fetch(`${origin}/api/shares`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: set.createBody(tid, c),
    });
    if (res.status !== 201) {
      await res.body?.cancel();
      return "error";
    }
    const { id } = await res.json();
    if (typeof id !== "string") return "mismatch";
    created[tid].push({ tid, c, id });
    return "ok";
  });
  return { phase, created };
}

/**
 * Deno load generator, read phase: client `tid` reads the shares it created, in order and round
 * again, checking every body. `covered[tid]` tells how many of its shares it read at least once.
 * @example
 * ```ts
 * import { type Created, denoRead, type ShareSet } from "./small_shares.ts";
 * declare const origin: string; // a running server, e.g. "http://127.0.0.1:8000"
 * declare const set: ShareSet, created: Created[][]; // from denoCreate(origin, set, 50, 5)
 * const { phase, covered } = await denoRead(origin, set, created, 5);
 * console.log(phase, covered);
 * ```
 */
export async function denoRead(
  origin: string,
  set: ShareSet,
  created: Created[][],
  seconds: number,
): Promise<{ phase: Phase; covered: number[] }> {
  const reads = new Array(created.length).fill(0);
  const phase = await drive(created.length, seconds, async (tid) => {
    const mine = created[tid];
    if (mine.length === 0) return "error";
    const share = mine[reads[tid]++ % mine.length];
    return await readOne(origin, set, share);
  });
  return { phase, covered: reads.map((n, tid) => Math.min(n, created[tid].length)) };
}

async function readOne(
  origin: string,
  set: ShareSet,
  share: Created,
): Promise<"ok" | "error" | "mismatch"> {
  const res = await fetch(`${origin}/api/shares/${share.id}/content`, {
    headers: { Authorization: set.authorization(share.tid, share.c) },
  });
  if (res.status !== 200) {
    await res.body?.cancel();
    return "error";
  }
  return bytesEqual(await res.bytes(), set.bytes(share.tid, share.c)) ? "ok" : "mismatch";
}

/**
 * Reads (untimed, 16 at a time) every created share the read phase did not reach, so that every
 * share is checked byte for byte. Returns how many it read and how many failed.
 * @example
 * ```ts
 * import { type Created, type ShareSet, verifyRest } from "./small_shares.ts";
 * declare const origin: string; // a running server, e.g. "http://127.0.0.1:8000"
 * declare const set: ShareSet, created: Created[][]; // from denoCreate(origin, set, 50, 5)
 * declare const covered: number[]; // from denoRead(origin, set, created, 5)
 * const rest = await verifyRest(origin, set, created, covered);
 * console.log(rest.checked, rest.failed);
 * ```
 */
export async function verifyRest(
  origin: string,
  set: ShareSet,
  created: Created[][],
  covered: number[],
): Promise<{ checked: number; failed: number }> {
  const rest = created.flatMap((mine, tid) => mine.slice(covered[tid] ?? 0));
  let next = 0;
  let failed = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < rest.length) {
      const outcome = await readOne(origin, set, rest[next++]).catch(() => "error");
      if (outcome !== "ok") failed++;
    }
  }));
  return { checked: rest.length, failed };
}
