/**
 * Validation of API request bodies into typed inputs. Every mistake becomes a 4xx ApiError naming
 * the field: `unknown_field`, `bad_field`, or `too_large` for sizes over the limits.
 * @module
 */
import type { Config } from "../../lib/config.ts";
import { ApiError } from "../../lib/http/errors.ts";
import type { KdfParams } from "../../lib/store/keys.ts";
import type { CreateInput } from "../../lib/store/shares.ts";
import { fromB64url } from "../../lib/store/tokens.ts";

/** PBKDF2 iterations a password share may declare (the format's accepted range). */
const MIN_ITERATIONS = 600_000;
const MAX_ITERATIONS = 10_000_000;

const CREATE_FIELDS = new Set(["size", "expiresIn", "views", "readTokenHash", "kdf", "data"]);
const KDF_FIELDS = new Set(["salt", "iterations"]);
const COMPLETE_FIELDS = new Set(["size"]);

function badField(field: string, message: string): ApiError {
  return new ApiError(400, "bad_field", `${field}: ${message}`);
}

function rejectUnknown(body: Record<string, unknown>, allowed: Set<string>, where = ""): void {
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) {
      throw new ApiError(400, "unknown_field", `Unknown field: ${where}${key}`);
    }
  }
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw badField(field, "must be a whole number");
  }
  if (value < min || value > max) throw badField(field, `must be between ${min} and ${max}`);
  return value;
}

/**
 * A ciphertext size: a positive whole number, 413 `too_large` above MAX_SHARE_BYTES.
 * @example
 * ```ts
 * parseSize(1234, config, "size"); // 1234
 * ```
 */
export function parseSize(value: unknown, config: Config, field: string): number {
  const size = integer(value, field, 1, Number.MAX_SAFE_INTEGER);
  if (size > config.maxShareBytes) {
    throw new ApiError(
      413,
      "too_large",
      `${field}: ${size} bytes exceeds the limit of ${config.maxShareBytes}`,
    );
  }
  return size;
}

function parseKdf(value: unknown): KdfParams | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw badField("kdf", "must be null or an object");
  }
  const kdf = value as Record<string, unknown>;
  rejectUnknown(kdf, KDF_FIELDS, "kdf.");
  if (typeof kdf.salt !== "string" || !fromB64url(kdf.salt, 16)) {
    throw badField("kdf.salt", "must be 16 bytes in base64url");
  }
  return {
    salt: kdf.salt,
    iterations: integer(kdf.iterations, "kdf.iterations", MIN_ITERATIONS, MAX_ITERATIONS),
  };
}

function parseData(value: unknown, config: Config): Uint8Array | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw badField("data", "must be a base64url string");
  if (value.length > Math.ceil((config.partSize * 4) / 3)) {
    throw new ApiError(
      413,
      "too_large",
      `data: more than one part (${config.partSize} bytes); upload in parts`,
    );
  }
  if (!/^[A-Za-z0-9_-]*$/.test(value) || value.length % 4 === 1) {
    throw badField("data", "must be base64url");
  }
  const data = Uint8Array.fromBase64(value, { alphabet: "base64url" });
  if (data.byteLength === 0) throw badField("data", "must not be empty");
  return data;
}

/**
 * Validates a `POST /api/shares` body.
 * @example
 * ```ts
 * const input = parseCreate(await readJsonObject(c, createBodyLimit(config)), config);
 * ```
 */
export function parseCreate(body: Record<string, unknown>, config: Config): CreateInput {
  rejectUnknown(body, CREATE_FIELDS);
  const size = body.size === undefined || body.size === null
    ? null
    : parseSize(body.size, config, "size");
  const expiresIn = body.expiresIn === undefined || body.expiresIn === null
    ? config.defaultExpires
    : integer(body.expiresIn, "expiresIn", 60, config.maxExpires);
  const views = body.views === undefined || body.views === null
    ? null
    : integer(body.views, "views", 1, config.maxViews);
  if (typeof body.readTokenHash !== "string") {
    throw badField("readTokenHash", "is required (base64url of 32 bytes)");
  }
  const readHash = fromB64url(body.readTokenHash, 32);
  if (!readHash) throw badField("readTokenHash", "must be 32 bytes in base64url");
  const kdf = parseKdf(body.kdf);
  const data = parseData(body.data, config);
  if (data) {
    if (data.byteLength > config.maxShareBytes) parseSize(data.byteLength, config, "data");
    if (size !== null && size !== data.byteLength) {
      throw badField("size", `is ${size} but data holds ${data.byteLength} bytes`);
    }
  }
  return { size: data?.byteLength ?? size, expiresIn, views, readHash, kdf, data };
}

/**
 * Validates a `POST /api/shares/:id/complete` body (`{}` or `{"size": N}`).
 * @example
 * ```ts
 * parseComplete({ size: 10 }, config); // 10
 * ```
 */
export function parseComplete(body: Record<string, unknown>, config: Config): number | null {
  rejectUnknown(body, COMPLETE_FIELDS);
  return body.size === undefined || body.size === null
    ? null
    : parseSize(body.size, config, "size");
}

/**
 * Largest create body: one part of base64url plus room for the other fields.
 * @example
 * ```ts
 * createBodyLimit(config); // 5_596_502 for 4 MiB parts
 * ```
 */
export function createBodyLimit(config: Config): number {
  return Math.ceil((config.partSize * 4) / 3) + 16_384;
}
