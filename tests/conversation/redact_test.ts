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

Deno.test("conversation/redact - replaces each fake secret with a marker naming its kind", () => {
  for (const { kind, value, context } of fakeSecrets()) {
    const r = redactText(context);
    assert.ok(!r.text.includes(value), `${kind} leaked: ${r.text}`);
    assert.ok(r.text.includes(marker(kind)), `${kind} marker missing: ${r.text}`);
    assert.deepEqual(r.counts, { [kind]: 1 }, context);
    assert.equal(r.total, 1);
  }
});

Deno.test("conversation/redact - leaves look-alikes alone", () => {
  for (const text of lookAlikes()) {
    const r = redactText(text);
    assert.equal(r.text, text);
    assert.equal(r.total, 0);
  }
});

Deno.test("conversation/redact - redacts a private key cut off before its END line", () => {
  const [pem] = fakeSecrets();
  const head = pem.value.split("\n").slice(0, 3).join("\n");
  const r = redactText(`$ head -3 key.pem\n${head}\n$ echo done`);
  assert.equal(r.text, "$ head -3 key.pem\n[REDACTED:private-key]\n$ echo done");
});

/** A transcript line with `text` in the places secrets show up: prompt, tool input, result. */
function transcriptLines(text: string): string {
  const lines = [
    { type: "user", message: { role: "user", content: `please use ${text}` } },
    {
      type: "assistant",
      message: {
        id: "msg_1",
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [{ type: "tool_use", id: "toolu_1", name: "Bash", input: { command: text } }],
      },
    },
    {
      type: "user",
      message: {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "toolu_1", content: `out:\n${text}\n` }],
      },
      toolUseResult: { stdout: text, stderr: "" },
    },
  ];
  return lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
}

Deno.test("conversation/redact - keeps JSON Lines valid and removes secrets from every field", () => {
  for (const { kind, value, context } of fakeSecrets()) {
    const input = transcriptLines(context);
    const r = redactJsonl(input);
    assert.ok(!r.text.includes(value), kind);
    // JSON escaping must not hide a secret either (e.g. a PEM block's "\n" escapes).
    assert.ok(!r.text.includes(JSON.stringify(value).slice(1, -1)), kind);
    assert.equal(r.counts[kind], 4, `${kind}: ${JSON.stringify(r.counts)}`);
    const lines = r.text.split("\n");
    assert.equal(lines.length, input.split("\n").length);
    for (const line of lines.filter(Boolean)) JSON.parse(line);
    const c = parseTranscript(r.text);
    assert.deepEqual(c.skipped, { malformed: 0, unknown: 0 });
    assert.equal(c.stats.toolCalls, 1);
  }
});

Deno.test("conversation/redact - redacts a secret-named JSON key's value", () => {
  const line = JSON.stringify({ env: { OPENAI_API_KEY: "abcdef12345678", MODE: "fast" } });
  const r = redactJsonl(line);
  assert.deepEqual(JSON.parse(r.text), {
    env: { OPENAI_API_KEY: "[REDACTED:secret-assignment]", MODE: "fast" },
  });
});

Deno.test("conversation/redact - leaves lines without secrets byte-identical", () => {
  const text = fixture("session.jsonl");
  const r = redactJsonl(text);
  assert.equal(r.total, 0);
  assert.equal(r.text, text);
  // Unicode escapes in untouched lines survive as written.
  const escaped = '{"type":"user","message":{"role":"user","content":"caf\\u00e9 \\/ ok"}}';
  assert.equal(redactJsonl(escaped).text, escaped);
});

Deno.test("conversation/redact - redacts malformed lines as plain text", () => {
  const [, , jwt] = fakeSecrets();
  const text = `{"broken": "${jwt.value}\nnext line`;
  const r = redactJsonl(text);
  assert.equal(r.text, `{"broken": "${marker("jwt")}\nnext line`);
});

Deno.test("conversation/redact - leaves inline base64 image data intact", () => {
  const [, , , base64] = lookAlikes();
  const data = base64.replaceAll("_", "A").repeat(3);
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

Deno.test("conversation/redact - reports counts by kind, never values", () => {
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
