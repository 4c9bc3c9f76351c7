/**
 * SHA-256 as hex, for comparing large outputs without printing them.
 * @module
 */

/**
 * SHA-256 of `bytes` as hex.
 * @example
 * ```ts
 * await sha256Hex(new Uint8Array(0));
 * ```
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
}
