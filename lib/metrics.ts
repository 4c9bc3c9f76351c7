/**
 * Counters for `GET /metrics`, in Prometheus' text exposition format (version 0.0.4). They live in
 * this process's memory: each instance counts what it served since it started (on Deno Deploy,
 * each isolate), and a scraper adds instances up. Each thread of a multi-threaded server counts its
 * own; the one answering `GET /metrics` adds every thread's {@link MetricsSnapshot} up. Labels are
 * only route PATTERNS, methods, status classes and thread numbers — a fixed, small set — so nothing
 * here identifies a share, a person or a secret.
 * @module
 */
import type { RequestObserver, RequestRecord } from "./http/access_log.ts";

/** Route patterns whose answers count as share events. */
const CREATE_ROUTE = "/api/shares";
const SHARE_ROUTE = "/api/shares/:id";
const CONTENT_ROUTE = "/api/shares/:id/content";

/** Upper bounds (seconds) of the request-duration histogram's buckets. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];
const STATUS_CLASSES = ["", "1xx", "2xx", "3xx", "4xx", "5xx"];

/** Everything counted for one route pattern. */
interface RouteStats {
  /** Request counts by `method status-class`. */
  requests: Map<string, { method: string; status: string; count: number }>;
  bytesIn: number;
  bytesOut: number;
  /** Non-cumulative duration counts per bucket; the last slot is +Inf. */
  buckets: number[];
  seconds: number;
  count: number;
}

/**
 * The counters of one {@link Metrics} as plain data: what a worker thread sends the thread that
 * answers `GET /metrics`, which adds them up ({@link metricsText}).
 */
export interface MetricsSnapshot {
  /** The thread counted: 0 for the main thread, 1… for worker threads. */
  thread: number;
  /** Requests this thread received (counted on arrival, unlike `routes`). */
  received: number;
  /** When the thread started (Unix time, s); the process's start is the earliest. */
  startedAt: number;
  routes: {
    route: string;
    requests: { method: string; status: string; count: number }[];
    bytesIn: number;
    bytesOut: number;
    buckets: number[];
    seconds: number;
    count: number;
  }[];
  inFlight: number;
  shares: { created: number; read: number; burned: number; deleted: number };
  acceptErrors: number;
}

const escape = (value: string) =>
  value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");

/** `{a="x",b="y"}` with escaped values. */
function labels(pairs: Record<string, string>): string {
  const parts = Object.entries(pairs).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

/**
 * The process's counters. Implements {@link RequestObserver}, so the request middleware feeds it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { observeRequests } from "./http/access_log.ts";
 * import { Metrics } from "./metrics.ts";
 * const app = new Hono();
 * const metrics = new Metrics();
 * app.use(observeRequests([metrics]));
 * app.get("/metrics", (c) => c.text(metrics.text()));
 * await app.request("/nowhere");
 * const text = await (await app.request("/metrics")).text();
 * assert(text.includes("hushlink_shares_created_total 0"));
 * ```
 */
export class Metrics implements RequestObserver {
  readonly #thread: number;
  readonly #routes = new Map<string, RouteStats>();
  #inFlight = 0;
  #received = 0;
  readonly #shares = { created: 0, read: 0, burned: 0, deleted: 0 };
  #acceptErrors = 0;

  /** Counters of thread `thread` (0, the main thread, unless the server runs worker threads). */
  constructor(thread = 0) {
    this.#thread = thread;
  }

  /** Accepting connections failed (out of file descriptors) and the server listens again. */
  acceptFailed(): void {
    this.#acceptErrors++;
  }

  /** A request arrived. */
  begin(): void {
    this.#inFlight++;
    this.#received++;
  }

  /** Share events, read off the answer: created, content served, last view spent, deleted. */
  respond(method: string, route: string, status: number, headers: Headers): void {
    if (method === "POST" && route === CREATE_ROUTE && status === 201) this.#shares.created++;
    else if (method === "DELETE" && route === SHARE_ROUTE && status === 204) {
      this.#shares.deleted++;
    } else if (method === "GET" && route === CONTENT_ROUTE && (status === 200 || status === 206)) {
      this.#shares.read++;
      if (headers.get("Hushlink-Views-Left") === "0") this.#shares.burned++;
    }
  }

  /** A request finished (its body streamed out, or was abandoned). */
  end(r: RequestRecord): void {
    this.#inFlight--;
    let stats = this.#routes.get(r.route);
    if (!stats) {
      stats = {
        requests: new Map(),
        bytesIn: 0,
        bytesOut: 0,
        buckets: new Array(BUCKETS.length + 1).fill(0),
        seconds: 0,
        count: 0,
      };
      this.#routes.set(r.route, stats);
    }
    const statusClass = r.status >= 100 && r.status < 600
      ? STATUS_CLASSES[(r.status / 100) | 0]
      : "other";
    const key = r.method + statusClass;
    const entry = stats.requests.get(key);
    if (entry) entry.count++;
    else stats.requests.set(key, { method: r.method, status: statusClass, count: 1 });
    stats.bytesIn += r.bytesIn;
    stats.bytesOut += r.bytesOut;
    const seconds = r.ms / 1000;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
    stats.buckets[i]++;
    stats.seconds += seconds;
    stats.count++;
  }

  /**
   * Everything in the text exposition format.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Metrics } from "./metrics.ts";
   * assert(new Metrics().text().includes("hushlink_shares_created_total 0"));
   * ```
   */
  text(): string {
    return metricsText([this.snapshot()]);
  }

  /**
   * The counters as plain data (to be summed with other threads' by {@link metricsText}).
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Metrics } from "./metrics.ts";
   * const metrics = new Metrics();
   * metrics.begin();
   * assert.equal(metrics.snapshot().inFlight, 1);
   * ```
   */
  snapshot(): MetricsSnapshot {
    return {
      thread: this.#thread,
      received: this.#received,
      startedAt: Math.floor(performance.timeOrigin / 1000),
      routes: [...this.#routes].map(([route, stats]) => ({
        route,
        requests: [...stats.requests.values()].map((r) => ({ ...r })),
        bytesIn: stats.bytesIn,
        bytesOut: stats.bytesOut,
        buckets: [...stats.buckets],
        seconds: stats.seconds,
        count: stats.count,
      })),
      inFlight: this.#inFlight,
      shares: { ...this.#shares },
      acceptErrors: this.#acceptErrors,
    };
  }

  /**
   * The share event counters so far.
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Metrics } from "./metrics.ts";
   * const metrics = new Metrics();
   * assert(metrics.shares.created === 0); // on a fresh process
   * ```
   */
  get shares(): { created: number; read: number; burned: number; deleted: number } {
    return { ...this.#shares };
  }
}

/** Several snapshots added up into one (counters and gauges alike are sums over threads). */
function sum(snapshots: MetricsSnapshot[]): MetricsSnapshot {
  const routes = new Map<string, MetricsSnapshot["routes"][number]>();
  const total: MetricsSnapshot = {
    thread: 0,
    received: snapshots.reduce((n, s) => n + s.received, 0),
    startedAt: Math.min(...snapshots.map((s) => s.startedAt)),
    routes: [],
    inFlight: 0,
    shares: { created: 0, read: 0, burned: 0, deleted: 0 },
    acceptErrors: 0,
  };
  for (const snapshot of snapshots) {
    total.inFlight += snapshot.inFlight;
    total.acceptErrors += snapshot.acceptErrors;
    for (const event of Object.keys(total.shares) as (keyof MetricsSnapshot["shares"])[]) {
      total.shares[event] += snapshot.shares[event];
    }
    for (const stats of snapshot.routes) {
      let into = routes.get(stats.route);
      if (!into) {
        into = {
          route: stats.route,
          requests: [],
          bytesIn: 0,
          bytesOut: 0,
          buckets: new Array(BUCKETS.length + 1).fill(0),
          seconds: 0,
          count: 0,
        };
        routes.set(stats.route, into);
        total.routes.push(into);
      }
      for (const r of stats.requests) {
        const same = into.requests.find((x) => x.method === r.method && x.status === r.status);
        if (same) same.count += r.count;
        else into.requests.push({ ...r });
      }
      into.bytesIn += stats.bytesIn;
      into.bytesOut += stats.bytesOut;
      stats.buckets.forEach((n, i) => into.buckets[i] += n);
      into.seconds += stats.seconds;
      into.count += stats.count;
    }
  }
  return total;
}

/**
 * The text exposition of several threads' counters added up (one snapshot: one thread's).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Metrics, metricsText } from "./metrics.ts";
 * const [main, worker] = [new Metrics(), new Metrics()];
 * main.respond("POST", "/api/shares", 201, new Headers());
 * worker.respond("POST", "/api/shares", 201, new Headers());
 * const text = metricsText([main.snapshot(), worker.snapshot()]);
 * assert(text.includes("hushlink_shares_created_total 2"));
 * ```
 */
export function metricsText(snapshots: MetricsSnapshot[]): string {
  const all = sum(snapshots);
  const out: string[] = [];
  const family = (name: string, type: string, help: string) =>
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  const byRoute = (name: string, value: (stats: MetricsSnapshot["routes"][number]) => number) => {
    for (const stats of all.routes) {
      out.push(`${name}${labels({ route: stats.route })} ${value(stats)}`);
    }
  };

  family(
    "hushlink_http_requests_total",
    "counter",
    "Requests answered, by method, route pattern and status class.",
  );
  for (const { route, requests } of all.routes) {
    for (const { method, status, count } of requests) {
      out.push(`hushlink_http_requests_total${labels({ method, route, status })} ${count}`);
    }
  }
  family(
    "hushlink_http_requests_in_flight",
    "gauge",
    "Requests being answered now, response bodies still streaming included.",
  );
  out.push(`hushlink_http_requests_in_flight ${all.inFlight}`);
  family(
    "hushlink_http_request_body_bytes_total",
    "counter",
    "Request body bytes received, by route pattern.",
  );
  byRoute("hushlink_http_request_body_bytes_total", (stats) => stats.bytesIn);
  family(
    "hushlink_http_response_body_bytes_total",
    "counter",
    "Response body bytes sent, by route pattern.",
  );
  byRoute("hushlink_http_response_body_bytes_total", (stats) => stats.bytesOut);
  family(
    "hushlink_http_request_duration_seconds",
    "histogram",
    "Time from a request's arrival to its response's last byte, by route pattern.",
  );
  for (const { route, buckets, seconds, count } of all.routes) {
    let cumulative = 0;
    for (let i = 0; i <= BUCKETS.length; i++) {
      cumulative += buckets[i];
      const le = i < BUCKETS.length ? String(BUCKETS[i]) : "+Inf";
      out.push(
        `hushlink_http_request_duration_seconds_bucket${labels({ route, le })} ${cumulative}`,
      );
    }
    out.push(`hushlink_http_request_duration_seconds_sum${labels({ route })} ${seconds}`);
    out.push(`hushlink_http_request_duration_seconds_count${labels({ route })} ${count}`);
  }
  const shares: [keyof MetricsSnapshot["shares"], string][] = [
    ["created", "Shares created (a create request answered 201)."],
    ["read", "Share contents served (200 or 206 from the content route)."],
    ["burned", "Reads that spent a share's last view."],
    ["deleted", "Shares deleted with their delete token."],
  ];
  for (const [event, help] of shares) {
    family(`hushlink_shares_${event}_total`, "counter", help);
    out.push(`hushlink_shares_${event}_total ${all.shares[event]}`);
  }
  family(
    "hushlink_accept_errors_total",
    "counter",
    "Times accepting connections failed (out of file descriptors) and the server listened again.",
  );
  out.push(`hushlink_accept_errors_total ${all.acceptErrors}`);
  family("hushlink_threads", "gauge", "Threads serving HTTP in this process (WORKERS).");
  out.push(`hushlink_threads ${snapshots.length}`);
  family(
    "hushlink_thread_requests_total",
    "counter",
    "Requests received, by the thread that received them (0 is the main thread).",
  );
  for (const s of [...snapshots].sort((a, b) => a.thread - b.thread)) {
    out.push(`hushlink_thread_requests_total${labels({ thread: String(s.thread) })} ${s.received}`);
  }
  family("process_resident_memory_bytes", "gauge", "Resident memory of this process.");
  out.push(`process_resident_memory_bytes ${Deno.memoryUsage().rss}`);
  family("process_start_time_seconds", "gauge", "When this process started (Unix time).");
  out.push(`process_start_time_seconds ${all.startedAt}`);
  return out.join("\n") + "\n";
}
