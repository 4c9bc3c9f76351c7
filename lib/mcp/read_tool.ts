/**
 * The `read_link` tool: opens a view link on this machine — the key never leaves it — and gives
 * the agent the text, or the files' names, types and sizes, saving them when asked. Saving goes
 * through the share script's writer (lib/share_io/output.ts): sanitised names, temporary files renamed
 * only after the whole share authenticated.
 * @module
 */
import { resolve } from "node:path";
import { getShareInfo, openShare } from "../client/mod.ts";
import { decodeBody, type Manifest, parseLink } from "../crypto/mod.ts";
import { UsageError } from "../share_io/errors.ts";
import { saveFiles, streamFiles } from "../share_io/output.ts";

/** Default cap on text returned inline: beyond it the text is cut (tool results go into a context window). */
export const DEFAULT_MAX_TEXT_BYTES = 256 * 1024;

/** Options of {@link readLink}. */
export interface ReadOptions {
  /** The share's password, when it has one. */
  password?: string;
  /** A directory to save the files into; it must not exist yet or be empty. */
  saveTo?: string;
  /** Cap on text returned inline, in bytes ({@link DEFAULT_MAX_TEXT_BYTES} by default). */
  maxTextBytes?: number;
}

/** One file of a share, as reported to the agent. */
export interface ReadFile {
  /** The name the sender gave (untrusted). */
  name: string;
  /** MIME type the sender gave. */
  type: string;
  /** Decoded size in bytes. */
  size: number;
  /** Where it was saved, when it was. */
  path?: string;
}

/** What {@link readLink} returns. */
export interface ReadResult {
  /** The share's kind. */
  kind: Manifest["kind"];
  /** The text of a text or conversation share (cut at the cap), when not saved. */
  text?: string;
  /** Whether `text` was cut at the cap. */
  truncated?: boolean;
  /** The share's files. */
  files: ReadFile[];
  /** Views left after this read, or null when unlimited (0: the share is gone). */
  viewsLeft: number | null;
  /** Expiry time (ISO 8601). */
  expiresAt: string;
}

/**
 * Reads a share, using one view. Without `saveTo`, a text (or conversation) share's text comes
 * back inline and a files share is listed; a share whose ciphertext is larger than the inline cap
 * is refused before any view is used. With `saveTo`, every file is saved there.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLink } from "./read_tool.ts";
 * import { shareText } from "./share_tools.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A hushlink server on a local port, on an in-memory KV.
 * await using kv = await Deno.openKv(":memory:");
 * await using http = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   createApp({ kv, config: loadConfig({}) }).fetch,
 * );
 * const server = `http://127.0.0.1:${http.addr.port}`;
 * const { link } = await shareText({ server }, "hello", { views: 2 });
 *
 * const { text } = await readLink(link);
 * assert.equal(text, "hello");
 * const saveTo = await Deno.makeTempDir();
 * const { files } = await readLink(link, { saveTo }); // the last view
 * assert.equal(files.length, 1);
 * await Deno.remove(saveTo, { recursive: true });
 * ```
 */
export async function readLink(link: string, options: ReadOptions = {}): Promise<ReadResult> {
  const maxText = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const { origin, id } = parseLink(link);
  const saveTo = options.saveTo === undefined ? undefined : resolve(options.saveTo);
  if (saveTo !== undefined) {
    await checkFreshDirectory(saveTo);
  } else {
    // Ask the size first (no view used) so an oversized share is not burnt for nothing.
    const { size } = await getShareInfo(origin, id);
    if (size > maxText + 65_536) {
      throw new UsageError(
        `the share holds about ${size} encrypted bytes, too many to return here; ` +
          "call read_link again with save_to (a new directory) to save it",
      );
    }
  }
  const share = await openShare(link, { password: options.password });
  const { manifest } = share;
  const meta = { kind: manifest.kind, viewsLeft: share.viewsLeft, expiresAt: share.expiresAt };
  if (saveTo !== undefined) {
    const saved = await saveFiles(share.files, manifest.files, saveTo);
    const files = saved.map((s, i) => ({ ...describe(manifest, i), size: s.bytes, path: s.path }));
    return { ...meta, files };
  }
  if (manifest.kind !== "files" && manifest.files.length === 1) {
    const sink = new CappedSink(maxText);
    const size = await streamFiles(share.files, sink.writable);
    return {
      ...meta,
      text: sink.text(size <= maxText),
      truncated: size > maxText,
      files: [{ ...describe(manifest, 0), size }],
    };
  }
  const files: ReadFile[] = [];
  for await (const { entry, body } of share.files) {
    let size = 0;
    await decodeBody(entry, body).pipeTo(
      new WritableStream({ write: (c) => void (size += c.length) }),
    );
    files.push({ ...describe(manifest, files.length), size });
  }
  return { ...meta, files };
}

function describe(manifest: Manifest, index: number): { name: string; type: string } {
  const { name, type } = manifest.files[index];
  return { name, type };
}

/**
 * Refuses a `save_to` that already holds something: the files' names come from the sender, and
 * a fresh directory is the simple way to be sure none of them replaces a file of the agent's.
 */
async function checkFreshDirectory(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  if (!info.isDirectory) {
    throw new UsageError(`save_to ${dir} is a file; give a new or empty directory`);
  }
  for await (const _ of Deno.readDir(dir)) {
    throw new UsageError(`save_to ${dir} is not empty; give a new or empty directory`);
  }
}

/** Keeps the first `cap` bytes written to it (the rest is only counted by the caller). */
class CappedSink {
  readonly #chunks: Uint8Array[] = [];
  #kept = 0;
  readonly writable: WritableStream<Uint8Array>;

  constructor(cap: number) {
    this.writable = new WritableStream({
      write: (chunk) => {
        const room = cap - this.#kept;
        if (room <= 0) return;
        const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
        this.#chunks.push(part.slice());
        this.#kept += part.length;
      },
    });
  }

  /**
   * The kept bytes as UTF-8. When they are only a prefix (`complete` false), a character cut at
   * the cap is dropped rather than shown mangled.
   */
  text(complete: boolean): string {
    const decoder = new TextDecoder();
    const text = this.#chunks.map((c) => decoder.decode(c, { stream: true })).join("");
    return complete ? text + decoder.decode() : text;
  }
}
