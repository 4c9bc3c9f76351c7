/**
 * A corpus of FAKE secrets with the shapes real providers use, generated at run time from a fixed
 * seed (so no secret-shaped literal is written in the repository), plus look-alikes that the
 * redactor must leave alone.
 * @module
 */
import type { SecretKind } from "../../lib/conversation/redact.ts";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = ALNUM + "+/";
const B64URL = ALNUM + "-_";

/** Deterministic pseudo-random strings (mulberry32): the same corpus on every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
}

/** One fake secret, where it sits in the text, and the kind it must be reported as. */
export interface FakeSecret {
  kind: SecretKind;
  /** The secret value itself (must not survive redaction). */
  value: string;
  /** A realistic sentence or command containing it. */
  context: string;
}

/**
 * Builds the corpus. Prefixes are split ("gh" + "p_") so that scanners reading this file do not
 * take it for a leak.
 * @example
 * ```ts
 * const corpus = fakeSecrets();
 * ```
 */
export function fakeSecrets(): FakeSecret[] {
  const r = generator(20261122);
  const pem = ["-----BEGIN", "RSA PRIVATE KEY-----"].join(" ") + "\n" +
    Array.from({ length: 4 }, () => r(B64, 64)).join("\n") + "\n" +
    ["-----END", "RSA PRIVATE KEY-----"].join(" ");
  const openssh = ["-----BEGIN", "OPENSSH PRIVATE KEY-----"].join(" ") + "\n" + r(B64, 70) +
    "\n" + ["-----END", "OPENSSH PRIVATE KEY-----"].join(" ");
  const jwt = "eyJ" + r(B64URL, 30) + ".eyJ" + r(B64URL, 60) + "." + r(B64URL, 43);
  const s = (value: string, kind: SecretKind, context: (v: string) => string): FakeSecret => ({
    kind,
    value,
    context: context(value),
  });
  return [
    s(pem, "private-key", (v) => `cat ~/.ssh/id_rsa\n${v}\n`),
    s(openssh, "private-key", (v) => `Key file:\n${v}`),
    s(jwt, "jwt", (v) => `curl -H "Authorization: Bearer ${v}" https://api.example.test/me`),
    s(
      "sk-" + "ant-api03-" + r(B64URL, 93) + "AA",
      "anthropic-key",
      (v) => `ANTHROPIC_KEY ${v} used`,
    ),
    s("sk-" + "proj-" + r(B64URL, 120), "openai-key", (v) => `client = OpenAI(api_key="${v}")`),
    s("sk-" + r(ALNUM, 48), "openai-key", (v) => `old key was ${v}.`),
    s("gh" + "p_" + r(ALNUM, 36), "github-token", (v) => `git remote set-url https://${v}@host`),
    s("gh" + "s_" + r(ALNUM, 36), "github-token", (v) => `token(${v})`),
    s("github" + "_pat_" + r(ALNUM + "_", 82), "github-token", (v) => `PAT: ${v}`),
    s("AKIA" + r(UPPER + DIGITS, 12) + "TEST", "aws-access-key", (v) => `aws id ${v},`),
    s(r(B64, 40), "aws-secret-key", (v) => `aws_secret_access_key = ${v}`),
    s("AIza" + r(B64URL, 35), "google-api-key", (v) => `maps?key=${v}&q=x`),
    s("xox" + "b-" + r(DIGITS, 12) + "-" + r(ALNUM, 24), "slack-token", (v) => `SLACK ${v}`),
    s("sk" + "_live_" + r(ALNUM, 24), "stripe-key", (v) => `stripe.api_key = '${v}'`),
    s("rk" + "_live_" + r(ALNUM, 24), "stripe-key", (v) => `restricted ${v}`),
    s("npm" + "_" + r(ALNUM, 36), "npm-token", (v) => `//registry/:_authToken=${v}`),
    s("glpat" + "-" + r(B64URL, 20), "gitlab-token", (v) => `gitlab ${v}`),
    s(
      "hunter2-" + r(ALNUM, 8),
      "url-password",
      (v) => `DATABASE_URL is postgres://app:${v}@db:5432/app`,
    ),
    s(r(ALNUM, 24), "secret-assignment", (v) => `SESSION_SECRET=${v}`),
    s(r(ALNUM, 16), "secret-assignment", (v) => `export DB_PASSWORD="${v}"`),
    s(r(ALNUM, 20), "secret-assignment", (v) => `{"client_secret": "${v}"}`),
    s(r(ALNUM, 12), "secret-assignment", (v) => `password: '${v}'`),
  ];
}

/**
 * Text that looks a little like secrets but is not, and must come out unchanged.
 * @example
 * ```ts
 * for (const text of lookAlikes()) console.log(text);
 * ```
 */
export function lookAlikes(): string[] {
  const r = generator(7);
  // Base64 data with secret-like runs inside it: inside a longer token, nothing may match.
  const base64 = r(B64, 200) + "AKIA" + r(UPPER, 16) + r(B64, 50) + "sk" + "_live_" +
    r(ALNUM, 30) + r(B64, 100) + "==";
  return [
    "Use scikit-learn (sk-learn) for the model; the task-risk is low.",
    "commit 3f9a2c41d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3 fixed it",
    "session 5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60 resumed",
    base64,
    "const token = getToken();\nconst apiKey = config.apiKey;",
    "MAX_TOKENS=4096 and max_tokens: 1024",
    'fetch(url, { credentials: "include" })',
    "password: required, at least 12 characters",
    "export GITHUB_TOKEN=$(gh auth token)",
    'API_KEY="${API_KEY}"',
    "https://example.com:8443/path?x=1 and git@github.com:owner/repo.git",
    "postgres://app:${DB_PASS}@localhost/app",
    "The -----BEGIN PUBLIC KEY----- block is public.",
    "ghp_short and AKIA1234 and eyJhbGciOi only",
  ];
}
