/**
 * main.ts as a separate process, the way it runs in production: for the fault tests (which kill
 * it with SIGKILL and start it again on the same port and KV file), for bench/load.ts (which
 * reads its peak RSS from /proc) and for the operations tests, which start it with exactly the
 * permission flags of `deno task start` and read what it writes to stdout and stderr. Rate limits
 * are off unless the caller's env sets them.
 * @module
 */

const ROOT = new URL("../../", import.meta.url);
const CONFIG = new URL("deno.json", ROOT).pathname;
const MAIN = new URL("main.ts", ROOT).pathname;

/**
 * Runs a `$(…)` command of a task the way `deno task` does (from the repository root, `deno` being
 * this Deno) and returns what it printed, trimmed.
 */
function substitute(command: string, env: Record<string, string>): string {
  const [program, ...args] = command.trim().split(/\s+/);
  if (program !== "deno") throw new Error(`unexpected command in the start task: ${command}`);
  const { code, stdout, stderr } = new Deno.Command(Deno.execPath(), {
    args,
    cwd: new URL(".", ROOT).pathname,
    env,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (code !== 0) throw new Error(`${command} failed: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout).trim();
}

/** The words of deno.json's start task after `deno task build &&`: `NAME=value …` `deno run …`. */
function startTaskWords(): string[] {
  const config = JSON.parse(Deno.readTextFileSync(CONFIG)) as { tasks: Record<string, string> };
  const step = config.tasks.start.split(" && ").find((part) =>
    /^(?:[A-Z_]+=\S* )*deno run /.test(part)
  );
  // Words are separated by spaces outside double quotes and `$(…)`.
  const words = step?.match(/(?:"[^"]*"|\$\([^)]*\)|[^\s"])+/g) ?? [];
  if (words.at(-1) !== "main.ts") {
    throw new Error("deno.json's start task has no `deno run ... main.ts` step");
  }
  return words;
}

/**
 * The environment variables deno.json's start task sets for main.ts (the `NAME=value` words before
 * its `deno run`).
 * @example
 * ```ts
 * startTaskEnv(); // { MALLOC_ARENA_MAX: "2" }
 * ```
 */
export function startTaskEnv(): Record<string, string> {
  const words = startTaskWords();
  const assignments = words.slice(0, words.indexOf("deno"));
  return Object.fromEntries(assignments.map((word) => word.split(/=(.*)/s, 2)));
}

/**
 * The flags `deno task start` runs main.ts with when its environment holds `env`: the words
 * between `deno run` and `main.ts` in deno.json's start task (after its `deno task build &&`),
 * with double quotes removed and each `$(…)` replaced by what its command prints (the start task
 * asks scripts/kv_dir.ts for the KV file's directory).
 * @example
 * ```ts
 * startTaskFlags(); // ["--no-prompt", "--allow-net", "--allow-read=static,data", ...]
 * startTaskFlags({ KV_PATH: "/tmp/kv/hushlink.kv" }); // [..., "--allow-write=/tmp/kv", ...]
 * ```
 */
export function startTaskFlags(env: Record<string, string> = {}): string[] {
  const words = startTaskWords();
  return words.slice(words.indexOf("deno") + 2, -1).map((word) =>
    word.replaceAll(/\$\(([^)]*)\)/g, (_, command: string) => substitute(command, env))
      .replaceAll('"', "")
  );
}

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
  /**
   * Run main.ts from the repository root with exactly the flags and environment variables of
   * deno.json's start task for this `KV_PATH` (narrowed permissions) instead of `-A`.
   */
  startTask?: boolean;
  /** Keep what the process writes to stdout and stderr (read it with `output()`). */
  capture?: boolean;
  /** More deno flags, placed before `main.ts` (e.g. V8 flags compared in a bench). */
  denoFlags?: string[];
}

/** A running main.ts process; `await using` disposes of it (see `dispose`). */
export interface ProcessServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  kvPath: string;
  pid: number;
  /** Peak resident memory (VmHWM) of the process so far, in bytes. */
  peakRss(): Promise<number>;
  /** Sends `signal` and waits for the process to end. */
  kill(signal?: Deno.Signal): Promise<void>;
  /** Resolves with the exit status once the process has ended. */
  status: Promise<Deno.CommandStatus>;
  /** What the process wrote so far (empty unless started with `capture`). */
  output(): { stdout: string; stderr: string };
  /**
   * Ends the process (SIGTERM) if it runs and removes a `data/proc-*` directory made for it; once,
   * however often it is called (disposal after an explicit `dispose()` does nothing more).
   */
  dispose(): Promise<void>;
}

/** Reads a pipe to its end into `sink`, so the child never blocks on a full pipe. */
async function drain(stream: ReadableStream<Uint8Array>, sink: { text: string }): Promise<void> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) sink.text += decoder.decode(chunk, { stream: true });
  sink.text += decoder.decode();
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago.
 * @example
 * ```ts
 * const port = freePort();
 * ```
 */
export function freePort(): number {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return port;
}

/**
 * Polls `GET <origin>/api/health` every 50 ms until it answers 200 (true), the process has
 * `exited()` or 30 s passed (false).
 * @example
 * ```ts
 * if (!await waitForHealth("http://127.0.0.1:8000", () => false)) throw new Error("not up");
 * ```
 */
export async function waitForHealth(origin: string, exited: () => boolean): Promise<boolean> {
  for (let i = 0; i <= 600 && !exited(); i++) {
    try {
      const res = await fetch(`${origin}/api/health`);
      await res.body?.cancel();
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * Starts main.ts and resolves once `GET /api/health` answers 200.
 * @example
 * ```ts
 * await using server = await spawnServer();
 * await server.kill("SIGKILL");
 * await using again = await spawnServer({ port: server.port, kvPath: server.kvPath });
 * ```
 */
export async function spawnServer(options: SpawnOptions = {}): Promise<ProcessServer> {
  // A fresh directory unless the caller names the KV file (to restart on it); removed by dispose().
  const madeDir = options.kvPath === undefined
    ? await Deno.makeTempDir({ prefix: "hushlink-proc-" })
    : null;
  const kvPath = options.kvPath ?? `${madeDir}/hushlink.kv`;
  const port = options.port ?? freePort();
  const flags = options.startTask
    ? startTaskFlags({ KV_PATH: kvPath })
    : ["--quiet", "--config", CONFIG, "-A"];
  const deno = [Deno.execPath(), "run", ...flags, ...(options.denoFlags ?? []), MAIN];
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const [cmd, args] = options.shellPrefix
    ? ["/bin/sh", ["-c", `${options.shellPrefix}; exec ${deno.map(quote).join(" ")}`]]
    : [deno[0], deno.slice(1)];
  const child = new Deno.Command(cmd, {
    args,
    // The start task runs from the repository root: its --allow-read/--allow-write paths are
    // relative to it.
    ...(options.startTask ? { cwd: new URL(".", ROOT).pathname } : {}),
    env: {
      ...(options.startTask ? startTaskEnv() : {}),
      PORT: String(port),
      KV_PATH: kvPath,
      RATE_LIMIT_CREATES: "0",
      RATE_LIMIT_FAILURES: "0",
      ...options.env,
    },
    stdout: options.capture ? "piped" : "null",
    stderr: options.capture ? "piped" : "null",
  }).spawn();
  const out = { text: "" };
  const err = { text: "" };
  const drained = options.capture
    ? Promise.all([drain(child.stdout, out), drain(child.stderr, err)])
    : Promise.resolve();
  const origin = `http://127.0.0.1:${port}`;
  let exited = false;
  const status = child.status.then(async (s) => {
    exited = true;
    await drained;
    return s;
  });
  let disposing: Promise<void> | undefined;
  const dispose = () =>
    disposing ??= (async () => {
      if (!exited) child.kill("SIGTERM");
      await status;
      if (madeDir) await Deno.remove(madeDir, { recursive: true });
    })();
  if (!await waitForHealth(origin, () => exited)) {
    if (!exited) child.kill("SIGKILL");
    await status;
    throw new Error(`main.ts did not start on port ${port}` + (err.text ? `:\n${err.text}` : ""));
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
    status,
    output: () => ({ stdout: out.text, stderr: err.text }),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
