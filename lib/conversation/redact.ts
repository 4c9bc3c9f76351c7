/**
 * Secret redaction for transcripts, applied before anything is encrypted (on by default in the
 * share script). Each secret found is replaced by a marker naming its kind, e.g.
 * `[REDACTED:github-token]`; callers get counts by kind, never the values.
 *
 * Patterns are anchored so that they do not fire inside longer tokens: a key must not be preceded
 * or followed by characters that would continue it (this keeps base64 image data, hashes and
 * UUIDs intact). On JSON Lines, each line that parses is redacted value by value (strings are
 * matched decoded, so JSON escapes cannot hide or split a secret) and re-serialised only when
 * something changed, so the output stays valid JSON Lines and untouched lines stay byte-identical.
 * Runs in Deno and in the browser. The rules are listed in docs/CONVERSATIONS.md.
 * @module
 */

/** Kinds of secret, as they appear in markers and counts. */
export type SecretKind =
  | "private-key"
  | "jwt"
  | "anthropic-key"
  | "openai-key"
  | "github-token"
  | "aws-access-key"
  | "aws-secret-key"
  | "google-api-key"
  | "slack-token"
  | "stripe-key"
  | "npm-token"
  | "gitlab-token"
  | "url-password"
  | "secret-assignment";

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
 * marker("jwt"); // "[REDACTED:jwt]"
 * ```
 */
export function marker(kind: SecretKind): string {
  return `[REDACTED:${kind}]`;
}

const MARKER_PREFIX = "[REDACTED:";

/** Token patterns: the whole match is the secret. Order matters (specific before general). */
const TOKENS: [SecretKind, RegExp][] = [
  [
    "private-key",
    // A whole PEM block; when the END line is missing (output cut short) the base64 lines after
    // BEGIN are taken instead.
    /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?:\s*[A-Za-z0-9+/=:,-]{8,})*)/g,
  ],
  [
    "jwt",
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g,
  ],
  ["anthropic-key", /(?<![A-Za-z0-9_-])sk-ant-[a-z]+[0-9]*-[A-Za-z0-9_-]{20,}/g],
  [
    "openai-key",
    /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{32,}(?![A-Za-z0-9_-]))/g,
  ],
  [
    "github-token",
    /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})(?![A-Za-z0-9_])/g,
  ],
  ["aws-access-key", /(?<![A-Za-z0-9+/])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9+/])/g],
  ["google-api-key", /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g],
  ["slack-token", /(?<![A-Za-z0-9_-])xox[abposre]-[A-Za-z0-9-]{10,}/g],
  ["stripe-key", /(?<![A-Za-z0-9_+/])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}(?![A-Za-z0-9_])/g],
  ["npm-token", /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g],
  ["gitlab-token", /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}/g],
];

/**
 * `scheme://user:password@` — only the password is replaced. Brackets are excluded so that a
 * token already replaced by a marker in the user part is not taken for a user name.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"'<>\\[\]]+:)([^\s/?#@"'<>\\[\]]+)@/gi;

/** `NAME = value`, `name: "value"`, `"name": "value"`, `NAME := value`. */
const ASSIGNMENT =
  /(?<![A-Za-z0-9_])(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1([ \t]*(?::=|[:=])[ \t]*)(?:"([^"\s]*)"|'([^'\s]*)'|([^\s"'`,;)}\]]+))/g;

/** Names whose value is a secret: the keyword must end the name (so MAX_TOKENS is not one). */
const SECRET_NAME =
  /(?:secret|token|password|passwd|passphrase|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key)$/i;

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const MIN_VALUE = 6;
const NOT_VALUES = new Set(["null", "none", "true", "false", "undefined", "nil"]);

function secretNameKind(name: string): SecretKind | null {
  if (!SECRET_NAME.test(name)) return null;
  return /aws.*secret/i.test(name) ? "aws-secret-key" : "secret-assignment";
}

/**
 * Whether `value` assigned to a secret-sounding name looks like an actual secret rather than a
 * reference, a placeholder or code (`$TOKEN`, `{{ token }}`, `getToken()`, `config.apiKey`).
 */
function looksSecret(value: string, quoted: boolean, envName: boolean): boolean {
  if (value.length < MIN_VALUE || value.startsWith(MARKER_PREFIX)) return false;
  if (/^[$%<{]/.test(value) || NOT_VALUES.has(value.toLowerCase())) return false;
  if (quoted || envName) return true;
  // Unquoted after a lower-case name: prose or code unless it has a digit or symbol and is not a
  // call or a member access.
  if (value.length < 8 || /[()]/.test(value)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  return /[^A-Za-z]/.test(value);
}

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
  return s.length >= 256 && !NOT_BASE64.test(s);
}

function redactString(s: string, counter: Counter): string {
  // Nothing shorter can hold any of the patterns; most JSON strings in a transcript are short.
  if (s.length < 8 || isBase64Blob(s)) return s;
  let out = s;
  for (const [kind, re] of TOKENS) out = out.replace(re, () => counter.add(kind));
  out = out.replace(URL_PASSWORD, (all, head: string, password: string) => {
    if (password.startsWith("$") || password.startsWith(MARKER_PREFIX)) return all;
    return `${head}${counter.add("url-password")}@`;
  });
  out = out.replace(
    ASSIGNMENT,
    (all, q: string, name: string, sep: string, dq?: string, sq?: string, bare?: string) => {
      const kind = secretNameKind(name);
      const value = dq ?? sq ?? bare ?? "";
      if (!kind || !looksSecret(value, bare === undefined, ENV_NAME.test(name))) return all;
      const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : "";
      return `${q}${name}${q}${sep}${quote}${counter.add(kind)}${quote}`;
    },
  );
  return out;
}

/** Redacts every string inside a parsed JSON value; object keys name secrets too. */
function redactValue(v: unknown, counter: Counter): unknown {
  if (typeof v === "string") return redactString(v, counter);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, counter));
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(v)) {
      const kind = secretNameKind(key);
      out[key] = kind && typeof value === "string" && looksSecret(value, true, false) &&
          !/\s/.test(value)
        ? counter.add(kind)
        : redactValue(value, counter);
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
 * redactText("export GITHUB_TOKEN=ghp_" + "a".repeat(36)).text;
 * // "export GITHUB_TOKEN=[REDACTED:github-token]"
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
 * const line = JSON.stringify({ type: "user", message: { role: "user",
 *   content: "key: AKIAIOSFODNN7EXAMPLE" } });
 * const { text, counts } = redactJsonl(line + "\n");
 * JSON.parse(text.trim()).message.content; // "key: [REDACTED:aws-access-key]"
 * counts; // { "aws-access-key": 1 }
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
 * formatCounts({ "github-token": 2, jwt: 1 }); // "3 secrets redacted (github-token 2, jwt 1)"
 * formatCounts({}); // "no secrets found"
 * ```
 */
export function formatCounts(counts: RedactionCounts): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return "no secrets found";
  const list = entries.map(([kind, n]) => `${kind} ${n}`).join(", ");
  return `${total} secret${total === 1 ? "" : "s"} redacted (${list})`;
}
