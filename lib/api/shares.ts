/**
 * The wire shapes of the share API (docs/API.md): one schema per request and response body, used
 * by the server to check what it receives and by the clients to check what it answers. Request
 * schemas take the server's limits, because their ranges are the server's configuration.
 * @module
 */
import { fromBase64url } from "../crypto/bytes.ts";
import { ID_PATTERN } from "../crypto/link.ts";
import { PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_ITERATIONS } from "../crypto/constants.ts";
import {
  boolean,
  type Infer,
  integer,
  literal,
  nullable,
  object,
  type ObjectOf,
  refine,
  type Schema,
  SchemaError,
  string,
  union,
} from "./schema.ts";

/**
 * Ciphertext bytes per upload part unless the server says otherwise (`GET /api/config`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PART_SIZE } from "./shares.ts";
 * assert(Math.ceil(10_000_000 / PART_SIZE) === 3);
 * ```
 */
export const PART_SIZE = 4_194_304;

/** Header of a content answer: views left after this one, or `unlimited`. */
export const VIEWS_LEFT_HEADER = "Hushlink-Views-Left";
/** Header of a content answer: the share's expiry (ISO 8601). */
export const EXPIRES_AT_HEADER = "Hushlink-Expires-At";

const MAX_BYTES = Number.MAX_SAFE_INTEGER;
/** Answers tolerate fields they do not know: a newer server may add some. */
const ANSWER = { unknown: "drop" } as const;

/** Base64url text (unpadded, canonical) of exactly `length` bytes. */
function base64url(length: number): Schema<string> {
  return refine(string(), (text) => {
    try {
      return fromBase64url(text).length === length ? null : `must be ${length} bytes in base64url`;
    } catch {
      return `must be ${length} bytes in base64url`;
    }
  });
}

/** A share id: 22 base64url characters. */
const ShareId = refine(string(), (id) => ID_PATTERN.test(id) ? null : "must be a share id");
/** A 32-byte token or hash in base64url. */
const Token = base64url(32);
/** An ISO 8601 time. */
const Time = refine(string(), (t) => Number.isNaN(Date.parse(t)) ? "must be a time" : null);

/**
 * A ciphertext size: a positive whole number, 413 `too_large` above `max`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { byteSize } from "./shares.ts";
 * assert(byteSize(100).parse(99, "size") === 99);
 * ```
 */
export function byteSize(max: number): Schema<number> {
  const whole = integer(1, MAX_BYTES);
  return {
    parse(value, path) {
      const size = whole.parse(value, path);
      if (size > max) {
        throw new SchemaError(
          "too_large",
          path,
          `${path}: ${size} bytes exceeds the limit of ${max}`,
        );
      }
      return size;
    },
  };
}

/** One part of ciphertext in base64url: 413 `too_large` when longer than a part. */
function inlineData(partSize: number): Schema<string> {
  return {
    parse(value, path) {
      if (typeof value !== "string") throw badType(path);
      // Checked on the text first: decoding a huge string only to refuse it would waste memory.
      if (value.length > Math.ceil((partSize * 4) / 3)) {
        throw new SchemaError(
          "too_large",
          path,
          `${path}: more than one part (${partSize} bytes); upload in parts`,
        );
      }
      if (!/^[A-Za-z0-9_-]+$/.test(value) || value.length % 4 === 1) throw badType(path);
      return value;
    },
  };
}

function badType(path: string): SchemaError {
  return new SchemaError("bad_field", path, `${path}: must be base64url`);
}

const kdfShape = {
  salt: base64url(16),
  iterations: integer(PBKDF2_MIN_ITERATIONS, PBKDF2_MAX_ITERATIONS),
};
/** The public PBKDF2 parameters of a password share (in a request: no other fields). */
export const Kdf = object(kdfShape);
/** The public PBKDF2 parameters of a password share (base64url salt). */
export type Kdf = Infer<typeof Kdf>;

/**
 * `GET /api/config`: the server's public limits. Durations are in seconds, sizes in bytes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ServerConfig } from "./shares.ts";
 * const limits = ServerConfig.parse({
 *   partSize: 4194304, maxShareBytes: 1073741824, defaultExpires: 604800, maxExpires: 2592000,
 *   maxViews: 1000, uploadTokenRequired: false,
 * }, "config");
 * assert(limits.maxViews === 1000);
 * ```
 */
export const ServerConfig: Schema<ServerConfig> = object({
  partSize: integer(1, MAX_BYTES),
  maxShareBytes: integer(1, MAX_BYTES),
  defaultExpires: integer(1, MAX_BYTES),
  maxExpires: integer(1, MAX_BYTES),
  maxViews: integer(1, MAX_BYTES),
  uploadTokenRequired: boolean(),
}, ANSWER);
/** The server's public limits (`GET /api/config`). */
export interface ServerConfig {
  /** Ciphertext bytes per uploaded part. */
  partSize: number;
  /** The largest share the server stores, in ciphertext bytes. */
  maxShareBytes: number;
  /** Lifetime of a share that asks for none, in seconds. */
  defaultExpires: number;
  /** The longest lifetime allowed, in seconds. */
  maxExpires: number;
  /** The highest view limit allowed. */
  maxViews: number;
  /** Whether creating a share needs the server's upload token. */
  uploadTokenRequired: boolean;
}

/** The limits that bound request fields. */
export type Limits = Pick<ServerConfig, "partSize" | "maxShareBytes" | "maxExpires" | "maxViews">;

/**
 * `POST /api/shares` body, for a server with these limits. Absent optional fields read as null.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CreateRequest } from "./shares.ts";
 * const schema = CreateRequest({
 *   partSize: 4194304, maxShareBytes: 1 << 30, maxExpires: 86400, maxViews: 10,
 * });
 * const body = schema.parse({ readTokenHash: "A".repeat(43), views: 1 }, "");
 * assert(body.views === 1 && body.size === null);
 * ```
 */
export function CreateRequest(limits: Limits): Schema<CreateRequest> {
  return object(createShape(limits));
}
/** A `POST /api/shares` body as checked. */
export type CreateRequest = ObjectOf<ReturnType<typeof createShape>>;

function createShape(limits: Limits) {
  return {
    size: nullable(byteSize(limits.maxShareBytes)),
    expiresIn: nullable(integer(60, limits.maxExpires)),
    views: nullable(integer(1, limits.maxViews)),
    readTokenHash: Token,
    kdf: nullable(Kdf),
    data: nullable(inlineData(limits.partSize)),
  };
}

const createdFields = {
  id: ShareId,
  deleteToken: Token,
  expiresAt: Time,
  partSize: integer(1, MAX_BYTES),
};

/**
 * `POST /api/shares` answer: complete at once (the data came inline), or waiting for parts
 * with a write token.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CreateResponse } from "./shares.ts";
 * const created = CreateResponse.parse({
 *   id: "q3Xh0s5c9m1Jd0l5bY2Vtw", deleteToken: "A".repeat(43), complete: true,
 *   expiresAt: "2026-11-24T10:00:00.000Z", partSize: 4194304,
 * }, "answer");
 * assert(created.complete);
 * ```
 */
export const CreateResponse = union("complete", [
  object({ ...createdFields, complete: literal(true) }, ANSWER),
  object({ ...createdFields, complete: literal(false), writeToken: Token }, ANSWER),
]);
/** A `POST /api/shares` answer. */
export type CreateResponse = Infer<typeof CreateResponse>;

/**
 * `PUT /api/shares/:id/parts/:index` answer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PartResponse } from "./shares.ts";
 * assert(PartResponse.parse({ index: 0, size: 5 }, "answer").size === 5);
 * ```
 */
export const PartResponse = object(
  { index: integer(0, MAX_BYTES), size: integer(0, MAX_BYTES) },
  ANSWER,
);
/** A part upload's answer. */
export type PartResponse = Infer<typeof PartResponse>;

/**
 * `POST /api/shares/:id/complete` body (`{}` or `{"size": N}`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CompleteRequest } from "./shares.ts";
 * assert(CompleteRequest(1000).parse({}, "").size === null);
 * ```
 */
export function CompleteRequest(maxShareBytes: number): Schema<CompleteRequest> {
  return object({ size: nullable(byteSize(maxShareBytes)) });
}
/** A complete body as checked. */
export type CompleteRequest = { size: number | null };

/**
 * `POST /api/shares/:id/complete` answer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CompleteResponse } from "./shares.ts";
 * const done = CompleteResponse.parse(
 *   { id: "q3Xh0s5c9m1Jd0l5bY2Vtw", size: 10, expiresAt: "2026-11-24T10:00:00.000Z" },
 *   "answer",
 * );
 * assert(done.size === 10);
 * ```
 */
export const CompleteResponse = object({
  id: ShareId,
  size: integer(1, MAX_BYTES),
  expiresAt: Time,
}, ANSWER);
/** A complete answer. */
export type CompleteResponse = Infer<typeof CompleteResponse>;

/**
 * `GET /api/shares/:id`: a share's public metadata (no view is used).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ShareInfo } from "./shares.ts";
 * const info = ShareInfo.parse({
 *   id: "q3Xh0s5c9m1Jd0l5bY2Vtw", size: 1234, createdAt: "2026-11-23T10:00:00.000Z",
 *   expiresAt: "2026-11-24T10:00:00.000Z", viewsLeft: null, kdf: null,
 * }, "answer");
 * assert(info.kdf === null);
 * ```
 */
export const ShareInfo: Schema<ShareInfo> = object({
  id: ShareId,
  size: integer(1, MAX_BYTES),
  createdAt: Time,
  expiresAt: Time,
  viewsLeft: nullable(integer(0, MAX_BYTES)),
  kdf: nullable(object(kdfShape, ANSWER)),
}, ANSWER);
/** A share's public metadata. */
export interface ShareInfo {
  /** The share id. */
  id: string;
  /** Ciphertext bytes. */
  size: number;
  /** Creation time (ISO 8601). */
  createdAt: string;
  /** Expiry time (ISO 8601). */
  expiresAt: string;
  /** Views left, or null when unlimited. */
  viewsLeft: number | null;
  /** The PBKDF2 parameters (base64url salt) of a password share, else null. */
  kdf: { salt: string; iterations: number } | null;
}
