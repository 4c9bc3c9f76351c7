/**
 * Finds Claude Code session transcripts on this machine and prepares one for sharing: the file-system
 * side of conversations (Deno only; used by the share script and the MCP server), kept out of
 * lib/conversation/, which the browser bundles. Claude Code keeps one folder per working directory under
 * `~/.claude/projects/` (or `$CLAUDE_CONFIG_DIR/projects/`), named after the absolute directory
 * with every character other than ASCII letters and digits replaced by `-`; each session is
 * `<session-id>.jsonl` in it, and sub-agent transcripts live in `<session-id>/subagents/*.jsonl`
 * (older versions: `agent-*.jsonl` next to the sessions, or inline lines marked `isSidechain`).
 * @module
 */
import { HushlinkError, type Manifest } from "../crypto/mod.ts";
import { formatBytes } from "../format.ts";
import { parseTranscript } from "../conversation/parse.ts";
import { type RedactionCounts, redactJsonl, redactText } from "../conversation/redact.ts";

/** Stable codes of {@link SessionError}. */
export type SessionErrorCode = "no_home" | "no_project" | "no_sessions" | "not_found" | "ambiguous";

/**
 * A session could not be found or chosen; `message` says what to do.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveSession, SessionError } from "./mod.ts";
 * const home = await Deno.makeTempDir(); // a home where Claude Code never ran
 * await assert.rejects(
 *   resolveSession("0f1e", { home, cwd: "/srv/app" }),
 *   (e) => e instanceof SessionError && e.code === "not_found",
 * );
 * await Deno.remove(home, { recursive: true });
 * ```
 */
export class SessionError extends HushlinkError {
  /** Stable machine-readable reason. */
  declare readonly code: SessionErrorCode;
  /** Creates the error with one of the {@link SessionErrorCode}s. */
  constructor(code: SessionErrorCode, message: string) {
    super(code, message);
  }
}

/** Where to look; both default to the real environment (injectable for tests). */
export interface SessionOptions {
  /** Home directory (default: `$HOME`). */
  home?: string;
  /** Claude Code's config directory (default: `$CLAUDE_CONFIG_DIR`, else `<home>/.claude`). */
  claudeDir?: string;
  /** Working directory whose sessions are meant (default: the current directory). */
  cwd?: string;
}

/** One session transcript. */
export interface SessionInfo {
  /** Session id (the file name without `.jsonl`). */
  id: string;
  /** Path of the transcript. */
  path: string;
  /** Last modification time. */
  modified: Date;
  /** File size in bytes. */
  size: number;
  /**
   * The session's derived title (its first prompt), secrets redacted, or null when the file holds
   * no messages.
   */
  title: string | null;
}

/** What the share script packs: one file of manifest kind "conversation". */
export interface ConversationPackage {
  /** Kind "conversation", one file `<session-id>.jsonl`, `application/x-ndjson`, gzip. */
  manifest: Manifest;
  /** That file's stored bytes: the (redacted) transcript, gzip-compressed. */
  body: Uint8Array<ArrayBuffer>;
  /** Secrets replaced, by kind (empty when redaction is off). */
  redactions: RedactionCounts;
  /** Total secrets replaced. */
  redacted: number;
  /** Uncompressed size of the transcript that was packed. */
  rawSize: number;
}

/** Bytes read from the start of a transcript to find its title and working directory. */
const HEAD_BYTES = 256 * 1024;

const join = (...parts: string[]): string => parts.join("/").replace(/\/{2,}/g, "/");

/**
 * The folder name Claude Code uses for a working directory.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { projectFolderName } from "./mod.ts";
 * assert.equal(projectFolderName("/home/ada/my_app.v2"), "-home-ada-my-app-v2");
 * ```
 */
export function projectFolderName(dir: string): string {
  return dir.replace(/[^A-Za-z0-9]/g, "-");
}

function envIfGranted(name: string): string | undefined {
  const { state } = Deno.permissions.querySync({ name: "env", variable: name });
  return state === "granted" ? Deno.env.get(name) : undefined;
}

function projectsRoot(opts: SessionOptions): string {
  if (opts.claudeDir) return join(opts.claudeDir, "projects");
  const configured = opts.home === undefined ? envIfGranted("CLAUDE_CONFIG_DIR") : undefined;
  if (configured) return join(configured, "projects");
  let home = opts.home;
  try {
    // Asks on a terminal when --allow-env does not cover HOME; elsewhere throws NotCapable.
    home ??= Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  } catch (e) {
    if (!(e instanceof Deno.errors.NotCapable)) throw e;
  }
  if (!home) {
    throw new SessionError(
      "no_home",
      "cannot find ~/.claude: run with --allow-env=HOME (or give the transcript's path)",
    );
  }
  return join(home, ".claude", "projects");
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function readHead(path: string, bytes = HEAD_BYTES): Promise<string> {
  using file = await Deno.open(path);
  const buf = new Uint8Array(bytes);
  let filled = 0;
  while (filled < bytes) {
    const n = await file.read(buf.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return new TextDecoder().decode(buf.subarray(0, filled));
}

/** A field of the first line of `text` that has it as a string. */
function firstField(text: string, field: "cwd" | "sessionId"): string | null {
  for (const line of text.split("\n")) {
    try {
      const value = JSON.parse(line)?.[field];
      if (typeof value === "string") return value;
    } catch {
      // A cut-off last line or a stray malformed line: keep looking.
    }
  }
  return null;
}

async function jsonlFiles(dir: string, accept = (_name: string) => true): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".jsonl") && accept(e.name)) names.push(e.name);
  }
  return names.sort();
}

const isSessionFile = (name: string) => !name.startsWith("agent-");

/**
 * The project folder holding the sessions of `opts.cwd`, or null when Claude Code was never run
 * there. Falls back to reading the recorded `cwd` of each project's sessions, for folder names this
 * module does not predict (very long paths, other Claude Code versions).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findProjectDir } from "./mod.ts";
 * const home = await Deno.makeTempDir();
 * await Deno.mkdir(`${home}/.claude/projects/-srv-app`, { recursive: true });
 * assert.equal(await findProjectDir({ home, cwd: "/srv/app" }), `${home}/.claude/projects/-srv-app`);
 * assert.equal(await findProjectDir({ home, cwd: "/srv/other" }), null);
 * await Deno.remove(home, { recursive: true });
 * ```
 */
export async function findProjectDir(opts: SessionOptions = {}): Promise<string | null> {
  const root = projectsRoot(opts);
  const cwd = opts.cwd ?? Deno.cwd();
  const direct = join(root, projectFolderName(cwd));
  if (await isDir(direct)) return direct;
  if (!(await isDir(root))) return null;
  for await (const project of Deno.readDir(root)) {
    if (!project.isDirectory) continue;
    const dir = join(root, project.name);
    const [first] = await jsonlFiles(dir, isSessionFile);
    if (first && firstField(await readHead(join(dir, first)), "cwd") === cwd) return dir;
  }
  return null;
}

async function describe(path: string): Promise<SessionInfo> {
  const stat = await Deno.stat(path);
  // The title is printed (`share.ts sessions`, the share confirmation), with or without
  // --no-redact, so it never holds a secret. It is derived from the redacted head, so that cutting
  // it to length cannot leave a piece of a secret too short to be recognised; and redacted once
  // more, since collapsing whitespace can join a name to its value ("password:\n  hunter2!x").
  const parsed = parseTranscript(redactJsonl(await readHead(path)).text);
  const hasMessages = parsed.items.some((i) => i.kind === "user" || i.kind === "assistant");
  return {
    id: path.slice(path.lastIndexOf("/") + 1).replace(/\.jsonl$/, ""),
    path,
    modified: stat.mtime ?? new Date(0),
    size: stat.size,
    title: hasMessages ? redactText(parsed.title).text : null,
  };
}

/**
 * The sessions of `opts.cwd`, newest first. Files without any message (Claude Code leaves some
 * holding only summaries) are left out.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listSessions } from "./mod.ts";
 * const home = await Deno.makeTempDir();
 * const dir = `${home}/.claude/projects/-srv-app`;
 * await Deno.mkdir(dir, { recursive: true });
 * await Deno.writeTextFile(
 *   `${dir}/5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60.jsonl`,
 *   '{"type":"user","cwd":"/srv/app","message":{"role":"user","content":"Fix the login"}}\n',
 * );
 * const sessions = await listSessions({ home, cwd: "/srv/app" });
 * assert.deepEqual(sessions.map((s) => [s.id, s.title]), [
 *   ["5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60", "Fix the login"],
 * ]);
 * await Deno.remove(home, { recursive: true });
 * ```
 */
export async function listSessions(opts: SessionOptions = {}): Promise<SessionInfo[]> {
  const dir = await findProjectDir(opts);
  if (!dir) {
    throw new SessionError(
      "no_project",
      `no Claude Code sessions for ${opts.cwd ?? Deno.cwd()} (run from the project's directory)`,
    );
  }
  const sessions = await Promise.all(
    (await jsonlFiles(dir, isSessionFile)).map((name) => describe(join(dir, name))),
  );
  return sessions.filter((s) => s.title !== null)
    .sort((a, b) => b.modified.getTime() - a.modified.getTime());
}

/**
 * Picks the session to share: the newest of the current directory when `arg` is empty, a
 * transcript file when `arg` is a path, else a session id (or a unique prefix of one) of the
 * current directory, or a full id from any project.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveSession } from "./mod.ts";
 * const home = await Deno.makeTempDir();
 * const dir = `${home}/.claude/projects/-srv-app`;
 * await Deno.mkdir(dir, { recursive: true });
 * await Deno.writeTextFile(
 *   `${dir}/0f1e2d3c-2f4d-4c3b-9a8e-1d2c3b4a5f60.jsonl`,
 *   '{"type":"user","cwd":"/srv/app","message":{"role":"user","content":"Fix the login"}}\n',
 * );
 * const latest = await resolveSession(undefined, { home, cwd: "/srv/app" });
 * const byId = await resolveSession("0f1e2d3c", { home, cwd: "/srv/app" }); // a unique prefix
 * assert(latest.id === byId.id && byId.id.startsWith("0f1e2d3c"));
 * await Deno.remove(home, { recursive: true });
 * ```
 */
export async function resolveSession(
  arg: string | undefined,
  opts: SessionOptions = {},
): Promise<SessionInfo> {
  if (arg && (arg.includes("/") || arg.includes("\\") || arg.endsWith(".jsonl"))) {
    try {
      return await describe(arg);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new SessionError("not_found", `no transcript at ${arg}`);
      }
      throw e;
    }
  }
  const dir = await findProjectDir(opts);
  const sessions = dir ? await listSessions(opts) : [];
  if (!arg) {
    if (sessions.length === 0) {
      throw new SessionError(
        dir ? "no_sessions" : "no_project",
        `no Claude Code sessions for ${opts.cwd ?? Deno.cwd()}`,
      );
    }
    return sessions[0];
  }
  const matches = sessions.filter((s) => s.id.startsWith(arg));
  const exact = matches.find((s) => s.id === arg);
  if (exact || matches.length === 1) return exact ?? matches[0];
  if (matches.length > 1) {
    throw new SessionError("ambiguous", `${arg} matches ${matches.length} sessions; give more`);
  }
  const root = projectsRoot(opts);
  if (await isDir(root)) {
    for await (const project of Deno.readDir(root)) {
      const path = join(root, project.name, `${arg}.jsonl`);
      if (project.isDirectory && !(await isDir(path))) {
        try {
          return await describe(path);
        } catch (e) {
          if (!(e instanceof Deno.errors.NotFound)) throw e;
        }
      }
    }
  }
  throw new SessionError("not_found", `no session ${arg} (list them with: share.ts sessions)`);
}

/** Sub-agent transcripts of a session, in both layouts Claude Code has used. */
async function subAgentFiles(session: SessionInfo): Promise<string[]> {
  const dir = session.path.slice(0, session.path.lastIndexOf("/")) || ".";
  const nested = join(dir, session.id, "subagents");
  const files = (await isDir(nested))
    ? (await jsonlFiles(nested)).map((name) => join(nested, name))
    : [];
  for (const name of await jsonlFiles(dir, (n) => !isSessionFile(n))) {
    const path = join(dir, name);
    if (firstField(await readHead(path, 64 * 1024), "sessionId") === session.id) files.push(path);
  }
  return files;
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Reads a session (with its sub-agent transcripts appended), redacts secrets unless told not to,
 * and gzips it: what the share script packs as manifest kind "conversation".
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readConversation, resolveSession } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60.jsonl`; // or the newest of the cwd
 * await Deno.writeTextFile(
 *   path,
 *   '{"type":"user","cwd":"/srv/app","message":{"role":"user","content":"Fix the login"}}\n',
 * );
 * const c = await readConversation(await resolveSession(path));
 * // then: createShare(c.manifest, [new Blob([c.body]).stream()], options)
 * assert(c.manifest.kind === "conversation" && c.body.length > 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readConversation(
  session: SessionInfo,
  opts: { redact?: boolean } = {},
): Promise<ConversationPackage> {
  const parts = [await Deno.readTextFile(session.path)];
  for (const path of await subAgentFiles(session)) parts.push(await Deno.readTextFile(path));
  let text = parts.map((p) => (p.endsWith("\n") || p === "" ? p : p + "\n")).join("");
  let redactions: RedactionCounts = {};
  let redacted = 0;
  if (opts.redact ?? true) {
    const r = redactJsonl(text);
    text = r.text;
    redactions = r.counts;
    redacted = r.total;
  }
  const raw = new TextEncoder().encode(text);
  const body = await gzip(raw);
  return {
    manifest: {
      v: 1,
      kind: "conversation",
      created: new Date().toISOString(),
      files: [{
        name: `${session.id}.jsonl`,
        type: "application/x-ndjson",
        size: body.length,
        encoding: "gzip",
        decodedSize: raw.length,
      }],
    },
    body,
    redactions,
    redacted,
    rawSize: raw.length,
  };
}

/**
 * The `share.ts sessions` listing: one line per session, newest first.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSessions } from "./mod.ts";
 * const table = formatSessions([{
 *   id: "0f1e2d3c-2f4d-4c3b-9a8e-1d2c3b4a5f60",
 *   path: "/home/ada/.claude/projects/-srv-app/0f1e2d3c-2f4d-4c3b-9a8e-1d2c3b4a5f60.jsonl",
 *   modified: new Date(2026, 10, 22, 10, 4),
 *   size: 48_230,
 *   title: "Fix the login redirect loop",
 * }]); // as listSessions() gives them
 * // 2026-11-22 10:04  47.1 KiB  0f1e2d3c-…  Fix the login redirect loop
 * assert(table.includes("47.1 KiB") && table.includes("Fix the login redirect loop"));
 * ```
 */
export function formatSessions(sessions: SessionInfo[]): string {
  return sessions.map((s) => {
    const time = s.modified.toISOString().slice(0, 16).replace("T", " ");
    return `${time}  ${formatBytes(s.size).padStart(8)}  ${s.id}  ${s.title ?? ""}`;
  }).join("\n");
}
