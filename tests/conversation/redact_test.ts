import assert from "node:assert/strict";
import {
  formatCounts,
  marker,
  redactJsonl,
  redactText,
  type SecretKind,
} from "../../lib/conversation/redact.ts";
import { parseTranscript } from "../../lib/conversation/parse.ts";
import { fakeSecrets, lookAlikes } from "./fake_secrets.ts";

const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`../fixtures/claude/${name}`, import.meta.url));

/** The secret as it appears inside a JSON string (escapes such as `\n` in a PEM block). */
const escaped = (value: string) => JSON.stringify(value).slice(1, -1);

/** The secret (raw or JSON-escaped) must not appear in `text`. */
function assertGone(text: string, value: string, message: string) {
  assert.ok(!text.includes(value), `leaked: ${message}`);
  assert.ok(!text.includes(escaped(value)), `leaked escaped: ${message}`);
}

const userLine = (content: unknown) => ({
  type: "user",
  uuid: "00000000-0000-4000-8000-000000000001",
  message: { role: "user", content },
});
const assistantLine = (block: unknown) => ({
  type: "assistant",
  message: { id: "msg_1", role: "assistant", model: "claude-sonnet-4-5", content: [block] },
});
const toolUse = (name: string, input: unknown) =>
  assistantLine({ type: "tool_use", id: "toolu_1", name, input });
const toolResult = (content: unknown, toolUseResult?: unknown) => ({
  ...userLine([{ type: "tool_result", tool_use_id: "toolu_1", content }]),
  toolUseResult,
});

/** Every place a Claude Code transcript line carries text, as a line holding `text` there. */
const PLACES: [string, (text: string) => unknown][] = [
  ["a user prompt", (text) => userLine(text)],
  ["a user text block", (text) => userLine([{ type: "text", text }])],
  ["assistant text", (text) => assistantLine({ type: "text", text })],
  ["thinking", (text) => assistantLine({ type: "thinking", thinking: text, signature: "c2ln" })],
  ["a Bash command", (command) => toolUse("Bash", { command, description: "Run it" })],
  ["a Write content", (content) => toolUse("Write", { file_path: "/srv/app/.env", content })],
  [
    "an Edit new_string",
    (new_string) => toolUse("Edit", { file_path: "/srv/app/a.ts", old_string: "x", new_string }),
  ],
  ["a tool result", (text) => toolResult(`out:\n${text}\n`)],
  ["a tool result text part", (text) => toolResult([{ type: "text", text }])],
  ["toolUseResult.stdout", (stdout) => toolResult("ok", { stdout, stderr: "" })],
  [
    "toolUseResult.file.content",
    (content) =>
      toolResult("ok", { type: "text", file: { filePath: "/srv/app/.env", content, numLines: 3 } }),
  ],
  [
    "a progress output",
    (output) => ({ type: "progress", data: { type: "bash_progress", output } }),
  ],
  [
    "an agent_progress message",
    (content) => ({
      type: "progress",
      data: {
        type: "agent_progress",
        message: { type: "user", message: { role: "user", content } },
      },
    }),
  ],
  [
    "a queued command",
    (prompt) => ({ type: "attachment", attachment: { type: "queued_command", prompt } }),
  ],
  ["a system line", (content) => ({ type: "system", subtype: "informational", content })],
];

Deno.test("redact - catches each fake secret in plain text and names its kind", async (t) => {
  for (const [i, { kind, value, context }] of fakeSecrets().entries()) {
    await t.step(`redact - catches a ${kind} (corpus #${i})`, () => {
      const r = redactText(context);
      assertGone(r.text, value, `${kind}: ${r.text}`);
      assert.ok(r.text.includes(marker(kind)), `${kind} marker missing: ${r.text}`);
      assert.deepEqual(r.counts, { [kind]: 1 }, r.text);
      assert.equal(r.total, 1);
    });
  }
});

Deno.test("redact - catches each fake secret in every place a transcript carries text", async (t) => {
  const secrets = fakeSecrets();
  for (const [place, build] of PLACES) {
    await t.step(`redact - catches every kind in ${place}`, () => {
      for (const { kind, value, context } of secrets) {
        const line = JSON.stringify(build(context));
        const r = redactJsonl(line + "\n");
        assertGone(r.text, value, `${kind} in ${place}`);
        assert.deepEqual(r.counts, { [kind]: 1 }, `${kind} in ${place}: ${r.text}`);
        assert.ok(r.text.endsWith("\n"));
        JSON.parse(r.text);
        const again = redactJsonl(r.text);
        assert.equal(again.text, r.text, `not idempotent: ${kind} in ${place}`);
        assert.equal(again.total, 0);
      }
    });
  }
});

Deno.test("redact - leaves each look-alike byte-identical in every place", async (t) => {
  await t.step("redact - leaves look-alikes alone in plain text", () => {
    for (const text of lookAlikes()) {
      const r = redactText(text);
      assert.equal(r.text, text);
      assert.equal(r.total, 0, text);
    }
  });
  for (const [place, build] of PLACES) {
    await t.step(`redact - leaves look-alikes alone in ${place}`, () => {
      for (const text of lookAlikes()) {
        const line = JSON.stringify(build(text));
        const r = redactJsonl(line);
        assert.equal(r.text, line, text);
        assert.equal(r.total, 0);
      }
    });
  }
});

Deno.test("redact - redacting twice changes nothing more and counts nothing", () => {
  const text = fakeSecrets().map((s) => s.context).join("\n");
  const once = redactText(text);
  const twice = redactText(once.text);
  assert.equal(twice.text, once.text);
  assert.equal(twice.total, 0);
});

Deno.test("redact - keeps the context around a secret", () => {
  const [link] = fakeSecrets().filter((s) => s.kind === "hushlink-key");
  const before = link.context.slice(0, link.context.indexOf("#"));
  assert.equal(
    redactText(link.context).text,
    `${before}${marker("hushlink-key")} (expires in 1 day)`,
  );
  const cases: [string, string][] = [
    ["redis://:s3cretPass9@cache:6379/0", "redis://:[REDACTED:url-password]@cache:6379/0"],
    [
      "curl -u ada:s3cretPass9 https://x.test",
      "curl -u ada:[REDACTED:cli-password] https://x.test",
    ],
    [
      `Authorization: Basic ${btoa("ada:s3cretPass9")}`,
      "Authorization: Basic [REDACTED:basic-auth]",
    ],
    [
      `dsn: https://${"0123456789abcdef".repeat(2)}@o1.ingest.sentry.io/2`,
      "dsn: https://[REDACTED:sentry-dsn]@o1.ingest.sentry.io/2",
    ],
    [
      "AccountName=a;AccountKey=" + "Ab1+".repeat(22) + "==;",
      "AccountName=a;AccountKey=[REDACTED:azure-key];",
    ],
    ["The root password is Tr0ub4dor&3.", "The root password is [REDACTED:password]."],
    ["SECRET_KEY='s3cretValue9'", "SECRET_KEY='[REDACTED:secret-assignment]'"],
    // The value of another name is scanned on: the query keeps its other parameters.
    [
      "see https://x.test/cb?code=1&access_token=s3cretPass9&state=ok",
      "see https://x.test/cb?code=1&access_token=[REDACTED:secret-assignment]&state=ok",
    ],
    ['$env:API_KEY = "s3cretPass9"', '$env:API_KEY = "[REDACTED:secret-assignment]"'],
    [
      "machine h.test login ada password s3cretPass9",
      "machine h.test login ada password [REDACTED:password]",
    ],
    ["sshpass -p s3cretPass9 ssh h", "sshpass -p [REDACTED:cli-password] ssh h"],
    [
      "Private-Lines: 1\nAAAAC3Nza1\nPrivate-MAC: 0",
      "Private-Lines: 1\n[REDACTED:private-key]\nPrivate-MAC: 0",
    ],
  ];
  for (const [input, expected] of cases) {
    assert.equal(redactText(input).text, expected);
  }
});

Deno.test("redact - redacts a private key cut off before its END line", () => {
  const [pem] = fakeSecrets();
  const head = pem.value.split("\n").slice(0, 3).join("\n");
  const r = redactText(`$ head -3 key.pem\n${head}\n$ echo done`);
  assert.equal(r.text, "$ head -3 key.pem\n[REDACTED:private-key]\n$ echo done");
  // The same inside JSON text, where line breaks are `\n` escapes.
  const json = JSON.stringify({ private_key: head });
  assert.equal(redactText(json).text, '{"private_key":"[REDACTED:private-key]"}');
});

Deno.test("redact - keeps JSON Lines valid, line numbers and the parse intact", () => {
  const secrets = fakeSecrets();
  const lines = [
    userLine(`please use ${secrets[0].context}`),
    toolUse("Bash", { command: secrets[3].context }),
    toolResult(`out:\n${secrets[4].context}\n`, { stdout: secrets[5].context, stderr: "" }),
  ].map((l) => JSON.stringify(l));
  const input = lines.join("\n") + "\n";
  const r = redactJsonl(input);
  assert.equal(r.text.split("\n").length, input.split("\n").length);
  for (const line of r.text.split("\n").filter(Boolean)) JSON.parse(line);
  const c = parseTranscript(r.text);
  assert.deepEqual(c.skipped, { malformed: 0, unknown: 0 });
  assert.equal(c.stats.toolCalls, 1);
});

Deno.test("redact - redacts a secret-named JSON key's value, by its own kind when it has one", () => {
  const token = "gh" + "p_" + "a1B2c3D4".repeat(5);
  const line = JSON.stringify({
    env: { OPENAI_API_KEY: "abcdef12345678", MODE: "fast", GH_TOKEN: token, PWD: "/srv/app" },
  });
  const r = redactJsonl(line);
  assert.deepEqual(JSON.parse(r.text), {
    env: {
      OPENAI_API_KEY: "[REDACTED:secret-assignment]",
      MODE: "fast",
      GH_TOKEN: "[REDACTED:github-token]",
      PWD: "/srv/app",
    },
  });
});

Deno.test("redact - leaves lines without secrets byte-identical", () => {
  const text = fixture("session.jsonl");
  const r = redactJsonl(text);
  assert.equal(r.total, 0);
  assert.equal(r.text, text);
  // Unicode escapes in untouched lines survive as written.
  const escapedLine = '{"type":"user","message":{"role":"user","content":"caf\\u00e9 \\/ ok"}}';
  assert.equal(redactJsonl(escapedLine).text, escapedLine);
});

Deno.test("redact - redacts malformed lines as plain text", () => {
  const jwt = fakeSecrets().find((s) => s.kind === "jwt")!;
  const text = `{"broken": "${jwt.value}\nnext line`;
  const r = redactJsonl(text);
  assert.equal(r.text, `{"broken": "${marker("jwt")}\nnext line`);
});

Deno.test("redact - leaves inline base64 image data intact", () => {
  const [, , , , base64] = lookAlikes();
  const data = base64.repeat(3);
  const line = JSON.stringify({
    type: "user",
    message: {
      role: "user",
      content: [{ type: "image", source: { type: "base64", media_type: "image/png", data } }],
    },
  });
  const r = redactJsonl(line);
  assert.equal(r.total, 0);
  assert.equal(r.text, line);
});

Deno.test("redact - reports counts by kind, never values", () => {
  const corpus = fakeSecrets();
  const r = redactText(corpus.map((s) => s.context).join("\n"));
  const expected: Partial<Record<SecretKind, number>> = {};
  for (const { kind } of corpus) expected[kind] = (expected[kind] ?? 0) + 1;
  assert.deepEqual(r.counts, expected);
  const line = formatCounts(r.counts);
  assert.match(line, new RegExp(`^${corpus.length} secrets redacted \\(`));
  for (const { value } of corpus) assert.ok(!line.includes(value));
  assert.equal(formatCounts({}), "no secrets found");
  assert.equal(formatCounts({ jwt: 1 }), "1 secret redacted (jwt 1)");
});

Deno.test("redact - finishes on a 20 MB transcript and on pathological lines", () => {
  const session = fixture("session.jsonl");
  const secretLine = JSON.stringify(userLine(fakeSecrets().map((s) => s.context).join("\n")));
  const big = (session + secretLine + "\n").repeat(Math.ceil(20e6 / (session.length + 1000)));
  assert.ok(big.length > 20e6);
  const r = redactJsonl(big);
  assert.equal(r.text.split("\n").length, big.split("\n").length);
  // Inputs that make a careless pattern backtrack quadratically or overflow the regex stack.
  const n = 200_000;
  const long = "a1B2".repeat(250_000);
  const lines = [
    "a=".repeat(n),
    "a.".repeat(n),
    "a-".repeat(n),
    "a: ".repeat(n),
    "password is ".repeat(n / 10),
    "curl -x ".repeat(n / 5),
    "mysql -x ".repeat(n / 5),
    "a://b:".repeat(n / 5),
    "Bearer ".repeat(n / 5),
    ("/s/" + "a".repeat(22) + "#").repeat(n / 20),
    "-----BEGIN RSA PRIVATE KEY-----\n".repeat(n / 20),
    ...["Bearer ", "/s/x#", "AccountKey=", "sk-ant-api03-", "gh" + "p_", "eyJaaaaaaaa.eyJaaaaaaaa."]
      .map((head) => head + long),
  ];
  for (const line of lines) {
    redactText(line);
    redactJsonl(JSON.stringify({ type: "user", message: { role: "user", content: line } }));
  }
});
