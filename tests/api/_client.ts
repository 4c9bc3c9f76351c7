/**
 * Small client-side helpers for the API tests: read tokens as a real client derives them (random
 * here: the server never sees how), create calls, and error assertions.
 * @module
 */
import assert from "node:assert/strict";

/**
 * Base64url without padding.
 * @example
 * ```ts
 * b64(new Uint8Array([255])); // "_w"
 * ```
 */
export function b64(bytes: Uint8Array): string {
  return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

export { randomBytes } from "../helpers/bytes.ts";

/** A read token and the SHA-256 the creator sends. */
export interface Reader {
  token: string;
  hash: string;
}

/**
 * A fresh random read token and its hash.
 * @example
 * ```ts
 * const reader = await newReader();
 * ```
 */
export async function newReader(): Promise<Reader> {
  const token = crypto.getRandomValues(new Uint8Array(32));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", token));
  return { token: b64(token), hash: b64(hash) };
}

/**
 * `Authorization: Bearer` headers.
 * @example
 * ```ts
 * await fetch(url, { headers: auth(token) });
 * ```
 */
export function auth(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/**
 * POSTs a create request with a JSON (or raw string) body.
 * @example
 * ```ts
 * const res = await postShare(server.url, { readTokenHash: reader.hash, data: b64(bytes) });
 * ```
 */
export function postShare(
  origin: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${origin}/api/shares`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Fields of a successful create response. */
export interface CreatedShare {
  id: string;
  writeToken?: string;
  deleteToken: string;
  expiresAt: string;
  partSize: number;
  complete: boolean;
}

/**
 * Creates a share and asserts 201.
 * @example
 * ```ts
 * const share = await createShare(server.url, { readTokenHash: reader.hash, data: b64(bytes) });
 * ```
 */
export async function createShare(
  origin: string,
  body: Record<string, unknown>,
): Promise<CreatedShare> {
  const res = await postShare(origin, body);
  const json = await res.json();
  assert.equal(res.status, 201, JSON.stringify(json));
  return json;
}

/**
 * Asserts an error response's status and code (consuming the body).
 * @example
 * ```ts
 * await expectError(await fetch(url), 404, "not_found");
 * ```
 */
export async function expectError(res: Response, status: number, code: string): Promise<void> {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${text}`);
  assert.match(res.headers.get("Content-Type") ?? "", /^application\/json/);
  const body = JSON.parse(text);
  assert.equal(body.error.code, code, text);
  assert.equal(typeof body.error.message, "string");
  assert.deepEqual(Object.keys(body), ["error"]);
}

/**
 * Downloads a share's content with a read token.
 * @example
 * ```ts
 * const res = await download(server.url, id, reader.token);
 * ```
 */
export function download(
  origin: string,
  id: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${origin}/api/shares/${id}/content`, { headers: { ...auth(token), ...headers } });
}

/**
 * PUTs one upload part.
 * @example
 * ```ts
 * await putPart(server.url, share, 0, bytes.subarray(0, share.partSize));
 * ```
 */
export function putPart(
  origin: string,
  share: CreatedShare,
  index: number,
  body: BodyInit,
): Promise<Response> {
  return fetch(`${origin}/api/shares/${share.id}/parts/${index}`, {
    method: "PUT",
    headers: auth(share.writeToken!),
    body,
  });
}

/**
 * POSTs complete with an optional size.
 * @example
 * ```ts
 * await complete(server.url, share, 1234);
 * ```
 */
export function complete(origin: string, share: CreatedShare, size?: number): Promise<Response> {
  return fetch(`${origin}/api/shares/${share.id}/complete`, {
    method: "POST",
    headers: { ...auth(share.writeToken!), "Content-Type": "application/json" },
    body: JSON.stringify(size === undefined ? {} : { size }),
  });
}
