/**
 * Secret redaction for transcripts, applied before anything is encrypted (on by default in the
 * share script). Each secret found is replaced by a marker naming its kind, e.g.
 * `[REDACTED:github-token]`; callers get counts by kind, never the values.
 *
 * What counts as a secret is in ./secret_patterns.ts (token shapes, anchored so that they do not
 * fire inside longer tokens: base64 image data, hashes and UUIDs stay intact) and ./secret_values.ts
 * (values assigned to secret-sounding names, told apart from placeholders and code). Markers are never matched again, so redacting twice
 * changes nothing. On JSON Lines, each line that parses is redacted value by value (strings are
 * matched decoded, so JSON escapes cannot hide or split a secret) and re-serialised only when
 * something changed, so the output stays valid JSON Lines and untouched lines stay byte-identical.
 * Runs in Deno and in the browser. The rules are listed in docs/CONVERSATIONS.md.
 * @module
 */

import { SECRET_PATTERNS, type SecretPattern } from "./secret_patterns.ts";
import {
  ASSIGNMENT_NAME,
  ASSIGNMENT_VALUE,
  assignmentKind,
  isSecretName,
  type SecretKind,
} from "./secret_values.ts";

export type { SecretKind };

/** How many secrets of each kind were replaced (kinds with none are absent). */
export type RedactionCounts = Partial<Record<SecretKind, number>>;

/** Redacted text and what was replaced. */
export interface RedactionResult {
  /** The input with every secret replaced by its marker. */
  text: string;
  /** Replacements by kind. */
  counts: RedactionCounts;
  /** Sum of `counts`. */
  total: number;
}

/**
 * The marker that replaces a secret of `kind`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { marker } from "./redact.ts";
 * assert.equal(marker("jwt"), "[REDACTED:jwt]");
 * ```
 */
export function marker(kind: SecretKind): string {
  return `[REDACTED:${kind}]`;
}

const MARKER_PREFIX = "[REDACTED:";

class Counter {
  readonly counts: RedactionCounts = {};
  total = 0;
  add(kind: SecretKind): string {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    this.total++;
    return marker(kind);
  }
}

/** A character that cannot occur in base64. */
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/**
 * A long run of pure base64 (an inline image, a file's bytes) holds no secret we look for. Tested
 * by searching for a non-base64 character: a whole-string pattern overflows the regex engine's
 * stack on images of several megabytes.
 */
function isBase64Blob(s: string): boolean {
  // `=` only as padding: `NAME=value` is not a blob.
  const eq = s.indexOf("=");
  return s.length >= 256 && !NOT_BASE64.test(s) && (eq === -1 || eq >= s.length - 2);
}

/** Replaces the matches of one pattern that are secrets (see {@link SecretPattern}). */
function applyPattern(text: string, { kind, re, accept }: SecretPattern, counter: Counter): string {
  return text.replace(re, (match: string, ...rest: unknown[]) => {
    const groups = rest.at(-1) as Record<string, string | undefined> | string;
    const head = typeof groups === "object" ? groups.p ?? "" : "";
    const secret = typeof groups === "object" ? groups.s ?? match : match;
    if (secret.startsWith(MARKER_PREFIX) || (accept && !accept(secret))) return match;
    return head + counter.add(kind) + match.slice(head.length + secret.length);
  });
}

function redactString(s: string, counter: Counter): string {
  // Nothing shorter can hold any of the patterns; most JSON strings in a transcript are short.
  if (s.length < 8 || isBase64Blob(s)) return s;
  const lower = s.toLowerCase();
  let out = s;
  for (const pattern of SECRET_PATTERNS) {
    if (pattern.hints?.every((hint) => !lower.includes(hint))) continue;
    out = applyPattern(out, pattern, counter);
  }
  return redactAssignments(out, counter);
}

/**
 * Replaces the values assigned to secret names. The value of any other name is not skipped but
 * scanned on (it may hold `?token=…`); the value of a secret name is read once, so this is linear.
 */
function redactAssignments(s: string, counter: Counter): string {
  let out = "";
  let copied = 0;
  ASSIGNMENT_NAME.lastIndex = 0;
  for (let m = ASSIGNMENT_NAME.exec(s); m !== null; m = ASSIGNMENT_NAME.exec(s)) {
    if (!isSecretName(m[2])) continue;
    const start = m.index + m[0].length;
    ASSIGNMENT_VALUE.lastIndex = start;
    const v = ASSIGNMENT_VALUE.exec(s);
    if (v === null) continue;
    ASSIGNMENT_NAME.lastIndex = start + v[0].length;
    const [all, dq, sq, bq, bare] = v;
    const kind = assignmentKind(m[2], dq ?? sq ?? bq ?? bare ?? "", bare === undefined);
    if (!kind) continue;
    const quote = bare === undefined ? all[0] : "";
    out += s.slice(copied, start) + quote + counter.add(kind) + quote;
    copied = start + all.length;
  }
  return out + s.slice(copied);
}

/**
 * Redacts every string inside a parsed JSON value. A string under a secret-named key (`"token":
 * "…"`) is a secret as a whole unless a pattern inside it already found one (which names the kind
 * better).
 */
function redactValue(v: unknown, counter: Counter): unknown {
  if (typeof v === "string") return redactString(v, counter);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, counter));
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(v)) {
      const redacted = redactValue(value, counter);
      const kind = typeof value === "string" && redacted === value && !/\s/.test(value)
        ? assignmentKind(key, value, true)
        : null;
      out[key] = kind ? counter.add(kind) : redacted;
    }
    return out;
  }
  return v;
}

function result(text: string, counter: Counter): RedactionResult {
  return { text, counts: counter.counts, total: counter.total };
}

/**
 * Redacts secrets in plain text.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { redactText } from "./redact.ts";
 * const { text } = redactText("export GITHUB_TOKEN=ghp_" + "a".repeat(36));
 * assert.equal(text, "export GITHUB_TOKEN=[REDACTED:github-token]");
 * ```
 */
export function redactText(text: string): RedactionResult {
  const counter = new Counter();
  return result(redactString(text, counter), counter);
}

/**
 * Redacts secrets in a JSON Lines document. Lines that parse are redacted inside their string
 * values and re-serialised only if something changed; lines that do not parse are redacted as
 * plain text. Line breaks are kept, so line numbers do not move.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { redactJsonl } from "./redact.ts";
 * const line = JSON.stringify({ type: "user", message: { role: "user",
 *   content: "key: AKIAIOSFODNN7EXAMPLE" } });
 * const { text, counts } = redactJsonl(line + "\n");
 * assert.equal(JSON.parse(text.trim()).message.content, "key: [REDACTED:aws-access-key]");
 * assert.deepEqual(counts, { "aws-access-key": 1 });
 * ```
 */
export function redactJsonl(text: string): RedactionResult {
  const counter = new Counter();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length < 8) continue;
    const before = counter.total;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      lines[i] = redactString(line, counter);
      continue;
    }
    const redacted = redactValue(value, counter);
    if (counter.total !== before) lines[i] = JSON.stringify(redacted);
  }
  return result(lines.join("\n"), counter);
}

/**
 * One line for people: what was redacted, by kind (never values).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatCounts } from "./redact.ts";
 * assert.equal(formatCounts({ "github-token": 2, jwt: 1 }), "3 secrets redacted (github-token 2, jwt 1)");
 * assert.equal(formatCounts({}), "no secrets found");
 * ```
 */
export function formatCounts(counts: RedactionCounts): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return "no secrets found";
  const list = entries.map(([kind, n]) => `${kind} ${n}`).join(", ");
  return `${total} secret${total === 1 ? "" : "s"} redacted (${list})`;
}
