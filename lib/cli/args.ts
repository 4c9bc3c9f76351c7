/**
 * Command-line parsing of the share script: `share.ts [options] [FILE...]`,
 * `share.ts get LINK [-o PATH]`, `share.ts delete DELETE_LINK`. Hand-written (no @std/cli):
 * `--name value`, `--name=value`, `-o value`, `--` ends options, `-` is standard input.
 * @module
 */
import { durationArgument, UsageError } from "../share_io/errors.ts";

/** Options every command takes. */
interface Common {
  /** `--quiet`: no progress bar and no notes on standard error. */
  quiet: boolean;
  /** `--json`: machine-readable output. */
  json: boolean;
}

/** `share.ts [options] [FILE...]`. */
export interface ShareArgs extends Common {
  command: "share";
  /** Files in order; `-` is standard input; empty means standard input. */
  files: string[];
  /** `--server URL`, when given. */
  server?: string;
  /** `--expires`, in seconds. */
  expiresIn?: number;
  /** `--views N` (or 1 for `--burn`). */
  views?: number;
  /** `--password`: ask for one (or read HUSHLINK_PASSWORD). */
  password: boolean;
  /** `--name NAME` for standard input. */
  name?: string;
  /** `--upload-token TOKEN`. */
  uploadToken?: string;
  /** `--session`: `files` holds the session ID or PATH, if any (none: the newest session). */
  session: boolean;
  /** Secrets in a session are redacted unless `--no-redact`. */
  redact: boolean;
}

/** `share.ts sessions`: lists the current directory's Claude Code sessions. */
export interface SessionsArgs {
  command: "sessions";
}

/** `share.ts mcp`: runs the MCP server over standard input/output. */
export interface McpArgs {
  command: "mcp";
  /** `--server URL`, when given. */
  server?: string;
  /** `--upload-token TOKEN`. */
  uploadToken?: string;
}

/** `share.ts get LINK [-o PATH]`. */
export interface GetArgs extends Common {
  command: "get";
  /** The view link. */
  link: string;
  /** `-o PATH`: a file, or a directory for several files. */
  output?: string;
  /** `--password`: ask for it up front instead of when the share turns out to need one. */
  password: boolean;
  /** `--raw`: write the content to a terminal byte for byte, escape sequences included. */
  raw: boolean;
}

/** `share.ts delete DELETE_LINK`. */
export interface DeleteArgs extends Common {
  command: "delete";
  /** The delete link. */
  link: string;
}

/** `--help`. */
export interface HelpArgs {
  command: "help";
}

/** What the command line asks for. */
export type Args = ShareArgs | GetArgs | DeleteArgs | SessionsArgs | McpArgs | HelpArgs;

/** Options that take a value, by command; flags are listed separately. */
const VALUE_OPTIONS: Record<string, readonly string[]> = {
  share: ["--server", "--expires", "--views", "--name", "--upload-token"],
  get: ["--output"],
  delete: [],
  sessions: [],
  mcp: ["--server", "--upload-token"],
};
const FLAGS: Record<string, readonly string[]> = {
  share: ["--password", "--burn", "--session", "--no-redact", "--json", "--quiet", "--help"],
  get: ["--password", "--raw", "--json", "--quiet", "--help"],
  delete: ["--json", "--quiet", "--help"],
  sessions: ["--help"],
  mcp: ["--help"],
};
const SUBCOMMANDS = ["get", "delete", "sessions", "mcp"] as const;
const SHORT: Record<string, string> = { "-o": "--output", "-q": "--quiet", "-h": "--help" };

/**
 * Parses `argv` (without the script name); throws {@link UsageError} naming the mistake.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs } from "./args.ts";
 * const share = parseArgs(["--burn", "notes.txt"]);
 * assert(share.command === "share" && share.views === 1);
 * assert.deepEqual(share.files, ["notes.txt"]);
 * const get = parseArgs(["get", "https://h.example/s/ID#KEY", "-o", "out"]);
 * assert(get.command === "get" && get.output === "out");
 * ```
 */
export function parseArgs(argv: readonly string[]): Args {
  const command = SUBCOMMANDS.find((name) => name === argv[0]) ?? "share";
  const rest = command === "share" ? argv : argv.slice(1);
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--") {
      positional.push(...rest.slice(i + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const raw = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
    const name = SHORT[raw] ?? raw;
    if (FLAGS[command].includes(name)) {
      if (eq > 0 && arg.startsWith("--")) throw new UsageError(`${name} takes no value`);
      flags.add(name);
    } else if (VALUE_OPTIONS[command].includes(name)) {
      const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new UsageError(`${raw} needs a value; see --help`);
      if (values.has(name)) throw new UsageError(`${name} is given twice`);
      values.set(name, value);
    } else {
      const where = command === "share" ? "" : ` for ${command}`;
      throw new UsageError(`unknown option ${raw}${where}; see --help`);
    }
  }
  if (flags.has("--help")) return { command: "help" };
  const common = { quiet: flags.has("--quiet"), json: flags.has("--json") };
  if (command === "share") return shareArgs(values, flags, positional, common);
  if (command === "mcp") {
    if (positional.length) throw new UsageError("mcp takes no argument; see --help");
    const server = values.get("--server");
    if (server !== undefined) checkServer(server);
    return { command, server, uploadToken: values.get("--upload-token") };
  }
  if (command === "sessions") {
    if (positional.length) {
      throw new UsageError("sessions takes no argument; run it in the project");
    }
    return { command };
  }
  if (positional.length !== 1) {
    const what = command === "get" ? "get needs one view link" : "delete needs one delete link";
    throw new UsageError(
      `${what}, e.g. share.ts ${command} 'https://HOST/${command === "get" ? "s" : "d"}/ID#KEY'`,
    );
  }
  if (command === "get") {
    return {
      command,
      link: positional[0],
      output: values.get("--output"),
      password: flags.has("--password"),
      raw: flags.has("--raw"),
      ...common,
    };
  }
  return { command, link: positional[0], ...common };
}

function shareArgs(
  values: Map<string, string>,
  flags: Set<string>,
  files: string[],
  common: { quiet: boolean; json: boolean },
): ShareArgs {
  const stdinCount = files.filter((f) => f === "-").length;
  if (stdinCount > 1) throw new UsageError("standard input (-) can be shared only once");
  const server = values.get("--server");
  if (server !== undefined) checkServer(server);
  let views = values.has("--views") ? parseCount(values.get("--views")!) : undefined;
  if (flags.has("--burn")) {
    if (views !== undefined && views !== 1) {
      throw new UsageError("--burn means --views 1; give only one of them");
    }
    views = 1;
  }
  const session = flags.has("--session");
  if (session && files.length > 1) {
    throw new UsageError(
      "--session shares one session: give one ID or PATH, or none for the newest",
    );
  }
  if (flags.has("--no-redact") && !session) {
    throw new UsageError("--no-redact applies to --session only");
  }
  const name = values.get("--name");
  if (session && name !== undefined) throw new UsageError("--name does not apply to --session");
  if (name !== undefined && files.length > 0 && stdinCount === 0) {
    throw new UsageError("--name names standard input; files keep their own names");
  }
  return {
    command: "share",
    files,
    server,
    expiresIn: values.has("--expires")
      ? durationArgument(values.get("--expires")!, "--expires")
      : undefined,
    views,
    password: flags.has("--password"),
    name,
    uploadToken: values.get("--upload-token"),
    session,
    redact: !flags.has("--no-redact"),
    ...common,
  };
}

function parseCount(text: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
    throw new UsageError(`--views ${text}: use a whole number of views, 1 or more`);
  }
  return Number(text);
}

function checkServer(server: string): void {
  let url: URL | null = null;
  try {
    url = new URL(server);
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new UsageError(
      `--server ${server}: give the server's address, e.g. https://share.example`,
    );
  }
}
