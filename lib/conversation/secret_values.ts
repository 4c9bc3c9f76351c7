/**
 * What tells a secret from what merely stands for one, for lib/conversation/redact.ts: the kinds
 * of secret, the tests that tell a value from a placeholder, code or prose, and the names whose
 * assigned values are secrets. The token shapes themselves are in ./secret_patterns.ts. Runs in
 * Deno and in the browser. Every rule is listed in docs/CONVERSATIONS.md ("Redaction").
 * @module
 */

/** Kinds of secret, as they appear in markers and counts. */
export type SecretKind =
  | "private-key"
  | "jwt"
  | "hushlink-key"
  | "anthropic-key"
  | "openai-key"
  | "github-token"
  | "gitlab-token"
  | "aws-access-key"
  | "aws-secret-key"
  | "google-api-key"
  | "google-oauth-secret"
  | "google-oauth-token"
  | "slack-token"
  | "slack-webhook"
  | "discord-webhook"
  | "discord-token"
  | "telegram-token"
  | "stripe-key"
  | "stripe-webhook-secret"
  | "npm-token"
  | "pypi-token"
  | "huggingface-token"
  | "sendgrid-key"
  | "twilio-key"
  | "mailgun-key"
  | "digitalocean-token"
  | "shopify-token"
  | "linear-key"
  | "doppler-token"
  | "heroku-key"
  | "databricks-token"
  | "age-key"
  | "sentry-dsn"
  | "azure-key"
  | "azure-sas"
  | "kubeconfig-key"
  | "docker-auth"
  | "bearer-token"
  | "basic-auth"
  | "cli-password"
  | "url-password"
  | "password"
  | "secret-assignment";

/** Placeholders and generic words that stand for a secret without being one. */
const GENERIC =
  /^(?:pass(?:word|wd)?|pwd|secret|token|(?:api[_-]?)?key|value|string|bearer|basic|required|optional|empty|hidden|masked|redacted|null|none|nil|true|false|undefined)$/i;
/** Words that mark a value as an example to fill in (`your-api-key-here`, `changeme`). */
const FILL_IN =
  /(?:^|[^a-z])(?:your|here|example|changeme|change[_-]?me|placeholder|replace[_-]?me|dummy|todo|fixme)(?:[^a-z]|$)/i;

/**
 * Whether `value` stands for a secret rather than being one: a reference or template (`$VAR`,
 * `${VAR}`, `%VAR%`, `{{ x }}`, `<token>`, `@file`, a YAML `!tag`, a marker, PHP's `$a->b`), a run
 * of one character (`xxxx`, `***`), an elision (`...`), a generic word or a fill-in phrase
 * (`your-api-key-here`). A lone `<` or `>` is a password's symbol, not a placeholder.
 */
function isPlaceholder(value: string): boolean {
  return /^[$%<{[!@]/.test(value) || /^(.)\1*$/.test(value) ||
    /\.\.\.|…|<[^<>]*>|->|\$\{/.test(value) ||
    GENERIC.test(value) || FILL_IN.test(value);
}

/**
 * Unquoted values that read as code rather than as a literal: a call, an index or a generic type,
 * a member access, a Rust reference type, a type name, an upper-case variable name.
 */
const CODE = [
  // getToken(), os.environ[, Optional[str], Option<String>, req.headers.authorization?.split(
  /^[A-Za-z_$][\w$.?!:]*[([<]/, // also Hash::make(, String::from(
  // config.apiKey, process.env.GITHUB_TOKEN, session?.token, process.env.JWT_SECRET!; parts are
  // words (a token's parts mix in digits)
  /^[A-Za-z_$][A-Za-z_$]*\d*(?:[?!]?\.[A-Za-z_$][A-Za-z_$]*\d*)+!?$/,
  /^[&*]'?[A-Za-z_][\w:]*$/, // &str, &'static, *const
  /^(?:[A-Z][a-z]+|\d+)*[A-Z][a-z]+[?!]?$/, // String?, Uint8Array, Base64String
  /^[A-Z][A-Z0-9]*_[A-Z0-9_]*$/, // DB_PASSWORD (a name, not a value)
];

const isCode = (value: string) => CODE.some((re) => re.test(value));

/**
 * Whether a value written in prose or code without quotes (`password is …`, `pwd: …`) is a
 * secret: 6+ characters with a digit or a symbol other than `-` and `'` (so "wrong",
 * "case-sensitive" and "required" are words, not passwords), neither code, a path nor a
 * placeholder.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { proseSecret } from "./secret_values.ts";
 * assert(proseSecret("Tr0ub4dor&3"));
 * assert.equal(proseSecret("required"), false);
 * ```
 */
export function proseSecret(value: string): boolean {
  return value.length >= 6 && /[^A-Za-z'-]/.test(value) && !isCode(value) &&
    !/^~?\//.test(value) && !isPlaceholder(value);
}

/**
 * Whether a value is a literal rather than a placeholder or reference (see the placeholder rules
 * above).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { literal } from "./secret_values.ts";
 * assert(literal("s3cr3t-value"));
 * assert.equal(literal("${TOKEN}"), false);
 * ```
 */
export function literal(value: string): boolean {
  return !isPlaceholder(value);
}

/**
 * Whether `value` is base64 of `user:password` (HTTP Basic credentials, docker's `auth`), which
 * base64 of other text ("dGhpcyBpcyBhIHRlc3Q=", "this is a test") is not.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isBasicCredentials } from "./secret_values.ts";
 * assert(isBasicCredentials(btoa("ada:hunter22")));
 * assert.equal(isBasicCredentials(btoa("this is a test")), false);
 * ```
 */
export function isBasicCredentials(value: string): boolean {
  if (value.length < 8 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return false;
  }
  return /^[\x20-\x7e]*:[\x20-\x7e]+$/.test(decoded);
}

/**
 * The name and separator of `NAME=value`, `name: "value"`, `"name": "value"`, `NAME := value`,
 * `'name' => 'value'` (quote in group 1, name 2, separator 3); the value is read by {@link ASSIGNMENT_VALUE}, and only
 * after a secret name, so that the value of any other name (`url: https://x.test/?token=…`,
 * `$env:API_KEY = …`, `cfg := Config{APIKey: …}`) is scanned for assignments of its own. A name
 * cannot start after `.` or `-`, so `--password=` is a command-line flag and a long `a.a.a…` costs
 * one attempt.
 */
export const ASSIGNMENT_NAME =
  /(?<![A-Za-z0-9_.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1([ \t]*(?::=|=>|[:=])[ \t]*)/g;

/**
 * The value after {@link ASSIGNMENT_NAME} (sticky): double-, single- or backtick-quoted (groups 1–3)
 * or bare (4). A bare value ends at white space, a quote, `,;)}]`, or an `&` that starts the next
 * `name=` of a query string (`?access_token=…&x=1`).
 */
export const ASSIGNMENT_VALUE =
  /"([^"\s]*)"|'([^'\s]*)'|`([^`\s]*)`|((?:[^\s"'`,;)}\]&]|&(?![A-Za-z_][A-Za-z0-9_.-]*=))+)/y;

/**
 * Names whose value is a secret. The keyword must end the name (`MAX_TOKENS`, `token_count` and
 * `password_hash` are not secrets); `pass` and `pwd` must be a whole word of it (`DB_PASS`, not
 * `bypass`). `credentials` is not one: it is usually a path or a mode (`credentials: "include"`).
 */
const SECRET_NAME =
  /(?:secret|token|password|passwd|passphrase|(?:^|[_.-])(?:pass|pwd)|(?:api|access|private|auth|secret|encryption|signing|master)[_-]?key|key[_-]?base|(?:amz|goog)-signature)$/i;
/** The shell's working directories, not passwords. */
const NOT_SECRET_NAMES = new Set(["PWD", "OLDPWD"]);
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
/** `auth` of docker's config.json, `_auth` of `.npmrc`: base64 of `user:password`. */
const AUTH_NAME = /^_?auth$/i;

/**
 * Whether a value assigned to `name` may be a secret (see {@link assignmentKind}).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSecretName } from "./secret_values.ts";
 * assert(isSecretName("DB_PASS"));
 * assert.equal(isSecretName("MAX_TOKENS"), false);
 * ```
 */
export function isSecretName(name: string): boolean {
  return AUTH_NAME.test(name) || (SECRET_NAME.test(name) && !NOT_SECRET_NAMES.has(name));
}

/**
 * The kind of secret that `value` assigned to `name` is, or null when it is none: the name must
 * say so, and the value must not be a placeholder, code (when `quoted` is false) or too short. An
 * unquoted value after a lower-case name must also look like a password ({@link proseSecret}) and
 * hold a letter.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assignmentKind } from "./secret_values.ts";
 * assert.equal(assignmentKind("DB_PASS", "s3cr3t-value", false), "secret-assignment");
 * assert.equal(assignmentKind("password", "Optional[str", false), null);
 * assert.equal(assignmentKind("auth", btoa("ada:hunter22"), true), "docker-auth");
 * ```
 */
export function assignmentKind(name: string, value: string, quoted: boolean): SecretKind | null {
  if (AUTH_NAME.test(name)) return isBasicCredentials(value) ? "docker-auth" : null;
  if (!isSecretName(name)) return null;
  if (value.length < 6 || isPlaceholder(value)) return null;
  // `"pwd": "/home/ada"` is a working directory.
  if (/^(?:old)?pwd$/i.test(name) && /^~?\//.test(value)) return null;
  // After a lower-case name, a bare number is a setting (`max_token: 100000`), not a secret.
  const word = !ENV_NAME.test(name) && !(proseSecret(value) && /[A-Za-z]/.test(value));
  if (!quoted && (isCode(value) || word)) return null;
  if (/aws.*secret|secret[_-]?access[_-]?key/i.test(name)) return "aws-secret-key";
  return /^_authToken$/i.test(name) ? "npm-token" : "secret-assignment";
}
