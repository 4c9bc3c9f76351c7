/**
 * Where `share.ts get -o` (and the MCP `save_to`) put a share's files: never over a file that is
 * already there (the sender chooses the names, `.bashrc` included), into a directory created when
 * missing, and all or nothing.
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createShare, openShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { placeFiles, saveFile, saveFiles } from "../../lib/share_io/output.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { tempDir } from "../helpers/temp_dir.ts";

const enc = new TextEncoder();

/** Shares `files` (name → text) and opens the share as `get` does. */
async function opened(server: TestServer, files: Record<string, string>) {
  const bodies = Object.values(files).map((t) => enc.encode(t));
  const manifest: Manifest = {
    v: 1,
    kind: "files",
    created: new Date().toISOString(),
    files: Object.keys(files).map((name, i) => ({
      name,
      type: "text/plain",
      size: bodies[i].length,
    })),
  };
  const { link } = await createShare(manifest, bodies.map((b) => new Blob([b]).stream()), {
    server: server.url,
  });
  return await openShare(link);
}

Deno.test("get output - a file already there is never replaced, dotfiles included", async () => {
  await using server = await startTestServer();
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.writeTextFile(join(dir, "a.txt"), "mine");
  await Deno.writeTextFile(join(dir, ".bashrc"), "my shell");
  await Deno.writeTextFile(join(dir, "bashrc"), "also mine");
  const share = await opened(server, { "a.txt": "theirs", ".bashrc": "rm -rf ~" });
  const saved = await saveFiles(share.files, share.manifest.files, dir);
  assert.deepEqual(saved.map((s) => s.path), [join(dir, "a (2).txt"), join(dir, "bashrc (2)")]);
  assert.equal(await Deno.readTextFile(join(dir, "a.txt")), "mine");
  assert.equal(await Deno.readTextFile(join(dir, ".bashrc")), "my shell");
  assert.equal(await Deno.readTextFile(join(dir, "bashrc")), "also mine");
  assert.equal(await Deno.readTextFile(join(dir, "a (2).txt")), "theirs");
  assert.equal(await Deno.readTextFile(join(dir, "bashrc (2)")), "rm -rf ~");
  assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".part")), []);
});

Deno.test("get output - a path typed with -o is used as typed, and kept when taken", async () => {
  await using server = await startTestServer();
  await using tmp = await tempDir();
  const dir = tmp.path;
  const typed = join(dir, ".notes");
  await Deno.writeTextFile(typed, "mine");
  const share = await opened(server, { "x.txt": "theirs" });
  const [saved] = await saveFile(share.files, share.manifest.files[0], typed);
  assert.equal(saved.path, `${typed} (2)`);
  assert.equal(await Deno.readTextFile(typed), "mine");
  assert.equal(await Deno.readTextFile(`${typed} (2)`), "theirs");
});

Deno.test("get output - -o out/ creates the directory it names", async () => {
  await using server = await startTestServer();
  await using tmp = await tempDir();
  const dir = tmp.path;
  const share = await opened(server, { "report.txt": "hello" });
  const out = join(dir, "out") + "/";
  const [saved] = await saveFile(share.files, share.manifest.files[0], out);
  assert.equal(saved.path, `${out}report.txt`);
  assert.equal(await Deno.readTextFile(saved.path), "hello");
});

Deno.test("get output - when one file cannot be placed, none of the share's files stay", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const temps = [join(dir, ".a.part"), join(dir, ".b.part")];
  for (const t of temps) await Deno.writeTextFile(t, "x");
  // The second target's directory does not exist: its move fails after the first succeeded.
  await assert.rejects(
    placeFiles(temps, [join(dir, "a.txt"), join(dir, "missing", "b.txt")]),
    Deno.errors.NotFound,
  );
  assert.equal(await Deno.stat(join(dir, "a.txt")).then(() => true, () => false), false);
});
