/**
 * The `share_text` and `share_file` tools: the content is packed and encrypted on this machine
 * by the same code as the share script (lib/share_io/input.ts builds the package, lib/client uploads
 * it); only ciphertext leaves, and the link with its key goes back to the agent alone.
 * @module
 */
import { createShare, PART_SIZE } from "../client/mod.ts";
import type { Manifest } from "../crypto/mod.ts";
import { durationArgument } from "../share_io/errors.ts";
import { readInput } from "../share_io/input.ts";

/** Where and how shares are created. */
export interface ShareContext {
  /** The hushlink server's base URL. */
  server: string;
  /** The server's upload token, for servers that require one. */
  uploadToken?: string;
}

/** Options a caller may set on a new share (the tools' optional arguments). */
export interface ShareSettings {
  /** Lifetime: `90s`, `10m`, `1h`, `7d`, `2w` or plain seconds; the server's default if absent. */
  expires?: string;
  /** View limit; unlimited if absent. */
  views?: number;
  /** A password mixed into the key; the reader needs it as well as the link. */
  password?: string;
}

/** A package ready to encrypt: its manifest and the files' bytes, in the manifest's order. */
export interface SharePackage {
  /** The package manifest. */
  manifest: Manifest;
  /** One stream per file of the manifest. */
  bodies: Iterable<ReadableStream<Uint8Array>> | AsyncIterable<ReadableStream<Uint8Array>>;
  /**
   * The bodies' chunks are fresh buffers nothing else reads (file and text reads): each is freed
   * as soon as it is encrypted (lib/client `createShare`'s `freeBodies`).
   */
  freeBodies?: boolean;
}

/** What a share tool returns. */
export interface SharedLinks {
  /** The view link; the key is in its fragment. */
  link: string;
  /** The delete link; keep it to remove the share early. */
  deleteLink: string;
  /** Expiry time (ISO 8601). */
  expiresAt: string;
  /** The view limit, or null when unlimited. */
  views: number | null;
}

/**
 * Shares `text` as a paste, or as a file called `name` when one is given (the same rule as the
 * share script's standard input).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
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
 * const { link, views } = await shareText({ server }, "hello", { views: 1 });
 * assert(link.startsWith(`${server}/s/`) && views === 1);
 * ```
 */
export async function shareText(
  context: ShareContext,
  text: string,
  settings: ShareSettings & { name?: string } = {},
): Promise<SharedLinks> {
  const input = await readInput({
    files: ["-"],
    name: settings.name,
    readAhead: PART_SIZE,
    stdin: ReadableStream.from([new TextEncoder().encode(text)]),
  });
  return await uploadPackage(context, { ...input, freeBodies: true }, settings);
}

/**
 * Shares the file at `path` (read from this machine's disk, relative to the server process's
 * working directory unless absolute).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shareFile } from "./share_tools.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A hushlink server on a local port, on an in-memory KV.
 * await using kv = await Deno.openKv(":memory:");
 * await using http = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   createApp({ kv, config: loadConfig({}) }).fetch,
 * );
 * const server = `http://127.0.0.1:${http.addr.port}`;
 * const report = await Deno.makeTempFile({ suffix: ".pdf" });
 * await Deno.writeFile(report, new TextEncoder().encode("%PDF-1.7"));
 * const { link } = await shareFile({ server }, report);
 * assert(link.startsWith(`${server}/s/`));
 * await Deno.remove(report);
 * ```
 */
export async function shareFile(
  context: ShareContext,
  path: string,
  settings: ShareSettings = {},
): Promise<SharedLinks> {
  const input = await readInput({
    files: [path],
    readAhead: 0,
    stdin: ReadableStream.from<Uint8Array>([]),
  });
  return await uploadPackage(context, { ...input, freeBodies: true }, settings);
}

/**
 * Encrypts and uploads a package with the caller's settings (the step every share tool ends
 * with, so expiry and view limits mean the same everywhere).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { uploadPackage } from "./share_tools.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A hushlink server on a local port, on an in-memory KV.
 * await using kv = await Deno.openKv(":memory:");
 * await using http = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   createApp({ kv, config: loadConfig({}) }).fetch,
 * );
 * const server = `http://127.0.0.1:${http.addr.port}`;
 * // A package made elsewhere, e.g. readConversation(await resolveSession(undefined)).
 * const manifest = {
 *   v: 1 as const,
 *   kind: "text" as const,
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain", size: 2 }],
 * };
 * const bodies = [new Blob(["hi"]).stream()];
 * const { link, views } = await uploadPackage({ server }, { manifest, bodies }, {});
 * assert(link.startsWith(`${server}/s/`) && views === null);
 * ```
 */
export async function uploadPackage(
  context: ShareContext,
  { manifest, bodies, freeBodies }: SharePackage,
  settings: ShareSettings,
): Promise<SharedLinks> {
  const share = await createShare(manifest, bodies, {
    server: context.server,
    freeBodies,
    uploadToken: context.uploadToken,
    password: settings.password,
    expiresIn: settings.expires === undefined
      ? undefined
      : durationArgument(settings.expires, "expires"),
    views: settings.views,
  });
  return {
    link: share.link,
    deleteLink: share.deleteLink,
    expiresAt: share.expiresAt,
    views: settings.views ?? null,
  };
}
