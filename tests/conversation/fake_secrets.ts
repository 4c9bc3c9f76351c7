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
const HEX = "0123456789abcdef";
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = ALNUM + "+/";
const B64URL = ALNUM + "-_";
const BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

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
  /** A realistic sentence, command or file containing it (exactly one secret). */
  context: string;
}

/** `-----BEGIN <label>-----`, split so that this file holds no PEM header. */
const pemLine = (edge: "BEGIN" | "END", label: string) => `${"-".repeat(5)}${edge} ${label}-----`;

/**
 * Builds the corpus: every kind the redactor knows, most in several of the places they occur (a
 * command, a config file, prose, JSON). Prefixes are split ("gh" + "p_") so that scanners reading
 * this file do not take it for a leak.
 * @example
 * ```ts
 * const corpus = fakeSecrets();
 * ```
 */
export function fakeSecrets(): FakeSecret[] {
  const r = generator(20261122);
  const pem = (label: string, lines: number) =>
    [pemLine("BEGIN", label), ...Array.from({ length: lines }, () => r(B64, 64))].join("\n") +
    "\n" + pemLine("END", label);
  const hex = (n: number) => r(HEX, n);
  const s = (value: string, kind: SecretKind, context: (v: string) => string): FakeSecret => ({
    kind,
    value,
    context: context(value),
  });
  const gcpKeyBody = r(B64, 64);
  const gcpPem = `${pemLine("BEGIN", "PRIVATE KEY")}\n${gcpKeyBody}\n${
    pemLine("END", "PRIVATE KEY")
  }\n`;
  return [
    s(pem("RSA PRIVATE KEY", 4), "private-key", (v) => `cat ~/.ssh/id_rsa\n${v}\n`),
    s(pem("OPENSSH PRIVATE KEY", 1), "private-key", (v) => `Key file:\n${v}`),
    s(gcpKeyBody, "private-key", () =>
      JSON.stringify(
        {
          type: "service_" + "account",
          project_id: "demo",
          private_key_id: hex(40),
          private_key: gcpPem,
          client_email: "ci@demo.iam.example.test",
        },
        null,
        2,
      )),
    s(
      "eyJ" + r(B64URL, 30) + ".eyJ" + r(B64URL, 60) + "." + r(B64URL, 43),
      "jwt",
      (v) => `curl -H "Authorization: Bearer ${v}" https://api.example.test/me`,
    ),
    s(
      r(B64URL, 43),
      "hushlink-key",
      (v) => `Shared it: https://hush.example.test/s/${r(B64URL, 22)}#${v} (expires in 1 day)`,
    ),
    s(r(B64URL, 43), "hushlink-key", (v) => `open http://127.0.0.1:8000/s/${r(B64URL, 22)}#${v}`),
    s("sk-" + "ant-api03-" + r(B64URL, 93) + "AA", "anthropic-key", (v) => `ANTHROPIC ${v} used`),
    s("sk-" + "ant-admin01-" + r(B64URL, 93) + "AA", "anthropic-key", (v) => `admin key: ${v}`),
    s("sk-" + "proj-" + r(B64URL, 120), "openai-key", (v) => `client = OpenAI(api_key="${v}")`),
    s("sk-" + "svcacct-" + r(B64URL, 100), "openai-key", (v) => `service account ${v}`),
    s("sk-" + "admin-" + r(B64URL, 80), "openai-key", (v) => `admin: ${v}`),
    s("sk-" + r(ALNUM, 20) + "T3Blbk" + "FJ" + r(ALNUM, 20), "openai-key", (v) => `old ${v}.`),
    s("gh" + "p_" + r(ALNUM, 36), "github-token", (v) => `git remote set-url https://${v}@host`),
    s("gh" + "s_" + r(ALNUM, 36), "github-token", (v) => `token(${v})`),
    s("github" + "_pat_" + r(ALNUM + "_", 82), "github-token", (v) => `PAT: ${v}`),
    s("glpat" + "-" + r(B64URL, 20), "gitlab-token", (v) => `gitlab ${v}`),
    s("AKIA" + r(UPPER + DIGITS, 12) + "TEST", "aws-access-key", (v) => `aws id ${v},`),
    s(r(B64, 40), "aws-secret-key", (v) => `[default]\naws_secret_access_key = ${v}\n`),
    s(r(B64, 40), "aws-secret-key", (v) => `Access key ID: in vault\nSecret access key: ${v}`),
    s(r(B64, 40), "aws-secret-key", (v) => `AWS Secret Access Key [None]: ${v}`),
    s(r(B64, 40), "aws-secret-key", (v) => `{"Credentials": {"SecretAccessKey": "${v}"}}`),
    s("AIza" + r(B64URL, 35), "google-api-key", (v) => `maps?key=${v}&q=x`),
    s("GOC" + "SPX-" + r(B64URL, 28), "google-oauth-secret", (v) => `"client_secret":"${v}"`),
    s("ya" + "29." + r(B64URL, 120), "google-oauth-token", (v) => `access token ${v}`),
    s("xox" + "b-" + r(DIGITS, 12) + "-" + r(ALNUM, 24), "slack-token", (v) => `SLACK ${v}`),
    s(
      "https://hooks.slack.com/" + "services/T" + r(UPPER + DIGITS, 8) + "/B" +
        r(UPPER + DIGITS, 10) + "/" + r(ALNUM, 24),
      "slack-webhook",
      (v) => `curl -X POST -d '{"text":"hi"}' ${v}`,
    ),
    s(
      "https://discord.com/api/" + "webhooks/" + r(DIGITS, 18) + "/" + r(B64URL, 68),
      "discord-webhook",
      (v) => `DISCORD_HOOK_URL is ${v}`,
    ),
    s(
      "MTE" + r(DIGITS, 2) + r(ALNUM, 19) + "." + r(B64URL, 6) + "." + r(B64URL, 38),
      "discord-token",
      (v) => `client.run("${v}")`,
    ),
    s(
      "7" + r(DIGITS, 9) + ":A" + "A" + r(B64URL, 33),
      "telegram-token",
      (v) => `curl https://api.telegram.org/bot${v}/getMe`,
    ),
    s("sk" + "_live_" + r(ALNUM, 24), "stripe-key", (v) => `stripe.api_key = '${v}'`),
    s("rk" + "_live_" + r(ALNUM, 24), "stripe-key", (v) => `restricted ${v}`),
    s("whsec" + "_" + r(ALNUM, 32), "stripe-webhook-secret", (v) => `endpoint secret ${v}`),
    s("npm" + "_" + r(ALNUM, 36), "npm-token", (v) => `//registry/:_authToken=${v}`),
    s(
      r(HEX, 8) + "-" + r(HEX, 4) + "-" + r(HEX, 12),
      "npm-token",
      (v) => `//registry.example.test/:_authToken=${v}`,
    ),
    s("py" + "pi-AgEIcHlwaS5vcmc" + r(B64URL, 120), "pypi-token", (v) => `password = ${v}`),
    s("h" + "f_" + r(UPPER + LOWER, 34), "huggingface-token", (v) => `huggingface-cli ${v}`),
    s(
      "S" + "G." + r(B64URL, 22) + "." + r(B64URL, 43),
      "sendgrid-key",
      (v) => `sg = SendGridAPIClient("${v}")`,
    ),
    s("S" + "K" + hex(32), "twilio-key", (v) => `twilio api key ${v} created`),
    s("ke" + "y-" + hex(32), "mailgun-key", (v) => `auth=("api", "${v}")`),
    s("do" + "p_v1_" + hex(64), "digitalocean-token", (v) => `doctl auth init -t ${v}`),
    s("shp" + "at_" + hex(32), "shopify-token", (v) => `X-Shopify-Access-Token: ${v}`),
    s("lin" + "_api_" + r(ALNUM, 40), "linear-key", (v) => `linear ${v}`),
    s("d" + "p.pt." + r(ALNUM, 43), "doppler-token", (v) => `doppler configure set token ${v}`),
    s("HR" + "KU-AA" + r(B64URL, 58), "heroku-key", (v) => `heroku key ${v}`),
    s("da" + "pi" + hex(32), "databricks-token", (v) => `databricks token ${v}`),
    s("AGE-" + "SECRET-KEY-1" + r(BECH32, 58), "age-key", (v) => `# created: now\n${v}\n`),
    s(
      hex(32),
      "sentry-dsn",
      (v) => `Sentry.init({ dsn: "https://${v}@o4507.ingest.sentry.io/45" })`,
    ),
    s(
      r(B64, 86) + "==",
      "azure-key",
      (v) =>
        `DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${v};EndpointSuffix=example.test`,
    ),
    s(
      r(ALNUM, 43) + "%3D",
      "azure-sas",
      (v) => `https://demo.blob.example.test/c/a.txt?sv=2024-11-04&sp=r&se=2026-01-01&sig=${v}`,
    ),
    s(
      btoa(pemLine("BEGIN", "RSA PRIVATE KEY")) + r(B64, 200),
      "kubeconfig-key",
      (v) =>
        `users:\n- name: ada\n  user:\n    client-certificate-data: ${
          btoa(pemLine("BEGIN", "CERTIFICATE")) + r(B64, 200)
        }\n    client-key-data: ${v}\n`,
    ),
    s(
      btoa("ada:" + r(ALNUM, 16)),
      "docker-auth",
      (v) => `{\n  "auths": {\n    "registry.example.test": {\n      "auth": "${v}"\n    }\n  }\n}`,
    ),
    s(r(ALNUM, 40), "bearer-token", (v) => `curl -H "Authorization: Bearer ${v}" https://x.test`),
    s(r(B64URL, 32) + "." + r(B64URL, 12), "bearer-token", (v) => `Authorization: Bearer ${v}\n`),
    s(r(ALNUM, 24), "bearer-token", (v) => `{"headers": {"Authorization": "Bearer ${v}"}}`),
    s(btoa("ada:" + r(ALNUM, 12)), "basic-auth", (v) => `Authorization: Basic ${v}`),
    s(r(ALNUM, 14), "cli-password", (v) => `curl -u ada:${v} https://api.example.test/`),
    s(r(ALNUM, 14), "cli-password", (v) => `mysql -u root -p${v} -h db app < dump.sql`),
    s(r(ALNUM, 14), "cli-password", (v) => `mysqldump --user=root --password=${v} app`),
    s(r(ALNUM, 10) + "7", "cli-password", (v) => `docker login --password ${v} registry`),
    s(
      "hunter2-" + r(ALNUM, 8),
      "url-password",
      (v) => `DATABASE_URL is postgres://app:${v}@db:5432/app`,
    ),
    s(r(ALNUM, 20), "url-password", (v) => `redis-cli -u redis://:${v}@cache:6379/0`),
    s(r(ALNUM, 9) + "&3", "password", (v) => `the admin password is ${v}`),
    s(r(LOWER, 6) + "2!" + r(LOWER, 1), "password", (v) => `Password for ada was: \`${v}\`.`),
    s(r(LOWER, 6) + "2!" + r(LOWER, 1), "secret-assignment", (v) => `login ada, pwd: ${v}`),
    s(r(ALNUM, 24), "secret-assignment", (v) => `SESSION_SECRET=${v}`),
    s(r(ALNUM, 16), "secret-assignment", (v) => `export DB_PASSWORD="${v}"`),
    s(r(ALNUM, 20), "secret-assignment", (v) => `{"client_secret": "${v}"}`),
    s(r(ALNUM, 12), "secret-assignment", (v) => `password: '${v}'`),
    s(r(B64, 50), "secret-assignment", (v) => `SECRET_KEY=${v}`),
    s(r(B64URL, 50), "secret-assignment", (v) => `DJANGO_SECRET_KEY='${v}'`),
    s(hex(128), "secret-assignment", (v) => `SECRET_KEY_BASE=${v}`),
    s(r(ALNUM, 12), "secret-assignment", (v) => `DB_PASS=${v}`),
    s(r(ALNUM, 12), "secret-assignment", (v) => `MYSQL_ROOT_PWD=${v}`),
    s(hex(64), "secret-assignment", (v) => `ENCRYPTION_KEY=${v}`),
    s(r(ALNUM, 32), "secret-assignment", (v) => `OAUTH_CLIENT_SECRET=${v}`),
    s(r(B64, 44), "secret-assignment", (v) => `signing_key: "${v}"`),
    s(hex(32), "secret-assignment", (v) => `RAILS_MASTER_KEY=${v}`),
    s(r(ALNUM, 16), "secret-assignment", (v) => `PGPASSWORD=${v} psql -h db -U app`),
    s(
      r(LOWER + DIGITS, 6) + "." + r(LOWER + DIGITS, 16),
      "secret-assignment",
      (v) => `users:\n- name: ci\n  user:\n    token: ${v}\n`,
    ),
    // Assignments inside the value of another name: a URL's query, PowerShell, a Go literal.
    s(
      r(ALNUM, 40),
      "secret-assignment",
      (v) => `GET https://api.example.test/me?access_token=${v}&x=1`,
    ),
    s(hex(64), "secret-assignment", (v) => `https://b.s3.example.test/k?X-Amz-Signature=${v}`),
    s(r(ALNUM, 20), "secret-assignment", (v) => `$env:API_KEY = "${v}"`),
    s(r(ALNUM, 20), "secret-assignment", (v) => `cfg := Config{APIKey: "${v}"}`),
    s(r(ALNUM, 14), "secret-assignment", (v) => `'password' => '${v}',`),
    s(r(ALNUM, 14), "secret-assignment", (v) => `password: \`${v}\``),
    s(r(ALNUM, 8) + "<" + r(ALNUM, 8), "secret-assignment", (v) => `DB_PASSWORD='${v}'`),
    s(r(ALNUM, 14), "password", (v) => `machine api.example.test\n  login ada\n  password ${v}\n`),
    s(r(ALNUM, 32) + "7", "password", (v) => `my API key is ${v}, keep it safe`),
    s(btoa("ada:" + r(ALNUM, 12)), "docker-auth", (v) => `_auth=${v}\nalways-auth=true`),
    s(r(ALNUM, 40), "bearer-token", (v) => `GET /user HTTP/1.1\r\nAuthorization: token ${v}\r\n`),
    s(r(ALNUM, 32), "cli-password", (v) => `vercel deploy --prod --token ${v}`),
    s(r(ALNUM, 32), "cli-password", (v) => `tool sync --api-key=${v} --verbose`),
    s(r(ALNUM, 14), "cli-password", (v) => `sshpass -p '${v}' ssh ada@db.example.test`),
    s(r(ALNUM, 14), "cli-password", (v) => `redis-cli -h cache -a ${v} ping`),
    s(
      "sk" + "_test_" + r(ALNUM, 24),
      "stripe-key",
      (v) => `curl https://${v}:@api.example.test/v1`,
    ),
    // A private key cut short in a file read (line-number gutter) and inside JSON inside JSON.
    s(
      r(B64, 64),
      "private-key",
      (v) => `     1→${pemLine("BEGIN", "RSA PRIVATE KEY")}\n     2→${v}\n     3→${r(B64, 64)}\n`,
    ),
    s(
      r(B64, 64),
      "private-key",
      (v) => JSON.stringify(JSON.stringify({ key: `${pemLine("BEGIN", "PRIVATE KEY")}\n${v}\n` })),
    ),
    s(
      r(B64, 64),
      "private-key",
      (v) =>
        `PuTTY-User-Key-File-3: ssh-ed25519\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5AAAAI${
          r(B64, 43)
        }\nPrivate-Lines: 1\n${v}\nPrivate-MAC: ${hex(64)}\n`,
    ),
  ];
}

/**
 * Text that looks a little like secrets but is not, and must come out unchanged: code that names
 * secrets, references and placeholders, prose about passwords, hashes, ids, public keys and data.
 * @example
 * ```ts
 * for (const text of lookAlikes()) console.log(text);
 * ```
 */
export function lookAlikes(): string[] {
  const r = generator(7);
  // Base64 data with secret-like runs inside it: inside a longer token, nothing may match.
  const base64 = r(B64, 200) + "AKIA" + r(UPPER, 16) + r(B64, 50) + "sk" + "_live_" +
    r(ALNUM, 30) + r(B64, 100) + "SK" + r(HEX, 32) + r(B64, 40) + "==";
  return [
    "Use scikit-learn (sk-learn) for the model; the task-risk is low.",
    `commit ${r(HEX, 40)} fixed it`,
    `sha256 ${r(HEX, 64)}  dist/app.tar.gz`,
    "session 5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60 resumed",
    base64,
    `![chart](data:image/png;base64,${r(B64, 300)}=)`,
    `"integrity": "sha512-${r(B64, 86)}=="`,
    `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r(B64, 43)} ada@laptop`,
    `    certificate-authority-data: ${btoa(pemLine("BEGIN", "CERTIFICATE")) + r(B64, 120)}`,
    "const token = getToken();\nconst apiKey = config.apiKey;",
    "password: Optional[str] = None",
    "token: Option<String>,",
    'api_key=os.environ["API_KEY"]',
    'password = os.getenv("DB_PASSWORD")',
    "token = process.env.GITHUB_TOKEN",
    "interface Auth {\n  apiKey: string;\n  secret: &str;\n  token: Uint8Array;\n}",
    "password: str",
    "def login(password: str) -> bool:",
    "const token = await getToken();",
    "curl https://x.test?token=${TOKEN}",
    'password="<your-password>"',
    "API_KEY=your-api-key-here",
    "SECRET_KEY=changeme\nSECRET_KEY=xxxx\nSECRET_KEY=***\nSECRET_KEY=...",
    "MAX_TOKENS=4096 and max_tokens: 1024",
    "token_count: 12",
    "Authorization: Bearer $TOKEN",
    "fetch(url, { headers: { Authorization: `Bearer ${token}` } })",
    "Authorization: Bearer <token>",
    "Bearer authentication is described in RFC 6750; Basic auth in RFC 7617.",
    "Error: the password is wrong",
    "password: ",
    "password is required",
    "The password is case-sensitive.",
    '{"username": "ada", "password": ""}',
    "password_hash = bcrypt.hash(pw)",
    'fetch(url, { credentials: "include" })',
    "password: required, at least 12 characters",
    "export GITHUB_TOKEN=$(gh auth token)",
    'API_KEY="${API_KEY}"',
    "password: ${{ secrets.DB_PASSWORD }}",
    "https://example.com:8443/path?x=1 and git@github.com:owner/repo.git",
    "postgres://app:${DB_PASS}@localhost/app and mysql://user:password@localhost/db",
    "The -----BEGIN PUBLIC KEY----- block is public.",
    "ghp_short and AKIA1234 and eyJhbGciOi only",
    "PWD=/home/ada/projects/app\nOLDPWD=/home/ada",
    "GOOGLE_APPLICATION_CREDENTIALS=/home/ada/keys/sa.json",
    "bypass: enabled",
    "git push -u origin main && docker run -u 1000:1000 app && mkdir -p build",
    "mysql -u root -p app",
    "Use the --password option or --password-stdin.",
    "the link is https://hush.example.test/s/AAAAAAAAAAAAAAAAAAAAAA (key sent separately)",
    "max_token: 100000\npassword: String?\npassword: !vault |\npassword: %(db_pw)s",
    '{"access_token_type": "bearer", "token": "required"}',
    'curl -u "$USER:$PASS" https://x.test && mysql -p"$PW" && run --password=$PW',
    "usage: login --password=PASSWORD | Authorization: Bearer YOUR_ACCESS_TOKEN_HERE",
    "postgres://user:pass@localhost/db and mysql://root:<password>@db/app",
    "Basic dGhpcyBpcyBhIHRlc3Q= is just base64 text",
    "The password was changed in 2024; the password is at least 8 characters.",
    "[REDACTED:github-token] and token=[REDACTED:secret-assignment]",
    "const token = req.headers.authorization?.split(' ')[1];",
    "secret: process.env.JWT_SECRET!,\naccessToken: session?.accessToken,",
    "token := String::from(raw) and 'password' => Hash::make($request->password),",
    "items.filter(password => password.length >= 12).map(token => token.trim())",
    '{"pwd": "/home/ada/projects/app"}',
    "https://x.test/search?q=token&page_token=&key=value",
    "--max-token=4096 --token-file ~/.token --tokens 12 --token $TOKEN",
    "sshpass -f ~/.pw ssh -p 2222 ada@host",
    "machine learning login flow: the password field",
    "The token is expired; the API key is invalid (HTTP 401).",
    "pass `--upload-token TOKEN`, or `redis-cli -a PASSWORD`, or `--password PASSWORD`.",
  ];
}
