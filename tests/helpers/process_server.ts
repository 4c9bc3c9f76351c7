/**
 * main.ts as a separate process, the way it runs in production: for the fault tests (which kill
 * it with SIGKILL and start it again on the same port and KV file) and for bench/load.ts (which
 * reads its peak RSS from /proc). Rate limits are off unless the caller's env sets them.
 * @module
 */

const ROOT = new URL("../../", import.meta.url);
const CONFIG = new URL("deno.json", ROOT).pathname;
const MAIN = new URL("main.ts", ROOT).pathname;

/** Options of {@link spawnServer}. */
export interface SpawnOptions {
  /** KV file to serve from (a fresh temp dir's `hushlink.kv` by default). */
  kvPath?: string;
  /** Port to listen on (a free one by default; pass the old one to restart in place). */
  port?: number;
  /** Extra environment variables for the server. */
  env?: Record<string, string>;
  /**
   * Shell commands run before `exec deno` (e.g. `ulimit -f 64` to cap file sizes); the server
   * is then started through `/bin/sh`.
   */
  shellPrefix?: string;
}

/** A running main.ts process. */
export interface ProcessServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  kvPath: string;
  pid: number;
  /** Peak resident memory (VmHWM) of the process so far, in bytes. */
  peakRss(): Promise<number>;
  /** Sends `signal` and waits for the process to end. */
  kill(signal?: Deno.Signal): Promise<void>;
}

function freePort(): number {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return port;
}

/**
 * Starts main.ts and resolves once `GET /api/health` answers 200.
 * @example
 * ```ts
 * const server = await spawnServer();
 * await server.kill("SIGKILL");
 * const again = await spawnServer({ port: server.port, kvPath: server.kvPath });
 * ```
 */
export async function spawnServer(options: SpawnOptions = {}): Promise<ProcessServer> {
  const kvPath = options.kvPath ??
    `${await Deno.makeTempDir({ prefix: "hushlink-proc-" })}/hushlink.kv`;
  const port = options.port ?? freePort();
  const deno = [Deno.execPath(), "run", "--quiet", "--config", CONFIG, "-A", MAIN];
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const [cmd, args] = options.shellPrefix
    ? ["/bin/sh", ["-c", `${options.shellPrefix}; exec ${deno.map(quote).join(" ")}`]]
    : [deno[0], deno.slice(1)];
  const child = new Deno.Command(cmd, {
    args,
    env: {
      PORT: String(port),
      KV_PATH: kvPath,
      RATE_LIMIT_CREATES: "0",
      RATE_LIMIT_FAILURES: "0",
      ...options.env,
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const origin = `http://127.0.0.1:${port}`;
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  for (let i = 0;; i++) {
    try {
      const res = await fetch(`${origin}/api/health`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (exited || i > 600) {
      if (!exited) child.kill("SIGKILL");
      await status;
      throw new Error(`main.ts did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    origin,
    port,
    kvPath,
    pid: child.pid,
    async peakRss() {
      const text = await Deno.readTextFile(`/proc/${child.pid}/status`);
      return Number(/VmHWM:\s+(\d+) kB/.exec(text)![1]) * 1024;
    },
    async kill(signal: Deno.Signal = "SIGTERM") {
      if (!exited) child.kill(signal);
      await status;
    },
  };
}
