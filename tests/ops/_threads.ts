/**
 * Shared by the multi-thread tests: requests each on a new connection (the kernel hands every new
 * connection to one of the threads listening on the port, so many of them reach every thread), and
 * what `/metrics` says each thread answered.
 * @module
 */

/** A finished answer: status, error code (for JSON errors) and body bytes. */
export interface Answer {
  status: number;
  code: string | null;
  body: Uint8Array;
}

/**
 * Sends one request on a connection of its own and reads the whole answer.
 * @example
 * ```ts
 * const { status } = await onNewConnection(`${server.origin}/api/config`);
 * ```
 */
export async function onNewConnection(url: string, init: RequestInit = {}): Promise<Answer> {
  using client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  const res = await fetch(url, { ...init, client });
  const body = await res.bytes();
  let code: string | null = null;
  if (res.headers.get("Content-Type")?.startsWith("application/json") && res.status >= 400) {
    code = JSON.parse(new TextDecoder().decode(body)).error.code;
  }
  return { status: res.status, code, body };
}

/**
 * `count` requests at once, each on its own connection.
 * @example
 * ```ts
 * const answers = await manyAtOnce(50, () => [`${origin}/api/config`]);
 * ```
 */
export function manyAtOnce(
  count: number,
  request: (i: number) => [string, RequestInit?],
): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => onNewConnection(...request(i))));
}

/** How many answers had each status, e.g. `{ 200: 3, 404: 7 }`. */
export function statuses(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/**
 * Requests received so far by each thread (downloads still streaming, and this /metrics request
 * itself, included), from `hushlink_thread_requests_total` (thread 0 is the main thread), and the
 * text of /metrics it came from.
 * @example
 * ```ts
 * const { perThread } = await threadRequests(server.origin); // e.g. [40, 38]
 * ```
 */
export async function threadRequests(
  origin: string,
): Promise<{ perThread: number[]; text: string }> {
  const text = new TextDecoder().decode((await onNewConnection(`${origin}/metrics`)).body);
  const perThread: number[] = [];
  for (const m of text.matchAll(/^hushlink_thread_requests_total\{thread="(\d+)"\} (\d+)$/gm)) {
    perThread[Number(m[1])] = Number(m[2]);
  }
  return { perThread, text };
}

/** The value of an unlabelled or exactly labelled sample in a /metrics text, or NaN. */
export function sample(text: string, name: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : NaN;
}

/**
 * Tells which thread received a request: /metrics is asked over one kept-alive connection (so
 * always of the same thread) before and after it, and the request is the one other arrival.
 * @example
 * ```ts
 * await using watch = await ThreadWatch.open(server.origin);
 * const { thread } = await watch.threadOf(() => onNewConnection(`${server.origin}/api/config`));
 * ```
 */
export class ThreadWatch implements AsyncDisposable {
  readonly #origin: string;
  readonly #client = Deno.createHttpClient({});
  #metricsThread = -1;
  #last: number[] = [];

  private constructor(origin: string) {
    this.#origin = origin;
  }

  /** Learns which thread answers this watch's /metrics requests. */
  static async open(origin: string): Promise<ThreadWatch> {
    const watch = new ThreadWatch(origin);
    const first = await watch.#counts();
    watch.#last = await watch.#counts();
    watch.#metricsThread = watch.#last.findIndex((n, i) => n - (first[i] ?? 0) === 1);
    return watch;
  }

  /** Runs `send`, which must make exactly one request, and says which thread received it. */
  async threadOf<T>(send: () => Promise<T>): Promise<{ value: T; thread: number }> {
    const value = await send();
    const now = await this.#counts();
    const arrived = now.map((n, i) =>
      n - (this.#last[i] ?? 0) - (i === this.#metricsThread ? 1 : 0)
    );
    this.#last = now;
    const thread = arrived.findIndex((n) => n === 1);
    if (arrived.reduce((a, b) => a + b, 0) !== 1 || thread < 0) {
      throw new Error(`cannot tell the thread: arrivals per thread ${arrived}`);
    }
    return { value, thread };
  }

  async #counts(): Promise<number[]> {
    const res = await fetch(`${this.#origin}/metrics`, { client: this.#client });
    const counts: number[] = [];
    for (
      const m of (await res.text()).matchAll(
        /^hushlink_thread_requests_total\{thread="(\d+)"\} (\d+)$/gm,
      )
    ) {
      counts[Number(m[1])] = Number(m[2]);
    }
    return counts;
  }

  /** Closes the kept-alive connection. */
  [Symbol.asyncDispose](): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }
}
