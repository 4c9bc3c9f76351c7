/**
 * share.ts as a subprocess whose standard input the test feeds piece by piece (so an upload can
 * be held open at a chosen point), for the fault tests.
 * @module
 */
import { SCRIPT } from "../cli/run_script.ts";

const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/** How a run ended. */
export interface Finished {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: Uint8Array;
  /** The script's own lines on standard error. */
  errors: string[];
}

/** A running share.ts. */
export interface RunningScript {
  /** Writes to its standard input. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes its standard input. */
  end(): Promise<void>;
  /** Resolves when it exits. */
  finished: Promise<Finished>;
}

/**
 * Starts `deno run -A share.ts ...args` with piped standard input, output and error.
 * @example
 * ```ts
 * const run = startScript(["--server", origin, "--json"]);
 * await run.write(bytes);
 * await run.end();
 * const { code, stdout } = await run.finished;
 * ```
 */
export function startScript(args: string[]): RunningScript {
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "DENO_DIR", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--config", CONFIG, "-A", SCRIPT, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    clearEnv: true,
    env,
  }).spawn();
  const writer = child.stdin.getWriter();
  const finished = Promise.all([
    child.status,
    new Response(child.stdout).bytes(),
    new Response(child.stderr).text(),
  ]).then(([status, stdout, stderr]) => ({
    code: status.code,
    stdout,
    errors: stderr.split("\n").filter((l) => l.trim() !== "" && !/Warning|deno\.json/.test(l)),
  }));
  return {
    write: (bytes) => writer.write(bytes),
    end: () => writer.close().catch(() => {}),
    finished,
  };
}
