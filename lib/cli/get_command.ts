/**
 * `share.ts get LINK [-o PATH]`: opens a share and writes its files.
 * @module
 */
import { openShare } from "../client/mod.ts";
import { parseLink } from "../crypto/mod.ts";
import type { GetArgs } from "./args.ts";
import { type Saved, saveFile, saveFiles, streamFiles } from "../share_io/output.ts";
import { sharePassword } from "./password.ts";
import { formatBytes } from "../format.ts";
import { contentSize } from "../crypto/mod.ts";
import { createProgress } from "./progress.ts";
import { printableStream } from "../share_io/terminal.ts";

/**
 * Shares up to this many ciphertext bytes are written to standard output only after the whole
 * stream authenticated; larger ones stream (memory stays flat).
 */
const VERIFIED_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Runs the get command: standard output for text or a single file, files under `-o`, and a
 * directory `hushlink-<id>` for several files without `-o`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type GetArgs, parseArgs } from "./args.ts";
 * import { runGet } from "./get_command.ts";
 * import { createApp } from "../app.ts";
 * import { createShare } from "../client/mod.ts";
 * import { loadConfig } from "../config.ts";
 * // A hushlink server on a local port, on an in-memory KV.
 * await using kv = await Deno.openKv(":memory:");
 * await using http = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   createApp({ kv, config: loadConfig({}) }).fetch,
 * );
 * const { link } = await createShare({
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain", size: 2 }],
 * }, [new Blob(["hi"]).stream()], { server: `http://127.0.0.1:${http.addr.port}` });
 *
 * const out = await Deno.makeTempDir();
 * await runGet(parseArgs(["get", link, "-o", `${out}/paste.txt`, "--quiet"]) as GetArgs);
 * assert.equal(await Deno.readTextFile(`${out}/paste.txt`), "hi");
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function runGet(args: GetArgs): Promise<void> {
  const share = await openShare(args.link, {
    password: args.password ? await sharePassword() : sharePassword,
  });
  const entries = share.manifest.files;
  // A bar on the same terminal as the content would garble it.
  const contentOnTerminal = args.output === undefined && Deno.stdout.isTerminal();
  const progress = createProgress("downloading and decrypting", args.quiet || contentOnTerminal);
  const total = contentSize(share.manifest);
  let done = 0;
  const onBytes = (n: number) => progress.update(done += n, total);
  let saved: Saved[];
  try {
    if (args.output !== undefined) {
      saved = entries.length === 1
        ? await saveFile(share.files, entries[0], args.output, onBytes)
        : await saveFiles(share.files, entries, args.output, onBytes);
    } else if (entries.length <= 1) {
      const bytes = await streamFiles(share.files, Deno.stdout.writable, {
        onBytes,
        // Small shares reach standard output only once verified (a pipe into a program must not
        // act on a prefix); larger ones stream, and a failure is in the exit code.
        verifiedOnly: share.size <= VERIFIED_OUTPUT_BYTES,
        through: contentOnTerminal && !args.raw ? printableStream : undefined,
      });
      saved = entries.length === 0 ? [] : [{ path: "standard output", bytes }];
    } else {
      // Several files cannot share standard output, and the view is already used: keep them.
      const { id } = parseLink(args.link);
      saved = await saveFiles(share.files, entries, `hushlink-${id}`, onBytes);
    }
  } finally {
    progress.finish();
  }
  if (args.json) {
    // Standard output carries the content when no file was written: the summary goes aside.
    const print = saved[0]?.path === "standard output" ? console.error : console.log;
    print(JSON.stringify({
      files: saved.map((s, i) => ({
        name: entries[i].name,
        type: entries[i].type,
        path: s.path,
        bytes: s.bytes,
      })),
      viewsLeft: share.viewsLeft,
      expiresAt: share.expiresAt,
    }));
  }
  if (args.quiet) return;
  for (const s of saved) {
    if (s.path !== "standard output") console.error(`saved ${s.path} (${formatBytes(s.bytes)})`);
  }
  if (share.viewsLeft === 0) console.error("that was the last view: the share is gone");
  else if (share.viewsLeft !== null) console.error(`views left: ${share.viewsLeft}`);
}
