/**
 * The `/share` Claude Code command: the documented one-liner is run by real shells with HOME in a
 * temporary directory, the file it writes is the one llms.txt and docs/MCP.md describe, and the
 * command line in that file shares the newest session of the directory it runs in, through the
 * bundled share script served over HTTP (as Claude Code would run it).
 */
import assert from "node:assert/strict";
import { delimiter } from "node:path";
import { llmsText, shareCommandFile, shareCommandInstall } from "../../routes/llms.ts";
import { readLink } from "../../lib/mcp/read_tool.ts";
import { serveBundledScript } from "../helpers/bundled_script.ts";
import { startTestServer } from "../helpers/server.ts";
import { fakeClaude, NEWER_ID } from "./fake_claude.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const MCP_DOC = new URL("../../docs/MCP.md", import.meta.url);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `script` with `shell -c` in a clean environment (only `env`), or null without that shell. */
async function runShell(
  shell: string,
  script: string,
  env: Record<string, string>,
  cwd?: string,
): Promise<Run | null> {
  try {
    const out = await new Deno.Command(shell, {
      args: ["-c", script],
      env,
      clearEnv: true,
      cwd,
      stdin: "null",
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/** The `!` line's command and the one `allowed-tools` allows, read back from a command file. */
function commandOf(file: string): { run: string; allowed: string } {
  const run = /^!`(.+)`$/m.exec(file)?.[1];
  const allowed = /^allowed-tools: Bash\((.+)\)$/m.exec(file)?.[1];
  assert.ok(run && allowed, file);
  return { run, allowed };
}

Deno.test("/share - the one-liner writes the command file llms.txt and docs/MCP.md show", async () => {
  const origin = "https://share.example:8443";
  assert.ok(llmsText(origin).includes(`\n    ${shareCommandInstall(origin)}\n`));
  const doc = await Deno.readTextFile(MCP_DOC);
  assert.ok(doc.includes(shareCommandInstall("https://HOST")), "docs/MCP.md has the one-liner");
  assert.ok(doc.includes(shareCommandFile("https://HOST")), "docs/MCP.md has the file");

  const file = shareCommandFile(origin);
  assert.match(
    file,
    /^---\ndescription: .+\nallowed-tools: .+\ndisable-model-invocation: true\n---\n/,
  );
  const { run, allowed } = commandOf(file);
  // Claude Code runs the ! line only when allowed-tools allows it: exactly that command.
  assert.equal(allowed, run);
  assert.ok(!allowed.includes(","), "a comma would split the allowed-tools rule in two");
  assert.ok(!file.includes("'"), "a single quote would end the one-liner's quoting");
  assert.ok(run.endsWith(`${origin}/share.js --session --json`));

  let shells = 0;
  for (const shell of ["sh", "bash", "zsh", "fish"]) {
    await using home = await tempDir({ prefix: "hushlink-home-" });
    const env = { HOME: home.path, PATH: Deno.env.get("PATH") ?? "" };
    const result = await runShell(shell, shareCommandInstall(origin), env);
    if (result === null) continue;
    shells++;
    assert.equal(result.code, 0, `${shell}: ${result.stderr}`);
    const written = await Deno.readTextFile(`${home.path}/.claude/commands/share.md`);
    assert.equal(written, file, `${shell} wrote something else`);
  }
  assert.ok(shells > 0, "no shell found to run the one-liner");
});

Deno.test("/share - the command shares the newest session of its directory, redacted", async () => {
  await using claude = await fakeClaude();
  await using server = await startTestServer({ record: true });
  await using tmp = await tempDir({ prefix: "hushlink-share-cmd-" });
  const dir = tmp.path;
  // The server's /share.js is the bundled script; a front server serves this build of it.
  await using front = await serveBundledScript(server.url, dir);
  const { origin } = front;
  // `deno` on PATH, as where Claude Code runs.
  await Deno.mkdir(`${dir}/bin`);
  await Deno.symlink(Deno.execPath(), `${dir}/bin/deno`);
  const env: Record<string, string> = {
    HOME: claude.home,
    PATH: [`${dir}/bin`, Deno.env.get("PATH") ?? ""].join(delimiter),
    NO_COLOR: "1",
  };
  const denoDir = Deno.env.get("DENO_DIR");
  if (denoDir) env.DENO_DIR = denoDir;
  const installed = await runShell("sh", shareCommandInstall(origin), env);
  assert.equal(installed?.code, 0, installed?.stderr);
  const file = await Deno.readTextFile(`${claude.home}/.claude/commands/share.md`);

  const result = await runShell("sh", commandOf(file).run, env, claude.project);
  assert.ok(result);
  assert.equal(result.code, 0, result.stderr);
  const shared = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(shared).sort(), ["deleteLink", "expiresAt", "link"]);
  assert.match(shared.link, new RegExp(`^${origin}/s/[\\w-]{22}#[\\w-]{43}$`));
  // The script's one line about the session, and no download notes from Deno (-q).
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, new RegExp(`^session ${NEWER_ID} \\(Why does the deploy fail\\?`));
  assert.match(result.stderr, /\): 1 secret redacted \(github-token 1\)\n$/);

  const read = await readLink(shared.link);
  assert.equal(read.kind, "conversation");
  assert.ok(read.text?.includes("It pushes with [REDACTED:github-token] as the token"));
  assert.ok(!read.text?.includes(claude.token), "the planted token survived");
  const seen = server.requests.map((r) => r.url + new TextDecoder().decode(r.body)).join("\n");
  assert.ok(!seen.includes(claude.token) && !seen.includes(shared.link.split("#")[1]));
});
