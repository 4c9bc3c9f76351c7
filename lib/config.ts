/**
 * Server configuration, read once from environment variables. Every value is checked at start-up
 * so a typo stops the server with a message naming the variable instead of failing later.
 * @module
 */
import { HushlinkError } from "./crypto/errors.ts";
import { DURATION_FORMS, parseDuration } from "./duration.ts";

import { PART_SIZE, type ServerConfig } from "./api/mod.ts";

/**
 * The default `MAX_SHARE_BYTES`: 1088 MiB of ciphertext, so that a 1 GiB file fits with its
 * padding (up to ~3 % at that size) and framing (see `largestFile` in lib/crypto).
 */
const DEFAULT_MAX_SHARE_BYTES = 1088 * 1024 * 1024;

/** Where the KV file lies when `KV_PATH` is not set (relative to the working directory). */
const DEFAULT_KV_PATH = "data/hushlink.kv";

/** Whether a `KV_PATH` names a KV Connect server (`http://` or `https://`) rather than a file. */
export function isKvUrl(kvPath: string): boolean {
  return /^https?:\/\//i.test(kvPath);
}

/**
 * The directory the server must be allowed to read and write for a `KV_PATH` setting: the KV file's
 * directory (SQLite keeps its `-wal` and `-shm` files beside it, and main.ts creates it), or
 * `data` when the store is not a local file or `KV_PATH` is not valid (start-up then stops on the
 * configuration error). `deno task start` asks for it to widen its permissions to exactly that
 * directory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kvDirectory } from "./config.ts";
 * assert.equal(kvDirectory(undefined), "data"); // KV_PATH not set
 * assert.equal(kvDirectory("/srv/hushlink/kv.sqlite3"), "/srv/hushlink");
 * assert.equal(kvDirectory("hushlink.kv"), ".");
 * assert.equal(kvDirectory("https://kv.example:4512"), "data");
 * ```
 */
export function kvDirectory(kvPathSetting: string | undefined): string {
  const kvPath = kvPathSetting?.trim() || DEFAULT_KV_PATH;
  if (isKvUrl(kvPath) || kvPath.includes(",")) return "data";
  const slash = kvPath.lastIndexOf("/");
  return slash < 0 ? "." : slash === 0 ? "/" : kvPath.slice(0, slash);
}

/** The whole server configuration. Durations are in seconds. */
export interface Config {
  /** Port to listen on. */
  port: number;
  /** Address to listen on: `0.0.0.0` (every interface) or, behind a local proxy, `127.0.0.1`. */
  hostname: string;
  /** Path of the local Deno KV file. */
  kvPath: string;
  /** Origin used in links when the server sits behind a proxy, without a trailing slash. */
  publicUrl: string | null;
  /** Largest share in ciphertext bytes. */
  maxShareBytes: number;
  /**
   * Most ciphertext bytes all live shares may hold together, uploads in progress included
   * (0 = unlimited); creating a share beyond it answers 507 `storage_full`.
   */
  maxStorageBytes: number;
  /** Lifetime of a share when the client names none. */
  defaultExpires: number;
  /** Longest lifetime a client may ask for. */
  maxExpires: number;
  /** Largest view limit a client may set. */
  maxViews: number;
  /** When set, creating a share requires `Authorization: Bearer <uploadToken>`. */
  uploadToken: string | null;
  /** Bytes per upload part (every part but the last has exactly this size). */
  partSize: number;
  /** Time an upload may take from create to complete before it is swept. */
  uploadTtl: number;
  /** Time a request body may send nothing before the request is cut off with 408. */
  bodyTimeout: number;
  /** Share creations allowed per client per rate-limit window (0 = unlimited). */
  rateLimitCreates: number;
  /** Failed token attempts allowed per client per rate-limit window (0 = unlimited). */
  rateLimitFailures: number;
  /** Length of one rate-limit window. */
  rateLimitWindow: number;
  /** Take the client address from the last `X-Forwarded-For` hop (behind a trusted proxy). */
  trustProxy: boolean;
  /** Write one JSON access-log line per request to stdout (`ACCESS_LOG`, on unless `0`). */
  accessLog: boolean;
  /** When set, `GET /metrics` requires `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | null;
  /**
   * Threads that serve HTTP (`WORKERS`, one per core but one by default): the main thread, which alone
   * writes to KV, and `workers - 1` worker threads. More than one only with a local KV file on
   * Linux (main.ts decides; see lib/serve/).
   */
  workers: number;
}

/** Most `WORKERS` accepted: far more threads than cores only costs memory (each has its own heap). */
const MAX_WORKERS = 256;

/**
 * Thrown by {@link loadConfig}; the message names the offending variable.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConfigError, loadConfig } from "./config.ts";
 * assert.throws(() => loadConfig({ PORT: "x" }), (e) => e instanceof ConfigError && e.variable === "PORT");
 * ```
 */
export class ConfigError extends HushlinkError {
  /** The environment variable at fault. */
  readonly variable: string;
  /** Creates the error (code `"bad_config"`); the message starts with the variable's name. */
  constructor(variable: string, message: string) {
    super("bad_config", `${variable}: ${message}`);
    this.variable = variable;
  }
}

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d{1,16}$/.test(raw.trim())) {
    throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function duration(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const seconds = parseDuration(raw);
  if (seconds === null || seconds < 60) {
    throw new ConfigError(
      name,
      `expected a duration of at least 60s (${DURATION_FORMS}), got "${raw}"`,
    );
  }
  return seconds;
}

function flag(env: Record<string, string | undefined>, name: string, fallback = false): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  throw new ConfigError(name, `expected 1/true or 0/false, got "${env[name]}"`);
}

/** An optional shared secret: null when unset, at least 16 characters when set. */
function secret(env: Record<string, string | undefined>, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === "") return null;
  if (raw.length < 16) throw new ConfigError(name, "must be at least 16 characters long");
  return raw;
}

/** An IP address (v4, or v6 without brackets) or `localhost` to bind to. */
function listenHost(raw: string | undefined): string {
  const host = raw?.trim();
  if (!host) return "0.0.0.0";
  if (
    host === "localhost" || /^(\d{1,3}\.){3}\d{1,3}$/.test(host) ||
    /^[0-9a-f:]*:[0-9a-f:.]*$/i.test(host)
  ) {
    return host;
  }
  throw new ConfigError(
    "HOST",
    `expected an IP address such as 127.0.0.1 or 0.0.0.0, got "${raw}"`,
  );
}

/**
 * `WORKERS`: a thread count from 1 up, by default one per core but one (at least one). The core
 * left over runs what every request also needs: KV's SQLite thread and V8's collector. Measured on
 * a 2-core machine (wrk on the same cores): a second HTTP thread made reads 14–29 % faster but
 * creates ~10 % slower and the peak RSS 45–70 MiB larger, so two cores serve from one thread.
 */
function workers(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") {
    return Math.min(Math.max((navigator.hardwareConcurrency || 1) - 1, 1), MAX_WORKERS);
  }
  const value = /^\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(value >= 1 && value <= MAX_WORKERS)) {
    throw new ConfigError(
      "WORKERS",
      `expected the number of threads serving HTTP, a whole number from 1 to ${MAX_WORKERS} ` +
        `(1 = a single thread; unset = one per core but one), got "${raw}"`,
    );
  }
  return value;
}

function publicUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === "") return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("PUBLIC_URL", `not a URL: "${raw}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError("PUBLIC_URL", "must start with http:// or https://");
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new ConfigError("PUBLIC_URL", "must be an origin only, like https://share.example.org");
  }
  return url.origin;
}

/**
 * Builds the configuration from environment variables (throws {@link ConfigError}).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "./config.ts";
 * const config = loadConfig({}); // main.ts passes Deno.env.toObject()
 * assert(config.port === 8000); // the default when PORT is not set
 * assert(loadConfig({ PORT: "9000" }).port === 9000);
 * ```
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const maxExpires = duration(env, "MAX_EXPIRES", 30 * 86400);
  const defaultExpires = duration(env, "DEFAULT_EXPIRES", Math.min(7 * 86400, maxExpires));
  if (defaultExpires > maxExpires) {
    throw new ConfigError("DEFAULT_EXPIRES", `must not exceed MAX_EXPIRES (${maxExpires}s)`);
  }
  const kvPath = env.KV_PATH?.trim() || DEFAULT_KV_PATH;
  if (!isKvUrl(kvPath) && kvPath.includes(",")) {
    // Deno's --allow-read/--allow-write lists are comma-separated: such a directory cannot be
    // granted alone.
    throw new ConfigError("KV_PATH", "must not contain a comma");
  }
  const uploadToken = env.UPLOAD_TOKEN === undefined || env.UPLOAD_TOKEN === ""
    ? null
    : env.UPLOAD_TOKEN;
  if (uploadToken !== null && uploadToken.length < 16) {
    throw new ConfigError("UPLOAD_TOKEN", "must be at least 16 characters long");
  }
  return {
    port: integer(env, "PORT", 8000, 0, 65535),
    hostname: listenHost(env.HOST),
    kvPath,
    publicUrl: publicUrl(env.PUBLIC_URL),
    maxShareBytes: integer(
      env,
      "MAX_SHARE_BYTES",
      DEFAULT_MAX_SHARE_BYTES,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    maxStorageBytes: integer(env, "MAX_STORAGE_BYTES", 0, 0, Number.MAX_SAFE_INTEGER),
    defaultExpires,
    maxExpires,
    maxViews: integer(env, "MAX_VIEWS", 1000, 1, 1_000_000_000),
    uploadToken,
    partSize: PART_SIZE,
    uploadTtl: 3600,
    bodyTimeout: 30,
    rateLimitCreates: integer(env, "RATE_LIMIT_CREATES", 300, 0, 1_000_000_000),
    rateLimitFailures: integer(env, "RATE_LIMIT_FAILURES", 20, 0, 1_000_000_000),
    rateLimitWindow: 60,
    trustProxy: flag(env, "TRUST_PROXY"),
    accessLog: flag(env, "ACCESS_LOG", true),
    metricsToken: secret(env, "METRICS_TOKEN"),
    workers: workers(env.WORKERS),
  };
}

/**
 * What the server tells clients about its limits: `GET /api/config`, and the upload page's props.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig, publicConfig } from "./config.ts";
 * const limits = publicConfig(loadConfig({}));
 * assert(limits.partSize === 4194304 && !limits.uploadTokenRequired);
 * ```
 */
export function publicConfig(config: Config): ServerConfig {
  return {
    partSize: config.partSize,
    maxShareBytes: config.maxShareBytes,
    defaultExpires: config.defaultExpires,
    maxExpires: config.maxExpires,
    maxViews: config.maxViews,
    uploadTokenRequired: config.uploadToken !== null,
  };
}
