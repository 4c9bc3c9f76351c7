/**
 * Reading request bodies with a hard size limit that cuts the stream off as soon as it is
 * exceeded (never buffering more than the limit), and parsing JSON bodies into 4xx errors.
 * @module
 */
import type { Context } from "hono";
import { ApiError } from "./errors.ts";

function tooLarge(limit: number): ApiError {
  return new ApiError(413, "too_large", `Request body exceeds ${limit} bytes`);
}

/**
 * The `Content-Length` of a request as a number, null when absent; 400 when malformed.
 * @example
 * ```ts
 * const length = contentLength(c); // 1234 or null
 * ```
 */
export function contentLength(c: Context): number | null {
  const raw = c.req.header("Content-Length");
  if (raw === undefined) return null;
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, "bad_request", "Malformed Content-Length");
  return Number(raw);
}

/**
 * Reads the whole body, at most `limit` bytes (413 `too_large` beyond, while streaming).
 * @example
 * ```ts
 * const bytes = await readLimited(c, 65_536);
 * ```
 */
export async function readLimited(c: Context, limit: number): Promise<Uint8Array> {
  const declared = contentLength(c);
  if (declared !== null && declared > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  // A declared length is enforced by the HTTP layer, so the body cannot run past it.
  if (declared !== null) return new Uint8Array(await c.req.raw.arrayBuffer());
  const pieces: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    pieces.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}

/**
 * Reads and parses a JSON object body of at most `limit` bytes: 400 `invalid_json` for anything
 * that is not a JSON object.
 * @example
 * ```ts
 * const body = await readJsonObject(c, 6_000_000);
 * ```
 */
export async function readJsonObject(c: Context, limit: number): Promise<Record<string, unknown>> {
  const bytes = await readLimited(c, limit);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError(400, "invalid_json", "The body must be a JSON object");
  }
  return value as Record<string, unknown>;
}
