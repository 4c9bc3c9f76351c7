/**
 * Packing: the plaintext of a share is `u32 manifest length ‖ manifest ‖ file bytes ‖ padding`.
 *
 * @module
 */

import { concatBytes, u32be } from "./bytes.ts";
import { SizeMismatchError } from "./errors.ts";
import { encodeManifest, type Manifest } from "./manifest.ts";
import { padme } from "./padme.ts";
import { encryptedSize } from "./header.ts";

const PADDING_CHUNK = 65_536;

function unpaddedSize(manifest: Manifest, manifestBytes: Uint8Array): number | null {
  let total = 4 + manifestBytes.length;
  for (const file of manifest.files) {
    if (file.size === null) return null;
    total += file.size;
  }
  return total;
}

/**
 * Plaintext bytes `pack` produces for `manifest`, padding included; null when the last file's
 * size is unknown (then there is no padding).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encryptedSize } from "./header.ts";
 * import type { Manifest } from "./manifest.ts";
 * import { packedSize } from "./pack.ts";
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "text",
 *   created: "2026-11-22T10:00:00.000Z",
 *   files: [{ name: "paste.txt", type: "text/plain", size: 5 }],
 * };
 * const ciphertextBytes = encryptedSize(packedSize(manifest)!, false);
 * assert(ciphertextBytes > 5 + 24);
 * ```
 */
export function packedSize(manifest: Manifest): number | null {
  const size = unpaddedSize(manifest, encodeManifest(manifest));
  return size === null ? null : padme(size);
}

/**
 * The largest file one share can carry within `maxCiphertext` bytes of ciphertext (a server's
 * `maxShareBytes`), once padding, the manifest (a long name) and the records' framing and
 * password header are counted: what a page or a help text should call the limit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { largestFile } from "./pack.ts";
 * assert(largestFile(1088 * 1024 * 1024) >= 1024 * 1024 * 1024);
 * ```
 */
export function largestFile(maxCiphertext: number): number {
  const fits = (size: number) => {
    const manifest: Manifest = {
      v: 1,
      kind: "files",
      created: "2026-12-01T00:00:00.000Z",
      files: [{ name: "x".repeat(255), type: "application/octet-stream", size }],
    };
    return encryptedSize(packedSize(manifest)!, true) <= maxCiphertext;
  };
  let [low, high] = [0, maxCiphertext]; // fits(low) or low is 0; high does not fit, or is the max
  if (!fits(0)) return 0;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

async function* packChunks(
  manifest: Manifest,
  bodies: Iterable<ReadableStream<Uint8Array>> | AsyncIterable<ReadableStream<Uint8Array>>,
): AsyncGenerator<Uint8Array> {
  const manifestBytes = encodeManifest(manifest);
  yield concatBytes([u32be(manifestBytes.length), manifestBytes]);
  let index = 0;
  for await (const body of bodies) {
    const entry = manifest.files[index];
    if (entry === undefined) {
      await body.cancel();
      throw new SizeMismatchError(`more bodies than the ${manifest.files.length} files`);
    }
    const reader = body.getReader();
    let count = 0;
    let finished = false;
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        count += r.value.length;
        // Checked before yielding: bytes past a declared size would shift every later file.
        if (entry.size !== null && count > entry.size) {
          throw new SizeMismatchError(`file ${index}: more than the declared ${entry.size} bytes`);
        }
        if (r.value.length > 0) yield r.value;
      }
      finished = true;
    } finally {
      // Reached on errors and when the packed stream is cancelled mid-body.
      if (!finished) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
    if (entry.size !== null && count !== entry.size) {
      throw new SizeMismatchError(`file ${index}: declared ${entry.size} bytes, got ${count}`);
    }
    index++;
  }
  if (index !== manifest.files.length) {
    throw new SizeMismatchError(`${index} bodies for ${manifest.files.length} files`);
  }
  const unpadded = unpaddedSize(manifest, manifestBytes);
  if (unpadded === null) return;
  for (let left = padme(unpadded) - unpadded; left > 0; left -= PADDING_CHUNK) {
    yield new Uint8Array(Math.min(left, PADDING_CHUNK));
  }
}

/**
 * The plaintext of a share: manifest, then each body (the stored bytes of the file at the same
 * position, already gzip-compressed when the entry says so), then Padmé zero padding when every size
 * is known. Errors with SizeMismatchError when a body's length differs from its entry's size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Manifest } from "./manifest.ts";
 * import { pack, packedSize } from "./pack.ts";
 * const bytes = new TextEncoder().encode("hello");
 * const manifest: Manifest = {
 *   v: 1,
 *   kind: "text",
 *   created: new Date().toISOString(),
 *   files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: bytes.length }],
 * };
 * const plaintext = pack(manifest, [new Blob([bytes]).stream()]);
 * const packed = new Uint8Array(await new Response(plaintext).arrayBuffer());
 * assert(packed.length === packedSize(manifest)); // padded with Padmé
 * ```
 */
export function pack(
  manifest: Manifest,
  bodies: Iterable<ReadableStream<Uint8Array>> | AsyncIterable<ReadableStream<Uint8Array>>,
): ReadableStream<Uint8Array> {
  encodeManifest(manifest); // reject a bad manifest now rather than on first read
  const chunks = packChunks(manifest, bodies);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
