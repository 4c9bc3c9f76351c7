/**
 * Runs share.ts as a subprocess, the way people run it, for the CLI tests.
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
  /** The script's own lines on standard error (Deno's warnings about the config left out). */
  errors: string[];
}

/** Options of {@link runScript}. */
export interface RunOptions {
  /** Bytes for standard input (none: an empty, closed standard input). */
  stdin?: Uint8Array | string;
  /** Permission flags; `-A` by default. */
  permissions?: string[];
  /** Environment variables added to a clean environment. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** The script to run (path or URL); share.ts from the repository by default. */
  script?: string;
}

/**
 * Runs `deno run <permissions> share.ts ...args` and collects its output.
 * @example
 * ```ts
 * const { code, text } = await runScript(["--server", url, "notes.txt"]);
 * ```
 */
export async function runScript(args: string[], options: RunOptions = {}): Promise<ScriptResult> {
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
  const input = typeof options.stdin === "string"
    ? new TextEncoder().encode(options.stdin)
    : options.stdin;
  const writer = child.stdin.getWriter();
  const feeding = (async () => {
    try {
      if (input) await writer.write(input);
      await writer.close();
    } catch {
      // The script may exit before reading its input (a usage error): that is not a test failure.
    }
  })();
  const [status, stdout, stderr] = await Promise.all([
    child.status,
    new Response(child.stdout).bytes(),
    new Response(child.stderr).text(),
    feeding,
  ]);
  const errors = stderr.split("\n").filter((l) => l.trim() !== "" && !/Warning|deno\.json/.test(l));
  return { code: status.code, stdout, text: new TextDecoder().decode(stdout), errors };
}

/**
 * SHA-256 of `bytes` as hex.
 * @example
 * ```ts
 * await sha256Hex(new Uint8Array(0));
 * ```
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
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
