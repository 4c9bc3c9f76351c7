/**
 * Shared by the operations tests: storing opaque "ciphertext" through the raw API (the server
 * never looks inside it), so that a download's bytes can be compared and cut exactly.
 * @module
 */
import assert from "node:assert/strict";
import { complete, createShare, newReader, putPart } from "../api/_client.ts";

const PART = 4_194_304;

/**
 * Stores `data` as an unlimited-views share through the API; returns its id, read token and
 * delete token.
 * @example
 * ```ts
 * const { id, token } = await storeShare(server.origin, randomBytes(8 << 20));
 * const res = await download(server.origin, id, token);
 * ```
 */
export async function storeShare(
  origin: string,
  data: Uint8Array<ArrayBuffer>,
): Promise<{ id: string; token: string; deleteToken: string }> {
  const reader = await newReader();
  const share = await createShare(origin, { readTokenHash: reader.hash, size: data.length });
  for (let i = 0; i * PART < data.length; i++) {
    const res = await putPart(origin, share, i, data.subarray(i * PART, (i + 1) * PART));
    assert.equal(res.status, 200);
    await res.body?.cancel();
  }
  const done = await complete(origin, share);
  assert.equal(done.status, 200);
  await done.body?.cancel();
  return { id: share.id, token: reader.token, deleteToken: share.deleteToken };
}
