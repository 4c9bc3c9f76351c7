/**
 * Pure pieces of the share script and the client: argument parsing, durations (the one grammar
 * the server's configuration and the MCP tools share), safe names,
 * MIME guesses, delete links, part cutting, large file writes.
 * @module
 */
import assert from "node:assert/strict";
import { parseArgs } from "../../lib/cli/args.ts";
import { UsageError } from "../../lib/share_io/errors.ts";
import { guessType } from "../../lib/share_io/mime.ts";
import { readInput } from "../../lib/share_io/input.ts";
import { DeleteLinkError, formatDeleteLink, parseDeleteLink } from "../../lib/client/mod.ts";
import { partsOf } from "../../lib/client/parts.ts";
import { fileSink } from "../../lib/share_io/file_sink.ts";
import { DURATION_PATTERN, parseDuration } from "../../lib/duration.ts";

Deno.test("lib/cli/args - share options, get and delete commands", () => {
  assert.deepEqual(parseArgs(["--burn", "--expires=1h", "a.txt", "-"]), {
    command: "share",
    files: ["a.txt", "-"],
    server: undefined,
    expiresIn: 3600,
    views: 1,
    password: false,
    name: undefined,
    uploadToken: undefined,
    session: false,
    redact: true,
    quiet: false,
    json: false,
  });
  assert.deepEqual(parseArgs(["get", "L", "-o", "out", "-q"]), {
    command: "get",
    link: "L",
    output: "out",
    password: false,
    raw: false,
    quiet: true,
    json: false,
  });
  const raw = parseArgs(["get", "L", "--raw"]);
  assert.equal(raw.command === "get" && raw.raw, true);
  assert.deepEqual(parseArgs(["delete", "D", "--json"]), {
    command: "delete",
    link: "D",
    quiet: false,
    json: true,
  });
  assert.deepEqual(parseArgs(["--", "--burn"]).command === "share" && parseArgs(["--", "--burn"]), {
    ...parseArgs([]),
    files: ["--burn"],
  });
  assert.deepEqual(parseArgs(["get", "-h"]), { command: "help" });
});

Deno.test("lib/cli/args - sessions command and --session options", () => {
  assert.deepEqual(parseArgs(["sessions"]), { command: "sessions" });
  const latest = parseArgs(["--session"]);
  assert.ok(latest.command === "share" && latest.session && latest.redact);
  assert.deepEqual(latest.files, []);
  const byId = parseArgs(["--session", "5b0c", "--no-redact", "--burn"]);
  assert.ok(byId.command === "share" && byId.session && !byId.redact && byId.views === 1);
  assert.deepEqual(byId.files, ["5b0c"]);
  for (
    const argv of [
      ["--session", "a", "b"],
      ["--no-redact", "a.txt"],
      ["--session", "--name", "x"],
      ["sessions", "extra"],
    ]
  ) assert.throws(() => parseArgs(argv), UsageError, argv.join(" "));
});

Deno.test("lib/cli/args - mistakes are UsageErrors", () => {
  for (
    const argv of [
      ["--views"],
      ["--views", "0"],
      ["--expires", "0"],
      ["-o", "x"],
      ["get", "a", "b"],
      ["delete", "--name", "x", "D"],
      ["--name", "x", "file.txt"],
      ["--json=yes"],
      ["--server", "ftp://x"],
    ]
  ) assert.throws(() => parseArgs(argv), UsageError, argv.join(" "));
});

Deno.test("lib/duration - seconds, minutes, hours, days, weeks or plain seconds; nothing else", () => {
  assert.equal(parseDuration("90s"), 90);
  assert.equal(parseDuration("90"), 90);
  assert.equal(parseDuration("10m"), 600);
  assert.equal(parseDuration("1h"), 3600);
  assert.equal(parseDuration("7d"), 604_800);
  assert.equal(parseDuration("2w"), 1_209_600);
  assert.equal(parseDuration(" 5m "), 300);
  for (const bad of ["1y", "-5m", "0", "0s", "1.5h", "5 m", "5M", "", "1234567890"]) {
    assert.equal(parseDuration(bad), null, bad);
    if (bad !== "0" && bad !== "0s") assert.ok(!DURATION_PATTERN.test(bad), bad);
  }
});

Deno.test("lib/cli/args - --expires takes the shared durations and names itself when wrong", () => {
  const args = parseArgs(["--expires", "2w", "a.txt"]);
  assert.equal(args.command === "share" && args.expiresIn, 1_209_600);
  assert.throws(() => parseArgs(["--expires", "1y"]), /^UsageError: --expires 1y: use a duration/);
});

Deno.test("lib/share_io/mime - types from extensions, octet-stream otherwise", () => {
  assert.equal(guessType("README.MD"), "text/markdown; charset=utf-8");
  assert.equal(guessType("photo.jpeg"), "image/jpeg");
  assert.equal(guessType("archive.tar.gz"), "application/gzip");
  assert.equal(guessType("Makefile"), "application/octet-stream");
  assert.equal(guessType("x.unknownext"), "application/octet-stream");
});

Deno.test("lib/share_io/input - standard input is named and typed by what it reads as", async () => {
  const entryFor = async (
    text: string | Uint8Array<ArrayBuffer>,
    files: string[] = [],
    name?: string,
  ) => {
    const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
    const { manifest, bodies } = await readInput({
      files,
      name,
      readAhead: 1024,
      stdin: ReadableStream.from([bytes]),
    });
    for await (const body of bodies) await body.cancel();
    const { name: n, type } = manifest.files[manifest.files.length - 1];
    return `${manifest.kind} ${n} ${type}`;
  };
  assert.equal(await entryFor("hello\n"), "text paste.txt text/plain; charset=utf-8");
  assert.equal(
    await entryFor("# Title\n\n- a [link](https://example.com)\n- b\n"),
    "text paste.md text/markdown; charset=utf-8",
  );
  assert.equal(
    await entryFor("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n"),
    "text paste.txt text/x-code; charset=utf-8",
  );
  // Longer than the read-ahead (the size is unknown): the start still decides.
  assert.equal(
    await entryFor("const a = 1;\n".repeat(1000)),
    "text paste.txt text/x-code; charset=utf-8",
  );
  // Not UTF-8: a paste as it always was.
  assert.equal(
    await entryFor(new Uint8Array([0xff, 0xfe, 0x7b, 0x3b])),
    "text paste.txt text/plain; charset=utf-8",
  );
  // Named, it is a file of that name and its type, whatever it reads as.
  assert.equal(
    await entryFor("# Title\n- a\n- b\n", [], "x.txt"),
    "files x.txt text/plain; charset=utf-8",
  );
  const file = await Deno.makeTempFile({ suffix: ".txt" });
  try {
    assert.equal(
      await entryFor("# A\n## B\n", [file, "-"]),
      "files stdin.md text/markdown; charset=utf-8",
    );
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("lib/client/links - delete links format and parse, text pasted around them is dropped; damage is named", () => {
  const id = "A".repeat(22);
  const token = "b".repeat(43);
  const link = formatDeleteLink("https://h.example", id, token);
  assert.equal(link, `https://h.example/d/${id}#${token}`);
  assert.deepEqual(parseDeleteLink(link), { origin: "https://h.example", id, token });
  const codes = (l: string) => {
    try {
      parseDeleteLink(l);
      return "ok";
    } catch (e) {
      assert.ok(e instanceof DeleteLinkError);
      return e.code;
    }
  };
  assert.equal(codes("not a link"), "bad_link");
  assert.equal(codes(`https://h.example/s/${id}#${token}`), "bad_link");
  assert.equal(codes(`https://h.example/d/short#${token}`), "bad_id");
  assert.equal(codes(`https://h.example/d/${id}`), "missing_key");
  assert.equal(codes(`https://h.example/d/${id}#${token.slice(1)}`), "bad_key");
  assert.equal(codes(`https://h.example/d/${id}#${token.slice(1)}!`), "bad_key");
  assert.equal(codes(`https://h.example/d/${id}#${token}b`), "bad_key", "a 44th token character");
  // Cut as a view link is: what follows the token and a "<" before the link are not part of it.
  for (
    const pasted of [`${link}.`, `${link})`, `${link}%20`, `${link}!`, `<${link}>`, ` <${link}>.\n`]
  ) {
    assert.deepEqual(parseDeleteLink(pasted), { origin: "https://h.example", id, token }, pasted);
  }
});

Deno.test("lib/client/parts - parts of exactly partSize, the last one marked, even on a boundary", async () => {
  const cut = async (sizes: number[], partSize: number) => {
    const stream = ReadableStream.from(sizes.map((n) => new Uint8Array(n).fill(n % 251)));
    const out: [number, number, boolean][] = [];
    for await (const p of partsOf(stream, partSize)) out.push([p.index, p.bytes.length, p.last]);
    return out;
  };
  assert.deepEqual(await cut([], 4), [[0, 0, true]]);
  assert.deepEqual(await cut([3], 4), [[0, 3, true]]);
  assert.deepEqual(await cut([4], 4), [[0, 4, true]]);
  assert.deepEqual(await cut([2, 2, 0, 4], 4), [[0, 4, false], [1, 4, true]]);
  assert.deepEqual(await cut([10], 4), [[0, 4, false], [1, 4, false], [2, 2, true]]);
  const bytes: number[] = [];
  const data = ReadableStream.from([
    new Uint8Array([1, 2, 3]),
    new Uint8Array([4, 5]),
    new Uint8Array([6]),
  ]);
  for await (const p of partsOf(data, 4)) bytes.push(...p.bytes);
  assert.deepEqual(bytes, [1, 2, 3, 4, 5, 6]);
});

Deno.test("lib/client/parts - freeChunks frees each chunk once copied into a part, the parts intact", async () => {
  const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5]), new Uint8Array([6])];
  const parts: number[][] = [];
  for await (const p of partsOf(ReadableStream.from(chunks), 4, { freeChunks: true })) {
    parts.push([...p.bytes]);
    // A chunk cut by the part's end is freed only once its rest is copied too.
    if (p.index === 0) assert.deepEqual(chunks.map((c) => c.buffer.detached), [true, false, false]);
  }
  assert.deepEqual(parts, [[1, 2, 3, 4], [5, 6]]);
  assert(chunks.every((c) => c.buffer.detached));
});

Deno.test("lib/share_io/file_sink - a file written in large writes, whatever the chunks; chunks that end their buffer freed", async () => {
  const path = await Deno.makeTempFile();
  try {
    const content = new Uint8Array(3 * 1024 * 1024 + 12_345).map((_, i) => i * 7);
    const record = content.slice(0, 70_000); // one buffer, handed out as two pieces
    const chunks = [record.subarray(0, 50_000), record.subarray(50_000)];
    for (let at = 70_000; at < content.length; at += 65_536) {
      chunks.push(content.slice(at, at + 65_536));
    }
    const file = await Deno.open(path, { write: true });
    await ReadableStream.from(chunks).pipeTo(fileSink(file, { freeChunks: true }));
    assert.deepEqual(await Deno.readFile(path), content);
    assert(chunks.every((c) => c.buffer.detached));

    // Without freeChunks, nothing is freed; an error upstream closes the file.
    const kept = [content.slice(0, 10), content.slice(10, 20)];
    const again = await Deno.open(path, { write: true, truncate: true });
    await ReadableStream.from(kept).pipeTo(fileSink(again));
    assert(kept.every((c) => !c.buffer.detached));
    const failing = await Deno.open(path, { write: true });
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("cut"));
      },
    });
    await assert.rejects(broken.pipeTo(fileSink(failing)), /cut/);
    assert.throws(() => failing.close(), Deno.errors.BadResource);

    // A size smaller than what comes is only a hint.
    const hinted = await Deno.open(path, { write: true, truncate: true });
    await ReadableStream.from([content.subarray(0, 5000)]).pipeTo(fileSink(hinted, { size: 10 }));
    assert.deepEqual(await Deno.readFile(path), content.subarray(0, 5000));
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("lib/share_io/file_sink - a failed write rejects and closes the file", async () => {
  const full = await Deno.open("/dev/full", { write: true });
  const chunks = [new Uint8Array(1024 * 1024), new Uint8Array(1024 * 1024), new Uint8Array(10)];
  await assert.rejects(ReadableStream.from(chunks).pipeTo(fileSink(full)));
  assert.throws(() => full.close(), Deno.errors.BadResource);
});
