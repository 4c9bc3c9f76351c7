/**
 * Claude Code's tagged text. Claude Code records slash commands, their output, the `!` bash mode,
 * background-task notifications, IDE context, memory notes and system reminders as user text
 * wrapped in its own XML-like tags (`<command-name>/model</command-name>`,
 * `<bash-stdout>…</bash-stdout>`). This module splits such text into notes and the words the
 * person actually typed, so that none of it is shown as raw tags or counted as a prompt.
 * Portable (Deno and browser).
 * @module
 */
import type { Block, NoteBlock } from "./model.ts";

/** Tags of one slash command; together they make one `command` note. */
const COMMAND_TAGS = new Set(["command-name", "command-message", "command-args"]);

/** The other tags Claude Code writes, and the note each becomes. */
const NOTE_TAGS: Record<string, { note: NoteBlock["note"]; error: boolean }> = {
  "local-command-stdout": { note: "command-output", error: false },
  "local-command-stderr": { note: "command-output", error: true },
  "bash-input": { note: "bash-input", error: false },
  "bash-stdout": { note: "bash-output", error: false },
  "bash-stderr": { note: "bash-output", error: true },
  "task-notification": { note: "task", error: false },
  "ide_opened_file": { note: "ide", error: false },
  "ide_selection": { note: "ide", error: false },
  "ide_diagnostics": { note: "ide", error: false },
  "user-memory-input": { note: "memory", error: false },
  "system-reminder": { note: "reminder", error: false },
  "local-command-caveat": { note: "reminder", error: false },
};

const TAG = new RegExp(
  `<(${[...COMMAND_TAGS, ...Object.keys(NOTE_TAGS)].join("|")})>([\\s\\S]*?)</\\1>`,
  "g",
);

/** The instruction Claude Code appends to a task notification. */
const OUTPUT_FILE_HINT = /^\s*Read the output file to retrieve the result:[^\n]*\s*$/;

/** System reminders Claude Code appends to a tool's output (a file read, a command's output). */
const REMINDER = /\n*<system-reminder>([\s\S]*?)<\/system-reminder>\n*/g;

/** What Claude Code returns for a call the person refused; a reason follows one of the phrases. */
const REJECTED = /^The user doesn't want to proceed with this tool use\./;
const REJECTION_REASON =
  /(?:The user provided the following reason for the rejection:|the user said:)\s*([\s\S]+)$/;

/** Text Claude Code writes when the person stops a reply. */
const INTERRUPT = /^\[Request interrupted by user[^\]]*\]$/;

/** One inner field of a task notification (`<status>completed</status>`). */
function field(body: string, name: string): string {
  return body.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))?.[1]?.trim() ?? "";
}

/** A task notification as one line: its summary (else its result), and its status. */
function taskNote(body: string): NoteBlock {
  const status = field(body, "status");
  const summary = field(body, "summary") || field(body, "result") || body.replace(/<[^>]+>/g, " ");
  const text = summary.replace(/\s+/g, " ").trim();
  return {
    type: "note",
    note: "task",
    text: status && !text.toLowerCase().includes(status) ? `${text} (${status})` : text,
    error: /fail|error|kill/i.test(status),
  };
}

/**
 * Splits one text of a user line into Claude Code's notes and plain text, in order. Output tags
 * with nothing inside (an empty `<bash-stderr>`) are dropped; plain text that is only whitespace
 * is dropped.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitTagged } from "./tagged.ts";
 * assert.deepEqual(
 *   splitTagged("<command-name>/model</command-name><command-args>opus</command-args>"),
 *   [{ type: "note", note: "command", text: "/model opus", error: false }],
 * );
 * const [ide, text] = splitTagged("<ide_opened_file>The user opened a.ts</ide_opened_file>Fix it");
 * assert(ide.type === "note" && ide.note === "ide");
 * assert.deepEqual(text, { type: "text", text: "Fix it" });
 * ```
 */
export function splitTagged(text: string): Block[] {
  const trimmed = text.trim();
  if (INTERRUPT.test(trimmed)) {
    return [{ type: "note", note: "interrupt", text: trimmed, error: false }];
  }
  if (!trimmed.includes("<")) return trimmed ? [{ type: "text", text }] : [];
  const out: Block[] = [];
  let command: { name: string; args: string } | null = null;
  const flushCommand = () => {
    if (!command) return;
    const text = [command.name, command.args].filter(Boolean).join(" ");
    if (text) out.push({ type: "note", note: "command", text, error: false });
    command = null;
  };
  const plain = (s: string) => {
    // Claude Code follows a background task's notification with an instruction for the model.
    if (!s.trim() || (out.at(-1)?.type === "note" && OUTPUT_FILE_HINT.test(s))) return;
    flushCommand();
    out.push({ type: "text", text: s.trim() });
  };
  let at = 0;
  for (const m of text.matchAll(TAG)) {
    plain(text.slice(at, m.index));
    at = m.index + m[0].length;
    const [, tag, body] = m;
    if (COMMAND_TAGS.has(tag)) {
      command ??= { name: "", args: "" };
      // `command-message` repeats the name without its slash; the name and arguments say it all.
      if (tag === "command-name") command.name = body.trim();
      else if (tag === "command-args") command.args = body.trim();
      continue;
    }
    flushCommand();
    if (tag === "task-notification") {
      out.push(taskNote(body));
      continue;
    }
    const body2 = tag.startsWith("bash-") || tag.startsWith("local-command-std")
      ? body.replace(/^\n+|\s+$/g, "")
      : body.trim();
    if (body2) out.push({ type: "note", ...NOTE_TAGS[tag], text: body2 });
  }
  plain(text.slice(at));
  flushCommand();
  return out;
}

/**
 * A tool's output without the system reminders Claude Code appended to it, and the reminders.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { takeReminders } from "./tagged.ts";
 * assert.deepEqual(
 *   takeReminders("1→a\n\n<system-reminder>\nLooks safe.\n</system-reminder>\n"),
 *   { text: "1→a", reminders: ["Looks safe."] },
 * );
 * ```
 */
export function takeReminders(text: string): { text: string; reminders: string[] } {
  if (!text.includes("<system-reminder>")) return { text, reminders: [] };
  const reminders: string[] = [];
  const rest = text.replace(REMINDER, (_all, body: string) => {
    reminders.push(body.trim());
    return "\n";
  });
  return { text: rest.trim(), reminders };
}

/**
 * Whether a tool result says the person refused the call, and their reason when they gave one.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rejectionOf } from "./tagged.ts";
 * const rejected = rejectionOf(
 *   "The user doesn't want to proceed with this tool use. The tool use was rejected " +
 *     "(…). The user provided the following reason for the rejection:  use pnpm",
 * );
 * assert.deepEqual(rejected, { reason: "use pnpm" });
 * assert.equal(rejectionOf("ok"), null);
 * ```
 */
export function rejectionOf(text: string): { reason: string | null } | null {
  if (!REJECTED.test(text)) return null;
  return { reason: text.match(REJECTION_REASON)?.[1]?.trim() || null };
}
