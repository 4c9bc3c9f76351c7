/**
 * Request bodies checked against the contract (lib/api) and turned into the store's inputs. The
 * schemas name every mistake (`unknown_field`, `bad_field`, `too_large` for sizes over the
 * limits); what is left here is what spans fields and the conversion to bytes.
 * @module
 */
import { byteSize, CompleteRequest, CreateRequest } from "../../lib/api/mod.ts";
import { badField } from "../../lib/api/schema.ts";
import type { Config } from "../../lib/config.ts";
import { fromBase64url } from "../../lib/crypto/mod.ts";
import type { CreateInput } from "../../lib/store/shares.ts";

/** A configuration's request schemas, built once: their ranges never change while it serves. */
const SCHEMAS = new WeakMap<Config, ReturnType<typeof schemasOf>>();

function schemasOf(config: Config) {
  return {
    create: CreateRequest(config),
    complete: CompleteRequest(config.maxShareBytes),
    size: byteSize(config.maxShareBytes),
  };
}

function schemasFor(config: Config): ReturnType<typeof schemasOf> {
  let schemas = SCHEMAS.get(config);
  if (!schemas) SCHEMAS.set(config, schemas = schemasOf(config));
  return schemas;
}

/**
 * Checks a `POST /api/shares` body; returns the store's input.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCreate } from "./validate.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * const config = loadConfig({});
 * // The route reads the body with readJsonObject(c, createBodyLimit(config)).
 * const input = parseCreate({
 *   size: null,
 *   expiresIn: 3600,
 *   views: 1,
 *   readTokenHash: "A".repeat(43),
 *   kdf: null,
 *   data: "aGVsbG8",
 * }, config);
 * assert(input.size === 5 && input.data?.length === 5 && input.readHash.length === 32);
 * ```
 */
export function parseCreate(body: Record<string, unknown>, config: Config): CreateInput {
  const schemas = schemasFor(config);
  const request = schemas.create.parse(body, "");
  const data = request.data === null
    ? null
    : Uint8Array.fromBase64(request.data, { alphabet: "base64url" });
  if (data) {
    // One part may be more than a whole share on a server configured that way.
    schemas.size.parse(data.byteLength, "data");
    if (request.size !== null && request.size !== data.byteLength) {
      throw badField("size", `is ${request.size} but data holds ${data.byteLength} bytes`);
    }
  }
  return {
    size: data?.byteLength ?? request.size,
    expiresIn: request.expiresIn ?? config.defaultExpires,
    views: request.views,
    readHash: fromBase64url(request.readTokenHash),
    kdf: request.kdf,
    data,
  };
}

/**
 * Checks a `POST /api/shares/:id/complete` body (`{}` or `{"size": N}`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseComplete } from "./validate.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * const config = loadConfig({});
 * assert.equal(parseComplete({ size: 10 }, config), 10);
 * ```
 */
export function parseComplete(body: Record<string, unknown>, config: Config): number | null {
  return schemasFor(config).complete.parse(body, "").size;
}

/**
 * Largest create body: one part of base64url plus room for the other fields.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createBodyLimit } from "./validate.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * const config = loadConfig({}); // 4 MiB parts
 * assert.equal(createBodyLimit(config), 5_608_790);
 * ```
 */
export function createBodyLimit(config: Config): number {
  return Math.ceil((config.partSize * 4) / 3) + 16_384;
}
