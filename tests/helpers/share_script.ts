/**
 * The share script as a subprocess, the way people run it: `deno run <permissions> share.ts` (or
 * a bundled share.js by URL) with a clean environment. `runScript` feeds standard input at once
 * and collects the result; `startScript` hands standard input to the test to write piece by
 * piece (to hold an upload open at a chosen point).
 * @module
 */

const ROOT = new URL("../../", import.meta.url);
/**
 * Path of the share script.
 * @example
 * ```ts
 * await runScript(["--help"], { script: SCRIPT });
 * ```
 */
export const SCRIPT = new URL("share.ts", ROOT).pathname;
const CONFIG = new URL("deno.json", ROOT).pathname;

/** What a run produced. */
export interface ScriptResult {
  /** Exit code. */
  code: number;
  /** Standard output, raw. */
  stdout: Uint8Array;
  /** Standard output as text. */
  text: string;
  /** Standard error as text, all of it. */
  stderr: string;
  /** The script's own lines on standard error (Deno's warnings about the config left out). */
  errors: string[];
}

/** Options of {@link startScript} and {@link runScript}. */
export interface ScriptOptions {
  /** Permission flags; `-A` by default. */
  permissions?: string[];
  /** Environment variables added to a clean environment. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** The script to run (path or URL); share.ts from the repository by default. */
  script?: string;
}

/** Options of {@link runScript}. */
export interface RunOptions extends ScriptOptions {
  /** Bytes for standard input (none: an empty, closed standard input). */
  stdin?: Uint8Array | string;
}

/** A running share script. */
export interface RunningScript {
  /** Writes to its standard input. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes its standard input (never fails: the script may have exited without reading it). */
  end(): Promise<void>;
  /** Resolves when it has exited. */
  finished: Promise<ScriptResult>;
}

/**
 * Starts `deno run <permissions> share.ts ...args` with piped standard input, output and error.
 * @example
 * ```ts
 * const run = startScript(["--server", origin, "--json"]);
 * await run.write(bytes);
 * await run.end();
 * const { code, stdout } = await run.finished;
 * ```
 */
export function startScript(args: string[], options: ScriptOptions = {}): RunningScript {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--config",
      CONFIG,
      // A script fetched from a test server's random port must not be recorded in deno.lock.
      ...(options.script?.startsWith("http") ? ["--no-lock"] : []),
      ...(options.permissions ?? ["-A"]),
      options.script ?? SCRIPT,
      ...args,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    cwd: options.cwd,
    clearEnv: true,
    env: { ...inherited(), NO_COLOR: "1", ...options.env },
  }).spawn();
  const writer = child.stdin.getWriter();
  const finished = Promise.all([
    child.status,
    new Response(child.stdout).bytes(),
    new Response(child.stderr).text(),
  ]).then(([status, stdout, stderr]) => ({
    code: status.code,
    stdout,
    text: new TextDecoder().decode(stdout),
    stderr,
    errors: stderr.split("\n").filter((l) => l.trim() !== "" && !/Warning|deno\.json/.test(l)),
  }));
  return {
    write: (bytes) => writer.write(bytes),
    end: () => writer.close().catch(() => {}),
    finished,
  };
}

/**
 * Runs the script with `options.stdin` as its whole standard input and collects its output.
 * @example
 * ```ts
 * const { code, text } = await runScript(["--server", url, "notes.txt"]);
 * ```
 */
export async function runScript(args: string[], options: RunOptions = {}): Promise<ScriptResult> {
  const run = startScript(args, options);
  const input = typeof options.stdin === "string"
    ? new TextEncoder().encode(options.stdin)
    : options.stdin;
  // The script may exit before reading its input (a usage error): that is not a test failure.
  if (input) await run.write(input).catch(() => {});
  await run.end();
  return await run.finished;
}

/** The few variables a Deno subprocess needs to find itself and its cache; nothing else leaks in. */
function inherited(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "DENO_DIR", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}
