/**
 * The share script end to end: `deno run share.ts` as a subprocess against a real server.
 * @module
 */
import assert from "node:assert/strict";
import { createShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { serveBundledScript } from "../helpers/bundled_script.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { sha256Hex } from "../helpers/digest.ts";
import { runScript } from "../helpers/share_script.ts";
import { tempDir } from "../helpers/temp_dir.ts";

/** Runs `fn` with a fresh server and a temp directory, cleaning both up. */
async function withServer(
  fn: (server: TestServer, dir: string) => Promise<void>,
  options: Parameters<typeof startTestServer>[0] = {},
): Promise<void> {
  await using server = await startTestServer(options);
  await using dir = await tempDir({ prefix: "hushlink-cli-" });
  await fn(server, dir.path);
}

/** Shares `args` with the server and returns the view link (asserting success). */
async function share(
  server: TestServer,
  args: string[],
  stdin?: Uint8Array | string,
): Promise<string> {
  const r = await runScript(["--server", server.url, ...args], { stdin });
  assert.equal(r.code, 0, r.errors.join("\n"));
  const lines = r.text.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, "standard output is exactly one line");
  return lines[0];
}

Deno.test("share.ts - shares a file with minimal permissions and get prints it", async () => {
  await withServer(async (server, dir) => {
    const file = `${dir}/notes.md`;
    await Deno.writeTextFile(file, "# notes\nhello\n");
    const host = new URL(server.url).host;
    const r = await runScript(["--server", server.url, file], {
      permissions: [`--allow-net=${host}`, `--allow-read=${file}`],
    });
    assert.equal(r.code, 0, r.errors.join("\n"));
    const link = r.text.trim();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
    assert.ok(r.errors.some((l) => l.startsWith("delete link: ") && l.includes("/d/")));
    assert.ok(r.errors.some((l) => l.startsWith("expires: ")));
    const got = await runScript(["get", link], { permissions: [`--allow-net=${host}`] });
    assert.equal(got.code, 0, got.errors.join("\n"));
    assert.equal(got.text, "# notes\nhello\n");
  });
});

Deno.test("share.ts - shares standard input as text, small and of unknown length", async () => {
  await withServer(async (server) => {
    const small = await share(server, [], "hello from a pipe\n");
    assert.equal((await runScript(["get", small])).text, "hello from a pipe\n");
    // Longer than the read-ahead (one part): streamed with an unknown size, no padding.
    const big = crypto.getRandomValues(new Uint8Array(65_536)).toHex().repeat(48); // 6 MiB
    const link = await share(server, ["--name", "big.txt"], big);
    const got = await runScript(["get", link]);
    assert.equal(got.code, 0, got.errors.join("\n"));
    assert.equal(got.text, big);
  });
});

Deno.test("share.ts - several files come back into a directory with -o", async () => {
  await withServer(async (server, dir) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "alpha");
    await Deno.writeFile(`${dir}/b.bin`, new Uint8Array([0, 1, 2, 255]));
    await Deno.writeTextFile(`${dir}/empty`, "");
    const link = await share(server, [`${dir}/a.txt`, `${dir}/b.bin`, `${dir}/empty`]);
    const r = await runScript(["get", link, "-o", `${dir}/out`]);
    assert.equal(r.code, 0, r.errors.join("\n"));
    assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort(), [
      "a.txt",
      "b.bin",
      "empty",
    ]);
    assert.equal(await Deno.readTextFile(`${dir}/out/a.txt`), "alpha");
    assert.deepEqual(await Deno.readFile(`${dir}/out/b.bin`), new Uint8Array([0, 1, 2, 255]));
    assert.equal((await Deno.readFile(`${dir}/out/empty`)).length, 0);
  });
});

Deno.test("share.ts - an empty file round-trips to standard output and to -o", async () => {
  await withServer(async (server, dir) => {
    await Deno.writeFile(`${dir}/empty.txt`, new Uint8Array(0));
    const link = await share(server, [`${dir}/empty.txt`]);
    const toStdout = await runScript(["get", link]);
    assert.equal(toStdout.code, 0, toStdout.errors.join("\n"));
    assert.equal(toStdout.stdout.length, 0);
    const toFile = await runScript(["get", link, "-o", `${dir}/got.txt`]);
    assert.equal(toFile.code, 0, toFile.errors.join("\n"));
    assert.equal((await Deno.readFile(`${dir}/got.txt`)).length, 0);
  });
});

Deno.test("share.ts - a 20 MiB random file comes back byte-identical", async () => {
  await withServer(async (server, dir) => {
    const data = new Uint8Array(20 * 1024 * 1024);
    for (let off = 0; off < data.length; off += 65_536) {
      crypto.getRandomValues(data.subarray(off, off + 65_536));
    }
    await Deno.writeFile(`${dir}/random.bin`, data);
    const link = await share(server, [`${dir}/random.bin`]);
    const r = await runScript(["get", link, "-o", `${dir}/copy.bin`]);
    assert.equal(r.code, 0, r.errors.join("\n"));
    assert.equal(await sha256Hex(await Deno.readFile(`${dir}/copy.bin`)), await sha256Hex(data));
  });
});

/** Shares "secret text" from standard input with the password "correct horse" and one view. */
async function passwordShare(server: { url: string }): Promise<string> {
  const r = await runScript(["--server", server.url, "--password", "--views", "1"], {
    stdin: "secret text",
    env: { HUSHLINK_PASSWORD: "correct horse" },
  });
  assert.equal(r.code, 0, r.errors.join("\n"));
  return r.text.trim();
}

Deno.test("share.ts - a wrong password exits 4 and uses no view; the right one opens", async () => {
  await withServer(async (server) => {
    const link = await passwordShare(server);
    const wrong = await runScript(["get", link], { env: { HUSHLINK_PASSWORD: "wrong horse" } });
    assert.equal(wrong.code, 4);
    assert.match(wrong.errors.join("\n"), /^hushlink: wrong password/m);
    const none = await runScript(["get", link]);
    assert.equal(none.code, 4, "no password and no terminal: asks for one and says how");
    const right = await runScript(["get", link], { env: { HUSHLINK_PASSWORD: "correct horse" } });
    assert.equal(right.code, 0, right.errors.join("\n"));
    assert.equal(right.text, "secret text");
    assert.equal(
      (await runScript(["get", link], { env: { HUSHLINK_PASSWORD: "correct horse" } })).code,
      3,
    );
  });
});

/** `link` with one key character changed: still a well-formed link, but not this share's key. */
function damaged(link: string): string {
  const at = link.indexOf("#") + 10;
  return link.slice(0, at) + (link[at] === "A" ? "B" : "A") + link.slice(at + 1);
}

Deno.test("share.ts - get opens a link with trailing punctuation or in <…>; a longer key is refused", async () => {
  await withServer(async (server) => {
    const link = await share(server, ["--views", "3"], "pasted from a sentence");
    for (const pasted of [`${link}).`, `${link}%20`, `<${link}>`]) {
      const got = await runScript(["get", pasted]);
      assert.equal(got.code, 0, got.errors.join("\n"));
      assert.equal(got.text, "pasted from a sentence");
    }
    const longer = await runScript(["get", `${link}A`]);
    assert.equal(longer.code, 1);
    assert.match(longer.errors.join("\n"), /^hushlink: the key after '#' must be 43 characters/m);
  });
});

Deno.test("share.ts - a damaged link to a password share says so, with the right password too", async () => {
  await withServer(async (server) => {
    const link = await passwordShare(server);
    const got = await runScript(["get", damaged(link)], {
      env: { HUSHLINK_PASSWORD: "correct horse" },
    });
    assert.equal(got.code, 4);
    assert.deepEqual(got.errors, [
      "hushlink: wrong password, or the link was changed or cut (no view was used); " +
      "check the password, or copy the whole link again",
    ]);
    // No view was used: the whole link still opens, once.
    const right = await runScript(["get", link], { env: { HUSHLINK_PASSWORD: "correct horse" } });
    assert.equal(right.text, "secret text");
  });
});

Deno.test("share.ts - --burn: the second get exits 3", async () => {
  await withServer(async (server) => {
    const link = await share(server, ["--burn"], "once");
    assert.equal((await runScript(["get", link])).text, "once");
    const again = await runScript(["get", link]);
    assert.equal(again.code, 3);
    assert.deepEqual(again.errors.length, 1);
    assert.match(again.errors[0], /^hushlink: the share does not exist/);
  });
});

Deno.test("share.ts - an expired share exits 3", async () => {
  let now = Date.now();
  await withServer(async (server) => {
    const link = await share(server, ["--expires", "5m"], "short-lived");
    now += 6 * 60 * 1000;
    assert.equal((await runScript(["get", link])).code, 3);
  }, { now: () => now });
});

Deno.test("share.ts - a tampered chunk exits 5 and -o leaves no file", async () => {
  await withServer(async (server, dir) => {
    const data = crypto.getRandomValues(new Uint8Array(60_000)).toHex(); // 120 KB: two KV chunks
    const link = await share(server, [], data);
    let tampered = false;
    for await (const entry of server.kv.list({ prefix: [] })) {
      if (entry.value instanceof Uint8Array && entry.value.length > 1000) {
        const value = entry.value.slice();
        value[value.length - 100] ^= 0x01;
        await server.kv.set(entry.key, value);
        tampered = true;
        break;
      }
    }
    assert.ok(tampered, "found a ciphertext chunk in KV");
    const r = await runScript(["get", link, "-o", `${dir}/out.txt`]);
    assert.equal(r.code, 5, r.errors.join("\n"));
    assert.match(r.errors.join("\n"), /^hushlink: integrity check failed/m);
    assert.deepEqual([...Deno.readDirSync(dir)], [], "no file and no temporary file left");
  });
});

Deno.test("share.ts - server down: exit 2 with a clear one-line message", async () => {
  const server = await startTestServer();
  const url = server.url;
  await server.close();
  const r = await runScript(["--server", url], { stdin: "nobody listens" });
  assert.equal(r.code, 2);
  assert.equal(r.text, "");
  assert.deepEqual(r.errors, [
    `hushlink: cannot reach the server at ${url}; check the address and that it runs`,
  ]);
  const get = await runScript(["get", `${url}/s/AAAAAAAAAAAAAAAAAAAAAA#${"A".repeat(43)}`]);
  assert.equal(get.code, 2);
});

Deno.test("share.ts - bad options exit 1 with one line naming the fix", async () => {
  for (
    const args of [
      ["--views", "many"],
      ["--expires", "3 fortnights"],
      ["--bogus"],
      ["--burn", "--views", "3"],
      ["--server", "not a url"],
      ["get"],
      ["get", "https://example.com/s/abc"],
      ["delete", "https://example.com/d/x#y"],
      ["/no/such/file.txt"],
      ["-", "-"],
    ]
  ) {
    const r = await runScript(args);
    assert.equal(r.code, 1, `${args.join(" ")}: ${r.errors.join("\n")}`);
    assert.equal(r.errors.length, 1, `${args.join(" ")}: one line`);
    assert.match(r.errors[0], /^hushlink: /);
    assert.equal(r.text, "");
  }
});

Deno.test("share.ts - --help documents every option and the minimal permissions", async () => {
  const r = await runScript(["--help"]);
  assert.equal(r.code, 0);
  for (
    const option of [
      "--server",
      "--expires",
      "--views",
      "--burn",
      "--password",
      "--name",
      "--upload-token",
      "--json",
      "--quiet",
      "get LINK",
      "-o PATH",
      "delete DELETE_LINK",
      "--allow-net=HOST --allow-read=FILE",
    ]
  ) assert.ok(r.text.includes(option), option);
});

Deno.test("share.ts - --json prints link, delete link and expiry; delete removes the share, its link pasted in <…>", async () => {
  await withServer(async (server) => {
    const before = Date.now();
    const r = await runScript(["--server", server.url, "--json", "--expires", "1h"], {
      stdin: "json me",
    });
    const after = Date.now();
    assert.equal(r.code, 0, r.errors.join("\n"));
    const out = JSON.parse(r.text);
    assert.deepEqual(Object.keys(out).sort(), ["deleteLink", "expiresAt", "link"]);
    // An hour from when the server created it, which was during the run.
    const expiresAt = Date.parse(out.expiresAt);
    assert.ok(
      before + 3600_000 <= expiresAt && expiresAt <= after + 3600_000,
      `${out.expiresAt} is not an hour after the run`,
    );
    const del = await runScript(["delete", `<${out.deleteLink}>`]);
    assert.equal(del.code, 0, del.errors.join("\n"));
    assert.equal((await runScript(["get", out.link])).code, 3);
    assert.equal((await runScript(["delete", out.deleteLink])).code, 3);
  });
});

Deno.test("share.ts - a server that requires an upload token gets it from --upload-token", async () => {
  await withServer(async (server) => {
    const without = await runScript(["--server", server.url], { stdin: "x" });
    assert.equal(without.code, 1);
    assert.match(without.errors[0], /--upload-token/);
    const link = await share(server, ["--upload-token", "let-me-in"], "with token");
    assert.equal((await runScript(["get", link])).text, "with token");
  }, { config: { uploadToken: "let-me-in" } });
});

Deno.test("share.ts - the server never receives the key, the password or the plaintext", async () => {
  await withServer(async (server, dir) => {
    const plaintext = "the plaintext that must stay on this machine";
    const password = "a password the server must not see";
    await Deno.writeTextFile(`${dir}/secret-name.txt`, plaintext);
    const r = await runScript(["--server", server.url, "--password", `${dir}/secret-name.txt`], {
      env: { HUSHLINK_PASSWORD: password },
    });
    assert.equal(r.code, 0, r.errors.join("\n"));
    const link = r.text.trim();
    const got = await runScript(["get", link], { env: { HUSHLINK_PASSWORD: password } });
    assert.equal(got.text, plaintext);
    const key = link.split("#")[1];
    const seen = server.requests.map((q) =>
      q.url + JSON.stringify(q.headers) + new TextDecoder().decode(q.body)
    ).join("\n");
    assert.ok(server.requests.length >= 3);
    for (const secret of [key, password, plaintext, "secret-name.txt"]) {
      assert.ok(!seen.includes(secret), `the server saw ${secret}`);
    }
  }, { record: true });
});

Deno.test("share.ts - bundled into one file and loaded over HTTP, it defaults to its own server and never fetches the MCP bundle", async () => {
  await withServer(async (server, dir) => {
    // A front server like the real one: /share.js is the bundle, the rest goes to the API.
    await using front = await serveBundledScript(server.url, dir);
    const script = `${front.origin}/share.js`;
    const permissions = ["-N", "-R"];
    const r = await runScript(["--burn"], { script, permissions, stdin: "from the bundle" });
    assert.equal(r.code, 0, r.errors.join("\n"));
    assert.ok(r.text.startsWith(`${front.origin}/s/`), r.text);
    const got = await runScript(["get", r.text.trim()], { script, permissions });
    assert.equal(got.text, "from the bundle");
    const help = await runScript(["--help"], { script, permissions });
    assert.ok(help.text.includes(`deno run --allow-net=HOST --allow-read=FILE ${script}`));
    // Fetched once (Deno caches it), and share-mcp.js never: it is loaded only for `mcp`.
    assert.deepEqual(front.served, ["/share.js"]);
  });
});

Deno.test("share.ts - the served share.js is at most 150 KB and holds no MCP server", async () => {
  await withServer(async (server, dir) => {
    await using front = await serveBundledScript(server.url, dir);
    // Served as built, uncompressed (so is the server's: routes/pages/assets.ts).
    const body = await (await fetch(`${front.origin}/share.js`)).bytes();
    assert.ok(body.length <= 150_000, `share.js is ${body.length} bytes`);
    const code = new TextDecoder().decode(body);
    const mcp = await (await fetch(`${front.origin}/share-mcp.js`)).text();
    // The MCP SDK's stdio transport: in the MCP bundle, not in the script everyone fetches.
    assert.ok(mcp.includes("StdioServerTransport"));
    assert.ok(!code.includes("StdioServerTransport"));
  });
});

Deno.test("share.ts - hostile file names stay inside the output directory", async () => {
  await withServer(async (server, dir) => {
    const names = ["../escape.txt", "/etc/abs.txt", "a\u0000b\u001b[31m.txt", "..", "same", "same"];
    const bodies = names.map((_, i) => new TextEncoder().encode(`file ${i}`));
    const manifest: Manifest = {
      v: 1,
      kind: "files",
      created: new Date().toISOString(),
      files: names.map((name, i) => ({ name, type: "text/plain", size: bodies[i].length })),
    };
    const { link } = await createShare(manifest, bodies.map((b) => new Blob([b]).stream()), {
      server: server.url,
    });
    await Deno.mkdir(`${dir}/out`);
    const r = await runScript(["get", link, "-o", `${dir}/out`]);
    assert.equal(r.code, 0, r.errors.join("\n"));
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["out"]);
    const written = [...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort();
    assert.deepEqual(written, [
      "ab[31m.txt",
      "abs.txt",
      "escape.txt",
      "file-4",
      "same",
      "same (2)",
    ]);
    assert.equal(await Deno.readTextFile(`${dir}/out/same (2)`), "file 5");
  });
});

Deno.test("share.ts - several files without -o land in ./hushlink-ID/", async () => {
  await withServer(async (server, dir) => {
    await Deno.writeTextFile(`${dir}/one.txt`, "1");
    await Deno.writeTextFile(`${dir}/two.txt`, "2");
    const link = await share(server, [`${dir}/one.txt`, `${dir}/two.txt`]);
    const id = new URL(link).pathname.split("/").pop();
    const r = await runScript(["get", link], { cwd: dir });
    assert.equal(r.code, 0, r.errors.join("\n"));
    assert.equal(r.text, "");
    assert.equal(await Deno.readTextFile(`${dir}/hushlink-${id}/two.txt`), "2");
  });
});
