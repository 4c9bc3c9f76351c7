/**
 * The service started the documented way: main.ts with exactly the permission flags of
 * `deno task start` (read from deno.json) serves a share round trip; the flags stay narrow; the
 * --allow-env list covers every variable the server reads; a missing permission or a broken KV
 * stops start-up with a message naming the fix; docs/DEPLOY.md shows the same flags.
 * @module
 */
import assert from "node:assert/strict";
import { createShare, openShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { loadConfig } from "../../lib/config.ts";
import { KV_PAGE_SIZE } from "../../lib/store/kv_file.ts";
import { environment } from "../../main.ts";
import {
  freePort,
  spawnServer,
  startTaskEnv,
  startTaskFlags,
  waitForHealth,
} from "../helpers/process_server.ts";
import { pageSize } from "../helpers/sqlite.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const ROOT = new URL("../../", import.meta.url);

/** The code directories the start task lets worker threads load their modules from. */
const CODE_DIRS = ["lib", "routes", "components", "islands"];

/** The values of a `--flag=a,b,c` in `flags`, or null when the flag is absent. */
function listFlag(flags: string[], name: string): string[] | null {
  const flag = flags.find((f) => f.startsWith(`${name}=`));
  return flag ? flag.slice(name.length + 1).split(",") : null;
}

/** The environment of the process running main.ts whose `PORT` is `port`, or null (none, no /proc). */
function serverEnvironment(port: number): Map<string, string> | null {
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const args = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).split("\0");
      if (!args.includes("main.ts")) continue;
      const vars = Deno.readTextFileSync(`/proc/${entry.name}/environ`).split("\0")
        .map((line) => line.split(/=(.*)/s, 2) as [string, string]);
      const env = new Map(vars);
      if (env.get("PORT") === String(port)) return env;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return null;
}

/** Runs main.ts with `flags` from the repository root; resolves with its exit code and stderr. */
async function runMain(
  flags: string[],
  env: Record<string, string>,
): Promise<{ code: number; stderr: string }> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, "main.ts"],
    cwd: ROOT.pathname,
    env,
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code, stderr: new TextDecoder().decode(stderr) };
}

Deno.test("ops start - the start task grants only scoped permissions", () => {
  const flags = startTaskFlags();
  for (const broad of ["-A", "--allow-all", "--allow-read", "--allow-write", "--allow-env"]) {
    assert.ok(!flags.includes(broad), `${broad} without a list`);
  }
  assert.ok(!flags.some((f) => f.startsWith("--allow-run") || f.startsWith("--allow-ffi")));
  assert.ok(!flags.some((f) => f.startsWith("--allow-sys")));
  assert.deepEqual(listFlag(flags, "--allow-write"), ["data"]);
  assert.deepEqual(listFlag(flags, "--allow-read"), ["static", ...CODE_DIRS, "data"]);
  // Another KV file: its directory instead of data/, nothing more.
  const elsewhere = startTaskFlags({ KV_PATH: "/srv/hushlink kv/hushlink.kv" });
  assert.deepEqual(listFlag(elsewhere, "--allow-write"), ["/srv/hushlink kv"]);
  assert.deepEqual(listFlag(elsewhere, "--allow-read"), [
    "static",
    ...CODE_DIRS,
    "/srv/hushlink kv",
  ]);
  assert.deepEqual(listFlag(startTaskFlags({ KV_PATH: "https://kv.example" }), "--allow-write"), [
    "data",
  ]);
  assert.ok(
    flags.includes("--no-prompt"),
    "a server must fail, not prompt, on a missing permission",
  );
  // `deno task dev` is the same server with --watch.
  const tasks = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT))).tasks;
  assert.equal(
    tasks.dev,
    tasks.start.replace("deno run ", "deno run --watch "),
    "the dev task runs with the start task's permissions",
  );
});

Deno.test("ops start - the start task lets worker threads read exactly the directories of their code", async () => {
  // Deno checks read permission for the modules of a Worker (not for the main module's graph):
  // the start task must list every directory the worker's modules come from, and no other.
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "lib/serve/worker.ts"],
    cwd: ROOT.pathname,
    stdout: "piped",
  }).output();
  const { modules } = JSON.parse(new TextDecoder().decode(stdout)) as {
    modules: { specifier: string }[];
  };
  const dirs = new Set(
    modules.filter((m) => m.specifier.startsWith(ROOT.href))
      .map((m) => m.specifier.slice(ROOT.href.length).split("/")[0]),
  );
  assert.deepEqual([...dirs].sort(), [...CODE_DIRS].sort());
});

Deno.test("ops config - ACCESS_LOG is on unless 0; METRICS_TOKEN needs 16 characters", () => {
  assert.equal(loadConfig({}).accessLog, true);
  assert.equal(loadConfig({ ACCESS_LOG: "0" }).accessLog, false);
  assert.equal(loadConfig({ ACCESS_LOG: "1" }).accessLog, true);
  assert.throws(() => loadConfig({ ACCESS_LOG: "sometimes" }), /ACCESS_LOG/);
  assert.equal(loadConfig({}).metricsToken, null);
  assert.equal(loadConfig({ METRICS_TOKEN: "m".repeat(16) }).metricsToken, "m".repeat(16));
  assert.throws(() => loadConfig({ METRICS_TOKEN: "short" }), /METRICS_TOKEN: must be at least 16/);
});

Deno.test("ops start - the start task's --allow-env lists every variable the server reads", () => {
  const allowed = new Set(listFlag(startTaskFlags(), "--allow-env"));
  const read = new Set<string>();
  const record = (name: string) => {
    read.add(name);
    return undefined;
  };
  loadConfig(environment(record));
  // main.ts's own (Deploy detection) and Deno's (the KV Connect token).
  read.add("DENO_DEPLOYMENT_ID");
  read.add("DENO_KV_ACCESS_TOKEN");
  for (const name of read) assert.ok(allowed.has(name), `${name} is read but not allowed`);
  for (const name of allowed) assert.ok(read.has(name), `${name} is allowed but never read`);
  // The README's configuration table documents them all.
  const readme = Deno.readTextFileSync(new URL("README.md", ROOT));
  const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((m) => m[1]));
  for (const name of read) {
    if (name.startsWith("DENO_")) continue;
    assert.ok(documented.has(name), `${name} is missing from README's configuration table`);
  }
});

Deno.test("ops start - started like `deno task start`, the server makes its KV file with large pages and serves a share round trip", async () => {
  await using server = await spawnServer({ startTask: true, capture: true });
  const text = new TextEncoder().encode("round trip through the narrowed service\n".repeat(5000));
  const manifest: Manifest = {
    v: 1,
    kind: "text",
    created: new Date().toISOString(),
    files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: text.length }],
  };
  const share = await createShare(manifest, [new Blob([text]).stream()], {
    server: server.origin,
    password: "a password mixed into the key",
    views: 2,
    streamParts: true,
  });
  const opened = await openShare(share.link, { password: "a password mixed into the key" });
  const files = [];
  for await (const { entry, body } of opened.files) {
    files.push({ name: entry.name, bytes: await new Response(body).bytes() });
  }
  assert.equal(opened.viewsLeft, 1);
  assert.deepEqual(files, [{ name: "paste.txt", bytes: text }]);
  const page = await fetch(`${server.origin}/`);
  assert.equal(page.status, 200, "the pages read static/build under --allow-read=static");
  await page.body?.cancel();
  const script = await fetch(`${server.origin}/share.js`);
  assert.equal(script.status, 200);
  await script.body?.cancel();
  // Made under the start task's narrow permissions, where node:sqlite refuses some statements.
  assert.equal(pageSize(server.kvPath), KV_PAGE_SIZE);
  await server.dispose(); // its output is complete once it has exited
  const { stderr } = server.output();
  assert.doesNotMatch(stderr, /NotCapable|Requires .* access|not allowed/, stderr);
  assert.equal((await server.status).code, 0, "SIGTERM ends it cleanly");
});

Deno.test("ops start - a variable missing from --allow-env stops start-up naming it", async () => {
  const flags = startTaskFlags().map((f) =>
    f.startsWith("--allow-env=") ? "--allow-env=PORT,KV_PATH" : f
  );
  const { code, stderr } = await runMain(flags, { PORT: "0" });
  assert.equal(code, 1);
  assert.match(
    stderr,
    /not allowed to read the environment variable [A-Z_]+: add it to --allow-env/,
  );
});

Deno.test("ops start - deno task start serves from a KV_PATH outside data/, with permissions for just its directory and the task's variables", async () => {
  await using dir = await tempDir({ prefix: "hushlink ops " }); // a space in the path
  const kvPath = `${dir.path}/new dir/hushlink.kv`;
  const port = freePort();
  // The start task's steps after `deno task build`, run by deno task's own shell.
  const tasks = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT))).tasks;
  const run = tasks.start.replace(/^deno task build && /, "");
  assert.notEqual(run, tasks.start, "the start task builds first");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "--eval", run],
    cwd: ROOT.pathname,
    env: { PORT: String(port), KV_PATH: kvPath, ACCESS_LOG: "0" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let exited = false;
  const output = child.output().finally(() => exited = true);
  const origin = `http://127.0.0.1:${port}`;
  try {
    assert.ok(await waitForHealth(origin, () => exited), "the server started");
    const text = new TextEncoder().encode("kept where KV_PATH says\n");
    const manifest: Manifest = {
      v: 1,
      kind: "text",
      created: new Date().toISOString(),
      files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: text.length }],
    };
    const share = await createShare(manifest, [new Blob([text]).stream()], { server: origin });
    const opened = await openShare(share.link);
    for await (const { body } of opened.files) {
      assert.deepEqual(await new Response(body).bytes(), text);
    }
    assert.ok((await Deno.stat(kvPath)).isFile, "the KV file is where KV_PATH says");
    // The server process gets the task's variables (glibc reads MALLOC_ARENA_MAX at start-up).
    const env = serverEnvironment(port);
    assert.ok(env, "the server process is found");
    assert.equal(env.get("MALLOC_ARENA_MAX"), "2");
  } finally {
    if (!exited) child.kill("SIGTERM");
  }
  const { code, stderr } = await output;
  assert.equal(code, 0, new TextDecoder().decode(stderr));
});

Deno.test("ops start - main.ts run without the KV file's directory in its permissions stops saying why", async () => {
  await using dir = await tempDir({ prefix: "hushlink-ops-" });
  const { code, stderr } = await runMain(startTaskFlags(), {
    PORT: "0",
    KV_PATH: `${dir.path}/hushlink.kv`,
  });
  assert.equal(code, 1);
  assert.match(stderr, /not allowed to open the KV store at .*--allow-read and --allow-write/);
});

Deno.test("ops start - a KV file that is not a database stops start-up naming it", async () => {
  const data = new URL("data/", ROOT).pathname;
  await Deno.mkdir(data, { recursive: true });
  await using dir = await tempDir({ dir: data, prefix: "ops-" });
  await Deno.writeTextFile(
    `${dir.path}/hushlink.kv`,
    "this is not a SQLite database, it is text\n",
  );
  const { code, stderr } = await runMain(startTaskFlags(), {
    PORT: "0",
    KV_PATH: `${dir.path}/hushlink.kv`,
  });
  assert.equal(code, 1);
  assert.match(stderr, /cannot open the KV store at .*hushlink\.kv/);
});

Deno.test("ops start - docs/DEPLOY.md runs main.ts with exactly the start task's flags and variables", () => {
  const doc = Deno.readTextFileSync(new URL("docs/DEPLOY.md", ROOT));
  const runs = [...doc.matchAll(/deno run ((?:\S+ )+?)main\.ts/g)].map((m) => m[1].trim());
  assert.ok(runs.length > 0, "DEPLOY.md shows how main.ts is run");
  for (const run of runs) assert.equal(run, startTaskFlags().join(" "));
  const env = Object.entries(startTaskEnv());
  assert.deepEqual(env, [["MALLOC_ARENA_MAX", "2"]]);
  for (const [name, value] of env) {
    assert.ok(doc.includes(`Environment=${name}=${value}\n`), `the systemd unit sets ${name}`);
  }
});
