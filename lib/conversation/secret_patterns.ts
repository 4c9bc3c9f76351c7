/**
 * The shapes secrets take, for lib/conversation/redact.ts: provider keys and tokens, and secrets
 * found by their context (headers, command-line flags, URLs, config formats). What tells a value
 * from a placeholder or code is in ./secret_values.ts. Runs in Deno and in the browser. Every rule
 * is listed in docs/CONVERSATIONS.md ("Redaction").
 * @module
 */
import { isBasicCredentials, literal, proseSecret, type SecretKind } from "./secret_values.ts";

/**
 * One rule. The secret is the named group `s` of a match, or the whole match when there is none;
 * the named group `p` is context before it that stays (`AccountKey=`, `curl -u user:`). Patterns
 * must not be able to match a marker, so that redacting twice changes nothing.
 */
export interface SecretPattern {
  kind: SecretKind;
  /**
   * Lower-case literals of which every match holds one: the regex runs only on text that has one
   * (most strings of a transcript have none, and a substring search is far cheaper than a regex).
   * Absent when the pattern has no such literal.
   */
  hints?: string[];
  /**
   * A global regex. Linear on any input: no nested unbounded repeats, and `C{n}C*` instead of
   * `C{n,}`, on which V8 overflows its backtracking stack when the run is megabytes long.
   */
  re: RegExp;
  /** Whether a candidate really is a secret (default: every match is). */
  accept?: (secret: string) => boolean;
}

/**
 * Token patterns, applied in this order (specific before general, so a key gets its own kind and a
 * header or assignment around it sees a marker). Look-arounds keep a token from matching inside a
 * longer one: base64 data, hashes and identifiers stay whole.
 */
export const SECRET_PATTERNS: SecretPattern[] = [
  {
    kind: "private-key",
    hints: ["private key"],
    // A whole PEM block; when the END line is missing (output cut short) the base64 lines after
    // BEGIN (also across `\n` escapes of JSON text, even escaped twice, and after the `  12→`
    // line numbers of a file read). The lazy body stops at the next BEGIN, so many unterminated
    // blocks stay linear.
    re:
      /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:(?:[^-]|-(?!----BEGIN)){0,65536}?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?:(?:\s|\\{1,4}[nr])*(?:\d{1,9}(?:→|\t|\\{1,4}t))?[A-Za-z0-9+/=:,-]{8,1024}){0,4096})/g,
  },
  {
    kind: "private-key",
    hints: ["private-lines:"],
    // The private half of a PuTTY `.ppk` key file: the base64 lines after `Private-Lines: N`.
    re:
      /(?<p>Private-Lines:[ \t]*\d{1,4}(?:\r?\n|\\{1,4}(?:r\\{1,4})?n))(?<s>[A-Za-z0-9+/=]{1,1024}(?![A-Za-z0-9+/=-])(?:(?:\r?\n|\\{1,4}(?:r\\{1,4})?n)[A-Za-z0-9+/=]{1,1024}(?![A-Za-z0-9+/=-])){0,4095})/g,
  },
  {
    kind: "jwt",
    hints: ["eyj"],
    re:
      /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8}[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]{8}[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{16}[A-Za-z0-9_-]*(?![A-Za-z0-9_-])/g,
  },
  // A hushlink view link `<origin>/s/<id>#<key>`: the fragment is the share's key (see
  // lib/crypto/link.ts). The link before `#` stays, so a reader sees which share was meant.
  {
    kind: "hushlink-key",
    hints: ["/s/"],
    re: /(?<p>\/s\/[A-Za-z0-9_-]{1,64})(?<s>#[A-Za-z0-9_-]{43}[A-Za-z0-9_-]*)/g,
  },
  // Webhook URLs are credentials as a whole: anyone holding one can post.
  {
    kind: "slack-webhook",
    hints: ["hooks.slack.com"],
    re:
      /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{16}[A-Za-z0-9_/-]*/g,
  },
  {
    kind: "discord-webhook",
    hints: ["/api/webhooks/"],
    re:
      /https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{40}[A-Za-z0-9_-]*/g,
  },
  // The DSN's user part is the project key (`key:secret` in old DSNs).
  { kind: "sentry-dsn", hints: ["://"], re: /(?<=:\/\/)[0-9a-f]{32}(?::[0-9a-f]{32})?(?=@)/g },
  {
    kind: "anthropic-key",
    hints: ["sk-ant-"],
    re: /(?<![A-Za-z0-9_-])sk-ant-[a-z]+[0-9]*-[A-Za-z0-9_-]{20}[A-Za-z0-9_-]*/g,
  },
  {
    kind: "openai-key",
    hints: ["sk-"],
    re:
      /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20}[A-Za-z0-9_-]*|[A-Za-z0-9]{32}[A-Za-z0-9]*(?![A-Za-z0-9_-]))/g,
  },
  {
    kind: "github-token",
    hints: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    re:
      /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}[A-Za-z0-9]*|github_pat_[A-Za-z0-9_]{22}[A-Za-z0-9_]*)(?![A-Za-z0-9_])/g,
  },
  {
    kind: "gitlab-token",
    hints: ["gl"],
    re:
      /(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat)-[A-Za-z0-9_-]{20}[A-Za-z0-9_-]*/g,
  },
  {
    kind: "aws-access-key",
    hints: ["akia", "asia", "abia", "acca"],
    re: /(?<![A-Za-z0-9+/])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9+/])/g,
  },
  {
    kind: "google-api-key",
    hints: ["aiza"],
    re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: "google-oauth-secret",
    hints: ["gocspx-"],
    re: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: "google-oauth-token",
    hints: ["ya29."],
    re: /(?<![A-Za-z0-9_.-])ya29\.[A-Za-z0-9_-]{30}[A-Za-z0-9_-]*/g,
  },
  {
    kind: "slack-token",
    hints: ["xox", "xapp-"],
    re: /(?<![A-Za-z0-9_-])(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10}[A-Za-z0-9-]*/g,
  },
  {
    kind: "discord-token",
    // Base64 of the bot's numeric id, a timestamp, an HMAC; the id part always has a digit.
    re:
      /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_.-])/g,
    accept: (token) => /\d/.test(token.slice(0, token.indexOf("."))),
  },
  {
    kind: "telegram-token",
    hints: [":aa"],
    // Also inside `api.telegram.org/bot<token>/…`.
    re: /(?:(?<=\/bot)|(?<![A-Za-z0-9_:]))\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: "stripe-key",
    hints: ["_live_", "_test_"],
    // Also as the user of a URL (`https://sk_live_…:@api.stripe.com`).
    re:
      /(?:(?<=:\/\/)|(?<![A-Za-z0-9_+/]))(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16}[A-Za-z0-9]*(?![A-Za-z0-9_])/g,
  },
  {
    kind: "stripe-webhook-secret",
    hints: ["whsec_"],
    re: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/=]{24}[A-Za-z0-9+/=]*/g,
  },
  {
    kind: "npm-token",
    hints: ["npm_"],
    re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
  },
  {
    kind: "pypi-token",
    hints: ["pypi-"],
    // A macaroon whose first bytes name pypi.org or test.pypi.org.
    re:
      /(?<![A-Za-z0-9_-])pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50}[A-Za-z0-9_-]*/g,
  },
  {
    kind: "huggingface-token",
    hints: ["hf_"],
    re: /(?<![A-Za-z0-9_])hf_[A-Za-z]{34}[A-Za-z]*(?![A-Za-z0-9_])/g,
  },
  {
    kind: "sendgrid-key",
    hints: ["sg."],
    re: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_.-])/g,
  },
  { kind: "twilio-key", hints: ["sk"], re: /(?<![A-Za-z0-9_])SK[0-9a-f]{32}(?![A-Za-z0-9_])/g },
  {
    kind: "mailgun-key",
    hints: ["key-"],
    re: /(?<![A-Za-z0-9_-])key-[0-9a-f]{32}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: "digitalocean-token",
    hints: ["_v1_"],
    re: /(?<![A-Za-z0-9_])do[opr]_v1_[0-9a-f]{64}(?![A-Za-z0-9_])/g,
  },
  {
    kind: "shopify-token",
    hints: ["shp"],
    re: /(?<![A-Za-z0-9_])shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}(?![A-Za-z0-9_])/g,
  },
  {
    kind: "linear-key",
    hints: ["lin_"],
    re: /(?<![A-Za-z0-9_])lin_(?:api|oauth)_[A-Za-z0-9]{40}(?![A-Za-z0-9_])/g,
  },
  {
    kind: "doppler-token",
    hints: ["dp."],
    // Service tokens carry the environment's name between the prefix and the secret.
    re:
      /(?<![A-Za-z0-9_.])dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}(?![A-Za-z0-9_])/g,
  },
  {
    kind: "heroku-key",
    hints: ["hrku-"],
    re: /(?<![A-Za-z0-9_-])HRKU-AA[A-Za-z0-9_-]{58}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: "databricks-token",
    hints: ["dapi"],
    re: /(?<![A-Za-z0-9_])dapi[0-9a-f]{32}(?:-\d)?(?![A-Za-z0-9_])/g,
  },
  {
    kind: "age-key",
    hints: ["age-secret-key-"],
    re: /(?<![A-Za-z0-9_-])AGE-SECRET-KEY-1[0-9A-Z]{58}(?![A-Za-z0-9])/g,
  },
  {
    kind: "aws-secret-key",
    hints: ["access"],
    // 40 characters after a name that says so, in prose, configs and `aws configure` prompts
    // ("AWS Secret Access Key [None]: …").
    re:
      /(?<p>(?<![A-Za-z0-9])(?:aws[ _-]?)?secret[ _-]?access[ _-]?key(?:[ \t]*\[[^\]\n]{0,20}\])?["']?[ \t]*(?:[:=]|is)[ \t]*["']?)(?<s>[A-Za-z0-9+/]{40})(?![A-Za-z0-9+/=])/gi,
  },
  {
    kind: "azure-key",
    hints: ["accountkey=", "sharedaccesskey="],
    re:
      /(?<p>(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)=)(?<s>[A-Za-z0-9+/]{20}[A-Za-z0-9+/]*={0,2})/g,
  },
  // The signature of a shared access signature URL (`…&sig=…`), percent-encoded base64.
  {
    kind: "azure-sas",
    hints: ["sig="],
    re: /(?<p>[?&;]sig=)(?<s>[A-Za-z0-9%+/]{16}[A-Za-z0-9%+/]*(?:%3D|=){0,2})/gi,
  },
  {
    kind: "kubeconfig-key",
    hints: ["client-key-data"],
    // The client's private key (base64 PEM); certificates next to it are public and stay.
    re:
      /(?<p>(?<![A-Za-z0-9_-])client-key-data["']?:[ \t]*["']?)(?<s>[A-Za-z0-9+/]{16}[A-Za-z0-9+/]*={0,2})/g,
  },
  {
    kind: "bearer-token",
    hints: ["bearer", "token"],
    // `Bearer …`, and `Authorization: token …` (GitHub's, Gitea's). Opaque tokens are random: they
    // have a digit or both cases, which words after "Bearer" in prose do not.
    re:
      /(?<p>(?<![A-Za-z0-9_-])(?:[Bb]earer|BEARER|(?<=[Aa]uthorization["']?[ \t]*[:=][ \t]*["']?)(?:[Tt]oken|TOKEN))[ \t]+)(?<s>[A-Za-z0-9._~+/-]{16}[A-Za-z0-9._~+/-]*=*)(?![A-Za-z0-9._~+/=-])/g,
    accept: (token) =>
      (/\d/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token))) && literal(token),
  },
  {
    kind: "basic-auth",
    hints: ["basic"],
    re:
      /(?<p>(?<![A-Za-z0-9_-])[Bb]asic[ \t]+)(?<s>[A-Za-z0-9+/]{8}[A-Za-z0-9+/]*={0,2})(?![A-Za-z0-9+/=])/g,
    accept: isBasicCredentials,
  },
  {
    kind: "cli-password",
    hints: ["curl"],
    // `curl -u user:password` (also `--user`); the user stays.
    re:
      /(?<p>(?<![A-Za-z0-9_-])curl[ \t](?:[^\n|;&]{0,300}?[ \t])?(?:-u|--user)[ \t]*["']?[^\s:"']*:)(?<s>[^\s"']+)/g,
    accept: literal,
  },
  {
    kind: "cli-password",
    hints: ["mysql", "mariadb"],
    // `mysql -pPASSWORD`: the password is glued to -p (a lone -p prompts for it).
    re:
      /(?<p>(?<![A-Za-z0-9_-])(?:mysql|mysqldump|mysqladmin|mariadb)[ \t](?:[^\n|;&]{0,300}?[ \t])?-p["']?)(?<s>[^\s"'-][^\s"']*)/g,
    accept: literal,
  },
  {
    kind: "cli-password",
    hints: ["password="],
    re: /(?<p>(?<![A-Za-z0-9_-])--(?:[a-z]+-)*password=["']?)(?<s>[^\s"']+)/g,
    accept: literal,
  },
  {
    kind: "cli-password",
    hints: ["password"],
    // `--password VALUE`: the next word may be prose ("the --password option"), so it must look
    // like a password.
    re:
      /(?<p>(?<![A-Za-z0-9_-])--(?:[a-z]+-)*password[ \t]+["']?)(?<s>[^\s"'`-](?:[^\s"'`]*[^\s"'`.,;:!?)])?)/g,
    accept: proseSecret,
  },
  {
    kind: "cli-password",
    hints: ["token", "key", "secret"],
    // `--token VALUE`, `--api-key=VALUE`, `--client-secret VALUE`: the value must look like a
    // password and hold a letter (`--max-token=4096` is a setting). As with `--password VALUE`,
    // sentence punctuation and backticks after the value stay (`` `--token TOKEN`, `` in docs).
    re:
      /(?<p>(?<![A-Za-z0-9_-])--(?:[a-z]+-)*(?:token|api-?key|secret-key|client-secret)(?:=|[ \t]+)["']?)(?<s>[^\s"'`-](?:[^\s"'`]*[^\s"'`.,;:!?)])?)/g,
    accept: (value) => proseSecret(value) && /[A-Za-z]/.test(value),
  },
  {
    kind: "cli-password",
    hints: ["sshpass", "redis-cli"],
    // `sshpass -p PASSWORD ssh …` (only sshpass's own options before -p), `redis-cli … -a PASSWORD`.
    re:
      /(?<p>(?<![A-Za-z0-9_-])(?:sshpass(?:[ \t]+-[A-Za-oq-z]\S{0,300}){0,4}[ \t]+-p|redis-cli[ \t](?:[^\n|;&]{0,300}?[ \t])?-a)[ \t]*["']?)(?<s>[^\s"'`-](?:[^\s"'`]*[^\s"'`.,;:!?)])?)/g,
    accept: literal,
  },
  {
    kind: "password",
    hints: ["machine"],
    // `.netrc`: `machine HOST login USER password PASSWORD`, on one line or several.
    re:
      /(?<p>(?<![A-Za-z0-9_-])machine[ \t\n]+\S{1,300}(?:[ \t\n]+(?:login|account|port)[ \t\n]+\S{1,300}){1,3}[ \t\n]+password[ \t\n]+)(?<s>[^\s"'`-](?:[^\s"'`]*[^\s"'`.,;:!?)])?)/g,
    accept: literal,
  },
  {
    kind: "url-password",
    hints: ["://"],
    // `scheme://user:password@host` (the user may be empty: `redis://:password@host`). Brackets
    // are excluded so that a marker in the user part is not taken for a user name.
    re:
      /(?<p>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/?#@"'<>\\[\]]*:)(?<s>[^\s/?#@"'<>\\[\]]+)(?=@)/g,
    accept: literal,
  },
  {
    kind: "password",
    hints: ["password", "passwd", "passphrase", "pwd", "key", "token", "secret"],
    // "the admin password is Tr0ub4dor&3", "password for ada was: `hunter2!x`", "my API key is
    // …", "the token is …". The last character of the value is not sentence punctuation.
    re:
      /(?<p>(?<![A-Za-z0-9_-])(?:password|passwd|passphrase|pwd|api[ _-]?key|token|secret)(?:[ \t]+(?:for|of)[ \t]+\S{1,40})?[ \t]+(?:is|was)[ \t]*:?[ \t]*["'`]?)(?<s>[^\s"'`]*[^\s"'`.,;:!?)])/gi,
    accept: proseSecret,
  },
];
