/**
 * Creating a share from files or text: key generation, packing, streaming encryption and the
 * upload, in one pipeline with bounded memory.
 * @module
 */
import {
  deriveKeys,
  encryptedSize,
  encryptStream,
  formatLink,
  generateSecret,
  type Manifest,
  newPasswordParams,
  pack,
  packedSize,
} from "../crypto/mod.ts";
import { formatDeleteLink } from "./links.ts";
import { uploadCiphertext, type UploadOptions } from "./upload.ts";

/**
 * Options of {@link createShare}: the upload's (lib/client/upload.ts) without what createShare
 * makes itself (the ciphertext, its size, the read token's hash and the KDF parameters), plus the
 * password and the encryption's concurrency.
 */
export interface CreateShareOptions
  extends Omit<UploadOptions, "ciphertext" | "size" | "readTokenHash" | "kdf"> {
  /** A password mixed into the key (PBKDF2), when wanted. */
  password?: string;
  /** Records encrypting at once (lib/crypto's default when absent). */
  concurrency?: number;
  /**
   * The bodies' chunks are the share's alone, each with an ArrayBuffer of its own (as fresh file
   * reads are): each is freed as soon as it is encrypted, rather than left for the garbage
   * collector.
   */
  freeBodies?: boolean;
}

/** A stored share. */
export interface CreatedShare {
  /** The share id. */
  id: string;
  /** The view link, key in the fragment. */
  link: string;
  /** The delete link, delete token in the fragment. */
  deleteLink: string;
  /** When the share expires (ISO 8601). */
  expiresAt: string;
  /** Ciphertext bytes stored. */
  size: number;
}

/**
 * Encrypts and stores the files described by `manifest`, whose bodies come in manifest order.
 * When every size in the manifest is known, the package is padded and the ciphertext size is
 * announced up front; a last file of unknown size (`size: null`) is streamed to its end.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createShare } from "./create.ts";
 * import type { Manifest } from "../crypto/mod.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A server in this process on an in-memory KV; over the network, leave out `fetch`.
 * await using kv = await Deno.openKv(":memory:");
 * const app = createApp({ kv, config: loadConfig({}) });
 * const fetch = (async (input: URL | RequestInfo, init?: RequestInit) =>
 *   await app.fetch(new Request(input, init))) as typeof globalThis.fetch;
 * const server = "http://localhost:8000";
 *
 * const text = new TextEncoder().encode("hello");
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: text.length }],
 * };
 * const { link, deleteLink } = await createShare(manifest, [new Blob([text]).stream()], {
 *   server,
 *   fetch,
 * });
 * assert(link.startsWith(`${server}/s/`) && deleteLink.startsWith(`${server}/d/`));
 * ```
 */
export async function createShare(
  manifest: Manifest,
  bodies: Iterable<ReadableStream<Uint8Array>> | AsyncIterable<ReadableStream<Uint8Array>>,
  options: CreateShareOptions,
): Promise<CreatedShare> {
  const secret = generateSecret();
  const password = options.password === undefined
    ? undefined
    : { password: options.password, params: newPasswordParams() };
  const keys = await deriveKeys(secret, password);
  const plainSize = packedSize(manifest);
  const size = plainSize === null ? null : encryptedSize(plainSize, password !== undefined);
  const ciphertext = pack(manifest, bodies).pipeThrough(encryptStream(keys, {
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    freeInput: options.freeBodies,
  }));
  const stored = await uploadCiphertext({
    ...options,
    ciphertext,
    // encryptStream's records are fresh buffers nothing else reads.
    freeCiphertext: true,
    size,
    readTokenHash: keys.readTokenHash,
    kdf: keys.password,
  });
  const origin = new URL(options.server).origin;
  return {
    id: stored.id,
    link: formatLink(origin, stored.id, secret),
    deleteLink: formatDeleteLink(origin, stored.id, stored.deleteToken),
    expiresAt: stored.expiresAt,
    size: stored.size,
  };
}
