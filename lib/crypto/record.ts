/**
 * Opening one record, with the diagnosis of a failure into the typed error it stands for.
 *
 * @module
 */

import { TamperedError, TruncatedError, WrongKeyError } from "./errors.ts";
import { bufferSource } from "./bytes.ts";
import { recordNonce } from "./header.ts";

async function tryOpen(
  key: CryptoKey,
  header: Uint8Array,
  ciphertext: Uint8Array,
  index: number,
  last: boolean,
): Promise<Uint8Array | null> {
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: recordNonce(index, last), additionalData: bufferSource(header) },
      key,
      bufferSource(ciphertext),
    );
    return new Uint8Array(plaintext);
  } catch {
    return null;
  }
}

/**
 * Decrypts and verifies record `index` expecting the given last-record flag. On failure it tries
 * the other flag to tell a stream that stops early (TruncatedError) or continues past its final
 * record (TamperedError) from a record that does not verify at all (WrongKeyError for record 0,
 * TamperedError after it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeader } from "./header.ts";
 * import { contentKey, deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * import { openRecord } from "./record.ts";
 * import { createEncryptStream } from "./stream_encrypt.ts";
 * const keys = await deriveKeys(generateSecret());
 * const salt = new Uint8Array(16);
 * const encrypted = new Blob([new Uint8Array(24)]).stream().pipeThrough(
 *   createEncryptStream(keys, { salt }),
 * );
 * const ciphertext = new Uint8Array(await new Response(encrypted).arrayBuffer()); // 24 + 24 + 16
 * const key = await contentKey(keys.ikm, salt);
 * const header = encodeHeader(salt, null);
 * const plaintext = await openRecord(key, header, ciphertext.subarray(24, 64), 0, true);
 * assert(plaintext.length === 24);
 * ```
 */
export async function openRecord(
  key: CryptoKey,
  header: Uint8Array,
  ciphertext: Uint8Array,
  index: number,
  last: boolean,
): Promise<Uint8Array> {
  const plaintext = await tryOpen(key, header, ciphertext, index, last);
  if (plaintext !== null) return plaintext;
  if ((await tryOpen(key, header, ciphertext, index, !last)) !== null) {
    if (last) throw new TruncatedError(`the stream ends after record ${index}, which is not final`);
    throw new TamperedError(`data follows the final record (record ${index})`);
  }
  if (index === 0) throw new WrongKeyError();
  throw new TamperedError(`record ${index} failed authentication`);
}
