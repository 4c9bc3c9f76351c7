/**
 * `share.ts [options] [FILE...]`: packs, encrypts and uploads, then prints the link.
 * @module
 */
import { ApiError, createShare, PART_SIZE } from "../client/mod.ts";
import type { ShareArgs } from "./args.ts";
import { readEnv } from "./env.ts";
import { UsageError } from "../share_io/errors.ts";
import { readInput } from "../share_io/input.ts";
import { sessionInput } from "./session_command.ts";
import { newSharePassword } from "./password.ts";
import { createProgress } from "./progress.ts";
import { contentSize } from "../crypto/mod.ts";
import { contentProgress } from "../format.ts";

/**
 * Parts uploading at once. Each holds its 4 MiB until stored (a retry sends it again), and one
 * more fills. Against a local server, a 512 MiB share took 12–16 s and peaked at ~92 MiB with 4,
 * 15–18 s and ~82 MiB with 2 (2-core machine, 2026-12-03): the speed is worth the memory.
 */
const PARTS_IN_FLIGHT = 4;

/** Where the script runs from, to pick the default server. */
export interface ScriptContext {
  /** `import.meta.url` of the entry script: an http(s) URL when loaded from a server. */
  scriptUrl: string;
}

/**
 * Runs the share command; resolves when the share is stored and the link printed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs, type ShareArgs } from "./args.ts";
 * import { runShare } from "./share_command.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A hushlink server on a local port, on an in-memory KV.
 * await using kv = await Deno.openKv(":memory:");
 * await using http = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   createApp({ kv, config: loadConfig({}) }).fetch,
 * );
 * const server = `http://127.0.0.1:${http.addr.port}`;
 * const notes = await Deno.makeTempFile({ suffix: ".txt" });
 * await Deno.writeTextFile(notes, "meeting notes");
 *
 * // Prints the link (and the delete link) on standard output.
 * await runShare(parseArgs(["--server", server, "--quiet", notes]) as ShareArgs, {
 *   scriptUrl: import.meta.url,
 * });
 * assert.equal((await Array.fromAsync(kv.list({ prefix: ["share"] }))).length, 1);
 * await Deno.remove(notes);
 * ```
 */
export async function runShare(args: ShareArgs, context: ScriptContext): Promise<void> {
  const server = args.server ?? await defaultServer(context.scriptUrl);
  const usesStdin = !args.session && (args.files.length === 0 || args.files.includes("-"));
  const password = args.password ? await newSharePassword() : undefined;
  const uploadToken = args.uploadToken ?? await readEnv("HUSHLINK_UPLOAD_TOKEN");
  if (usesStdin && Deno.stdin.isTerminal() && !args.quiet) {
    console.error(
      "reading standard input: type or paste, then Ctrl-D (or name a FILE; see --help)",
    );
  }
  const { manifest, bodies } = args.session ? await sessionInput(args) : await readInput({
    files: args.files,
    name: args.name,
    readAhead: PART_SIZE,
    stdin: Deno.stdin.readable,
  });
  const progress = createProgress("encrypting and uploading", args.quiet);
  const size = contentSize(manifest);
  let share;
  try {
    share = await createShare(manifest, bodies, {
      server,
      password,
      expiresIn: args.expiresIn,
      views: args.views,
      uploadToken,
      parallel: PARTS_IN_FLIGHT,
      streamParts: true,
      // File and standard-input reads are fresh buffers nothing else reads; a session's body is
      // a Blob's, which keeps its bytes.
      freeBodies: !args.session,
      // In the files' own sizes, not the ciphertext's (a few percent more): see contentProgress.
      onProgress: (sent, total) => {
        const shown = contentProgress(sent, total, size);
        progress.update(shown.done, shown.total);
      },
    });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      throw new UsageError(
        "this server needs a valid upload token: pass --upload-token TOKEN, or set HUSHLINK_UPLOAD_TOKEN " +
          "and run with --allow-env=HUSHLINK_UPLOAD_TOKEN",
      );
    }
    throw e;
  } finally {
    progress.finish();
  }
  if (args.json) {
    console.log(
      JSON.stringify({
        link: share.link,
        deleteLink: share.deleteLink,
        expiresAt: share.expiresAt,
      }),
    );
    return;
  }
  console.log(share.link);
  if (!args.quiet) {
    const views = args.views === undefined
      ? ""
      : `, or after ${args.views} view${args.views === 1 ? "" : "s"}`;
    console.error(`delete link: ${share.deleteLink}`);
    console.error(`expires: ${share.expiresAt}${views}`);
  }
}

/**
 * $HUSHLINK_SERVER when readable, else the server the script was loaded from, else localhost.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultServer } from "./share_command.ts";
 * if (Deno.env.get("HUSHLINK_SERVER") === undefined) {
 *   assert.equal(await defaultServer("https://share.example.org/share.js"), "https://share.example.org");
 * }
 * ```
 */
export async function defaultServer(scriptUrl: string): Promise<string> {
  const fromEnv = await readEnv("HUSHLINK_SERVER");
  if (fromEnv !== undefined) return fromEnv;
  const url = new URL(scriptUrl);
  return url.protocol === "http:" || url.protocol === "https:"
    ? url.origin
    : "http://localhost:8000";
}
