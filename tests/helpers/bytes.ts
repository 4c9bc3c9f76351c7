/**
 * Test bytes: random content, and the hash of a saved file to compare with it.
 * @module
 */
import { sha256Hex } from "./digest.ts";

/**
 * `n` random bytes (getRandomValues fills at most 64 KiB at a time).
 * @example
 * ```ts
 * const bytes = randomBytes(20 * 1024 * 1024);
 * ```
 */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65_536) crypto.getRandomValues(out.subarray(i, i + 65_536));
  return out;
}

/**
 * SHA-256 (hex) of the file at `path`: compare a download the browser saved with its source.
 * @example
 * ```ts
 * assert.equal(await fileHash(await download.path()), await sha256Hex(bytes));
 * ```
 */
export async function fileHash(path: string): Promise<string> {
  return await sha256Hex(await Deno.readFile(path));
}
