/**
 * Serving that outlives running out of file descriptors. `Deno.serve`'s accept loop fails for
 * good when `accept` reports "Too many open files" (a client holding thousands of idle
 * connections): the listener closes and `finished` rejects, or, uncaught, the process exits. Here
 * that failure is logged, counted and answered by listening again shortly after; requests in
 * flight complete on their connections meanwhile. Limits on idle connections and slow headers
 * belong to a proxy in front (docs/DEPLOY.md): `Deno.serve` has none.
 * @module
 */

/** Options of {@link serveResilient}. */
export interface ResilientOptions {
  port: number;
  hostname: string;
  /** Called each time the server listens (again). */
  onListen?: (addr: Deno.NetAddr) => void;
  /** Called when accepting failed and the server will listen again. */
  onAcceptError?: (error: unknown) => void;
  /** Wait before listening again, in ms (200 by default). */
  retryMs?: number;
  /**
   * Share the port with other listeners that set it too (`SO_REUSEPORT`, Linux; needs
   * `--unstable-net`): each thread of a multi-threaded server listens on the same port and the
   * kernel spreads connections over them.
   */
  reusePort?: boolean;
}

/** A running server that re-listens after accept failures. */
export interface ResilientServer {
  /** Stops listening and waits for the requests in flight. */
  shutdown(): Promise<void>;
}

/**
 * Serves `handler` on the port, listening again whenever accepting fails.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serveResilient } from "./listener.ts";
 * let port = 0;
 * const server = serveResilient(
 *   { port: 0, hostname: "127.0.0.1", onListen: (addr) => port = addr.port },
 *   () => new Response("ok"),
 * );
 * assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), "ok");
 * await server.shutdown();
 * ```
 */
export function serveResilient(
  options: ResilientOptions,
  handler: Deno.ServeHandler<Deno.NetAddr>,
): ResilientServer {
  const retryMs = options.retryMs ?? 200;
  let current: Deno.HttpServer<Deno.NetAddr> | null = null;
  let stopping = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const listen = (first: boolean) => {
    let server: Deno.HttpServer<Deno.NetAddr>;
    try {
      server = Deno.serve({
        port: options.port,
        hostname: options.hostname,
        ...(options.reusePort ? { reusePort: true } : {}),
        onListen: (addr) => options.onListen?.(addr),
      }, handler);
    } catch (err) {
      // The first listen's failure (port taken, no permission) is the caller's to report.
      if (first) throw err;
      options.onAcceptError?.(err); // still out of descriptors: try again later
      retry = setTimeout(() => listen(false), retryMs);
      return;
    }
    current = server;
    server.finished.catch((err) => {
      if (stopping) return;
      options.onAcceptError?.(err);
      retry = setTimeout(() => listen(false), retryMs);
    });
  };
  listen(true);
  return {
    async shutdown() {
      stopping = true;
      clearTimeout(retry);
      await current?.shutdown();
    },
  };
}
