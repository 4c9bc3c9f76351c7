import assert from "node:assert/strict";
import {
  findProjectDir,
  formatSessions,
  listSessions,
  projectFolderName,
  readConversation,
  resolveSession,
  SessionError,
} from "../../lib/sessions/mod.ts";
import { parseTranscript } from "../../lib/conversation/parse.ts";
import { decodeBody, pack, unpack } from "../../lib/crypto/mod.ts";
import { parseArgs, type ShareArgs } from "../../lib/cli/args.ts";
import { sessionInput } from "../../lib/cli/session_command.ts";
import { fakeSecrets } from "../conversation/fake_secrets.ts";

const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`../fixtures/claude/${name}`, import.meta.url));

function gunzip(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const stream = new Blob([body]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

const MAIN_ID = "5b0c7e1a-2f4d-4c3b-9a8e-1d2c3b4a5f60";
const AGENT_ID = "9d8c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/**
 * A fake home with Claude Code's layout for the project directory `/home/ada/projects/todo-app`:
 * two sessions (one with a sub-agent file in the current layout), a summaries-only file, and an
 * unrelated project.
 */
async function fakeHome(): Promise<{ home: string; cwd: string; dir: string } & AsyncDisposable> {
  const home = await Deno.makeTempDir({ prefix: "hushlink-claude-" });
  const cwd = "/home/ada/projects/todo-app";
  const dir = `${home}/.claude/projects/-home-ada-projects-todo-app`;
  await Deno.mkdir(`${dir}/${AGENT_ID}/subagents`, { recursive: true });
  await Deno.writeTextFile(`${dir}/${MAIN_ID}.jsonl`, fixture("session.jsonl"));
  await Deno.writeTextFile(`${dir}/${AGENT_ID}.jsonl`, fixture("subagent-session.jsonl"));
  await Deno.writeTextFile(
    `${dir}/${AGENT_ID}/subagents/agent-a7f3c21.jsonl`,
    fixture("subagent-agent.jsonl"),
  );
  await Deno.writeTextFile(
    `${dir}/0a0a0a0a-0000-4000-8000-000000000000.jsonl`,
    '{"type":"summary","summary":"Old","leafUuid":"x"}\n',
  );
  await Deno.utime(`${dir}/${MAIN_ID}.jsonl`, new Date(1e12), new Date("2026-11-20T09:03:00Z"));
  await Deno.utime(`${dir}/${AGENT_ID}.jsonl`, new Date(1e12), new Date("2026-11-21T14:01:00Z"));
  const other = `${home}/.claude/projects/-srv-other`;
  await Deno.mkdir(other, { recursive: true });
  await Deno.writeTextFile(
    `${other}/77777777-0000-4000-8000-000000000000.jsonl`,
    '{"type":"user","cwd":"/srv/other","message":{"role":"user","content":"elsewhere"}}\n',
  );
  return {
    home,
    cwd,
    dir,
    [Symbol.asyncDispose]: () => Deno.remove(home, { recursive: true }),
  };
}

Deno.test("lib/sessions - names project folders like Claude Code", () => {
  assert.equal(projectFolderName("/home/ada/projects/todo-app"), "-home-ada-projects-todo-app");
  assert.equal(projectFolderName("/Users/ada/my_app.v2/src"), "-Users-ada-my-app-v2-src");
  assert.equal(projectFolderName("/home/ada/.config/née"), "-home-ada--config-n-e");
});

Deno.test("lib/sessions - finds the project folder, also by recorded cwd", async () => {
  await using h = await fakeHome();
  assert.equal(await findProjectDir({ home: h.home, cwd: h.cwd }), h.dir);
  // A folder name this module does not predict is found through the cwd its sessions record.
  await Deno.rename(`${h.home}/.claude/projects/-srv-other`, `${h.home}/.claude/projects/odd`);
  assert.equal(
    await findProjectDir({ home: h.home, cwd: "/srv/other" }),
    `${h.home}/.claude/projects/odd`,
  );
  assert.equal(await findProjectDir({ home: h.home, cwd: "/nowhere" }), null);
  assert.equal(
    await findProjectDir({ claudeDir: `${h.home}/.claude`, cwd: h.cwd }),
    h.dir,
  );
});

Deno.test("lib/sessions - lists sessions newest first with their first prompt", async () => {
  await using h = await fakeHome();
  const sessions = await listSessions({ home: h.home, cwd: h.cwd });
  assert.deepEqual(sessions.map((s) => s.id), [AGENT_ID, MAIN_ID]);
  assert.equal(sessions[0].title, "Which files use the old API?");
  assert.equal(sessions[1].size, fixture("session.jsonl").length);
  const listing = formatSessions(sessions);
  assert.match(listing, /^2026-11-21 14:01 .* 9d8c7b6a-.*Which files use the old API\?$/m);
  assert.equal(listing.split("\n").length, 2);
});

Deno.test("lib/sessions - resolves no argument, an id, a prefix and a path", async () => {
  await using h = await fakeHome();
  const opts = { home: h.home, cwd: h.cwd };
  assert.equal((await resolveSession(undefined, opts)).id, AGENT_ID);
  assert.equal((await resolveSession(MAIN_ID, opts)).id, MAIN_ID);
  assert.equal((await resolveSession("5b0c", opts)).id, MAIN_ID);
  const path = `${h.dir}/${MAIN_ID}.jsonl`;
  assert.equal((await resolveSession(path, opts)).path, path);
  // A full id from another project is found too.
  const other = await resolveSession("77777777-0000-4000-8000-000000000000", opts);
  assert.equal(other.title, "elsewhere");
});

Deno.test("lib/sessions - fails with typed errors", async () => {
  await using h = await fakeHome();
  const opts = { home: h.home, cwd: h.cwd };
  const code = async (arg: string | undefined, o = opts) => {
    try {
      await resolveSession(arg, o);
    } catch (e) {
      assert.ok(e instanceof SessionError);
      return e.code;
    }
    return "resolved";
  };
  assert.equal(await code("ffff", opts), "not_found");
  assert.equal(await code(`${h.dir}/missing.jsonl`), "not_found");
  assert.equal(await code(undefined, { home: h.home, cwd: "/nowhere" }), "no_project");
  await Deno.writeTextFile(
    `${h.dir}/5b0c0000-0000-4000-8000-000000000000.jsonl`,
    fixture(
      "subagent-agent.jsonl",
    ).replace(/"isSidechain":true/g, '"isSidechain":false'),
  );
  assert.equal(await code("5b0c", opts), "ambiguous");
});

Deno.test("lib/sessions - packs a gzip transcript with sub-agents appended", async () => {
  await using h = await fakeHome();
  const session = await resolveSession(AGENT_ID, { home: h.home, cwd: h.cwd });
  const c = await readConversation(session);
  assert.equal(c.manifest.kind, "conversation");
  assert.equal(c.manifest.v, 1);
  assert.deepEqual(c.manifest.files, [{
    name: `${AGENT_ID}.jsonl`,
    type: "application/x-ndjson",
    size: c.body.length,
    encoding: "gzip",
    decodedSize: c.rawSize,
  }]);
  const text = await gunzip(c.body);
  assert.equal(text, fixture("subagent-session.jsonl") + fixture("subagent-agent.jsonl"));
  assert.equal(c.rawSize, new TextEncoder().encode(text).length);
  const parsed = parseTranscript(text);
  assert.ok(!parsed.items.some((i) => i.kind === "sidechain"));
});

Deno.test("lib/sessions - the package round-trips through lib/crypto", async () => {
  await using h = await fakeHome();
  const c = await readConversation(await resolveSession(MAIN_ID, { home: h.home, cwd: h.cwd }));
  const { manifest, files } = await unpack(pack(c.manifest, [new Blob([c.body]).stream()]));
  assert.deepEqual(manifest, c.manifest);
  const { entry, body } = (await files.next()).value;
  const text = await new Response(decodeBody(entry, body)).text();
  assert.equal(text, fixture("session.jsonl"));
});

Deno.test("lib/sessions - appends sub-agent files of the older layout", async () => {
  await using h = await fakeHome();
  await Deno.remove(`${h.dir}/${AGENT_ID}`, { recursive: true });
  await Deno.writeTextFile(`${h.dir}/agent-a7f3c21.jsonl`, fixture("subagent-agent.jsonl"));
  // Another session's sub-agent stays out.
  await Deno.writeTextFile(
    `${h.dir}/agent-0000000.jsonl`,
    fixture("subagent-agent.jsonl").replaceAll(AGENT_ID, MAIN_ID),
  );
  const sessions = await listSessions({ home: h.home, cwd: h.cwd });
  assert.deepEqual(sessions.map((s) => s.id), [AGENT_ID, MAIN_ID]);
  const c = await readConversation(sessions[0], { redact: false });
  const text = await gunzip(c.body);
  assert.equal(text, fixture("subagent-session.jsonl") + fixture("subagent-agent.jsonl"));
});

Deno.test("lib/sessions - redacts by default and not when told", async () => {
  await using h = await fakeHome();
  const secrets = fakeSecrets();
  const line = JSON.stringify({
    type: "user",
    message: { role: "user", content: secrets.map((s) => s.context).join("\n") },
  });
  const path = `${h.dir}/${MAIN_ID}.jsonl`;
  await Deno.writeTextFile(path, line + "\n", { append: true });
  const session = await resolveSession(MAIN_ID, { home: h.home, cwd: h.cwd });
  const redacted = await readConversation(session);
  const text = await gunzip(redacted.body);
  for (const { value } of secrets) assert.ok(!text.includes(value));
  assert.equal(redacted.redacted, secrets.length);
  assert.equal(redacted.redactions["github-token"], 3);
  assert.equal(redacted.redactions["aws-secret-key"], 4);
  const raw = await readConversation(session, { redact: false });
  assert.equal(await gunzip(raw.body), await Deno.readTextFile(path));
  assert.equal(raw.redacted, 0);
  assert.deepEqual(raw.redactions, {});
});

/** A session whose first prompt holds `prompt`, written into the fake home's project folder. */
async function sessionWithPrompt(dir: string, id: string, prompt: string): Promise<string> {
  const path = `${dir}/${id}.jsonl`;
  const line = {
    type: "user",
    cwd: "/home/ada/projects/todo-app",
    sessionId: id,
    message: { role: "user", content: prompt },
  };
  await Deno.writeTextFile(path, JSON.stringify(line) + "\n");
  return path;
}

Deno.test("lib/sessions - lists a title with a planted key redacted", async () => {
  await using h = await fakeHome();
  const [key, password] = [
    fakeSecrets().find((s) => s.kind === "openai-key")!,
    fakeSecrets().find((s) => s.kind === "password")!,
  ];
  const id = "3c3c3c3c-0000-4000-8000-000000000000";
  await sessionWithPrompt(h.dir, id, `Try ${key.context} and ${password.context}`);
  const shortId = "5e5e5e5e-0000-4000-8000-000000000000";
  await sessionWithPrompt(h.dir, shortId, password.context);
  // A key cut by the 80-character title limit must not leave a recognisable piece either.
  const cutId = "4d4d4d4d-0000-4000-8000-000000000000";
  await sessionWithPrompt(h.dir, cutId, `${"Please deploy it now. ".repeat(3)}${key.value} ok`);
  const sessions = await listSessions({ home: h.home, cwd: h.cwd });
  const titled = sessions.find((s) => s.id === id)!;
  assert.equal(
    titled.title,
    'Try client = OpenAI(api_key="[REDACTED:openai-key]") and the admin password is…',
  );
  assert.equal(
    sessions.find((s) => s.id === shortId)!.title,
    "the admin password is [REDACTED:password]",
  );
  const cut = sessions.find((s) => s.id === cutId)!;
  assert.ok(!cut.title?.includes(key.value.slice(0, 8)), cut.title ?? "");
  const listing = formatSessions(sessions);
  for (const s of [key, password]) {
    assert.ok(!listing.includes(s.value));
    assert.ok(!listing.includes(s.value.slice(0, 12)));
  }
});

Deno.test("lib/sessions - the share confirmation never prints a secret and warns on --no-redact", async () => {
  await using h = await fakeHome();
  const key = fakeSecrets().find((s) => s.kind === "github-token")!;
  const path = await sessionWithPrompt(h.dir, MAIN_ID, `push with ${key.value}`);
  const printed: string[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => printed.push(args.join(" "));
  try {
    await sessionInput(parseArgs(["--session", path]) as ShareArgs);
    await sessionInput(parseArgs(["--session", path, "--no-redact", "--quiet"]) as ShareArgs);
  } finally {
    console.error = error;
  }
  assert.deepEqual(printed, [
    `session ${MAIN_ID} (push with [REDACTED:github-token]): 1 secret redacted (github-token 1)`,
    `WARNING: session ${MAIN_ID} (push with [REDACTED:github-token]) is NOT redacted ` +
    "(--no-redact): the shared transcript may contain secrets (keys, tokens, passwords)",
  ]);
});
