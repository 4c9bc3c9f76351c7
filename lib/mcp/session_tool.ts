/**
 * The `share_session` tool: shares a Claude Code session transcript, by default the running one.
 * Claude Code starts its MCP servers in the project directory and appends to the running
 * session's transcript as it goes, so the most recently written session of this process's
 * working directory is the conversation that calls the tool. The transcript is packed exactly as
 * `share.ts --session` packs it (lib/sessions/mod.ts: sub-agents appended, secrets
 * redacted unless told otherwise, gzip) and uploaded like the other share tools.
 * @module
 */
import { resolve } from "node:path";
import { formatCounts, type RedactionCounts } from "../conversation/redact.ts";
import {
  type ConversationPackage,
  readConversation,
  resolveSession,
  SessionError,
  type SessionInfo,
} from "../sessions/mod.ts";
import { ToolFailure } from "./result.ts";
import {
  type ShareContext,
  type SharedLinks,
  type ShareSettings,
  uploadPackage,
} from "./share_tools.ts";

/** What to share: the tool's arguments besides the share settings. */
export interface SessionChoice {
  /** A session id, a unique prefix of one, or a `.jsonl` path; the newest session if absent. */
  session?: string;
  /** The project directory whose sessions are meant; this process's working directory if absent. */
  cwd?: string;
  /** Replace secrets with markers before encrypting (default: true). */
  redact?: boolean;
}

/** What `share_session` returns: the links plus which session went out and how it was redacted. */
export interface SharedSession extends SharedLinks {
  /** The session's id. */
  sessionId: string;
  /** Its title (the first prompt, redacted like the transcript), or null when it has none. */
  title: string | null;
  /** Whether secrets were redacted before encrypting. */
  redacted: boolean;
  /** Secrets replaced, by kind (never their values); empty when not redacted. */
  redactions: RedactionCounts;
  /** One line about redaction, e.g. "2 secrets redacted (github-token 2)", or the warning. */
  redaction: string;
}

/** The warning that replaces the redaction summary when redaction was turned off. */
const NOT_REDACTED =
  "NOT REDACTED: the transcript was shared exactly as written, with any keys, tokens or " +
  "passwords it holds; delete it with the delete link if that was not meant";

/**
 * Finds the session, packs it (redacted unless `choice.redact` is false), encrypts and uploads it.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shareSession } from "./session_tool.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A hushlink server on a local port, on an in-memory KV.
 * await using kv = await Deno.openKv(":memory:");
 * await using http = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   createApp({ kv, config: loadConfig({}) }).fetch,
 * );
 * const dir = await Deno.makeTempDir();
 * const session = `${dir}/5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60.jsonl`; // else the newest of cwd
 * await Deno.writeTextFile(
 *   session,
 *   '{"type":"user","cwd":"/srv/app","message":{"role":"user","content":"Fix the login"}}\n',
 * );
 * const shared = await shareSession({ server: `http://127.0.0.1:${http.addr.port}` }, {
 *   session,
 *   views: 1,
 * });
 * assert(shared.link.includes("/s/") && shared.redacted && typeof shared.redaction === "string");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function shareSession(
  context: ShareContext,
  choice: SessionChoice & ShareSettings = {},
): Promise<SharedSession> {
  // A relative or slash-ended directory would name a project folder Claude Code never made.
  const cwd = resolve(choice.cwd ?? Deno.cwd());
  const redact = choice.redact ?? true;
  const { session, conversation } = await readSession(choice.session, cwd, redact);
  const links = await uploadPackage(context, {
    manifest: conversation.manifest,
    bodies: [new Blob([conversation.body]).stream()],
  }, choice);
  return {
    ...links,
    sessionId: session.id,
    // sessions.ts derives titles from the redacted start of the file, with or without redaction.
    title: session.title,
    redacted: redact,
    redactions: conversation.redactions,
    redaction: redact ? formatCounts(conversation.redactions) : NOT_REDACTED,
  };
}

async function readSession(
  arg: string | undefined,
  cwd: string,
  redact: boolean,
): Promise<{ session: SessionInfo; conversation: ConversationPackage }> {
  try {
    const session = await resolveSession(arg, { cwd });
    return { session, conversation: await readConversation(session, { redact }) };
  } catch (e) {
    if (e instanceof SessionError) throw new ToolFailure(e.code, sessionMessage(e, arg, cwd));
    if (e instanceof Deno.errors.NotCapable) {
      throw new ToolFailure(
        "permission_denied",
        "this MCP server may not read Claude Code's session files: allow its deno run command " +
          "to read ~/.claude (or $CLAUDE_CONFIG_DIR)",
      );
    }
    throw e;
  }
}

/**
 * The agent's version of a session error: what to pass instead, in tool arguments (the share
 * script's messages name its flags and subcommands, which an agent cannot use here).
 */
function sessionMessage(e: SessionError, arg: string | undefined, cwd: string): string {
  switch (e.code) {
    case "no_home":
      return "cannot find Claude Code's sessions: this MCP server may not read the HOME " +
        "environment variable; allow HOME and CLAUDE_CONFIG_DIR in its deno run command, or " +
        "pass the transcript's .jsonl path as session";
    case "no_project":
      return `Claude Code has no sessions for ${cwd}: pass the project's directory as cwd, or ` +
        "a transcript's .jsonl path as session";
    case "no_sessions":
      return `none of Claude Code's sessions for ${cwd} holds a message yet`;
    case "not_found":
      return `no session ${arg}: neither a transcript file nor a session id of ${cwd} or ` +
        "another project; pass a session id, a unique prefix of one, or a .jsonl path";
    case "ambiguous":
      return `${arg} is the start of several session ids for ${cwd}: pass more of the id`;
  }
}
