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

/**
 * Checks a `POST /api/shares` body; returns the store's input.
 * @example
 * ```ts
 * const input = parseCreate(await readJsonObject(c, createBodyLimit(config)), config);
 * ```
 */
export function parseCreate(body: Record<string, unknown>, config: Config): CreateInput {
  const request = CreateRequest(config).parse(body, "");
  const data = request.data === null
    ? null
    : Uint8Array.fromBase64(request.data, { alphabet: "base64url" });
  if (data) {
    // One part may be more than a whole share on a server configured that way.
    byteSize(config.maxShareBytes).parse(data.byteLength, "data");
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
 * parseComplete({ size: 10 }, config); // 10
 * ```
 */
export function parseComplete(body: Record<string, unknown>, config: Config): number | null {
  return CompleteRequest(config.maxShareBytes).parse(body, "").size;
}

/**
 * Largest create body: one part of base64url plus room for the other fields.
 * @example
 * ```ts
 * createBodyLimit(config); // 5_608_790 for 4 MiB parts
 * ```
 */
export function createBodyLimit(config: Config): number {
  return Math.ceil((config.partSize * 4) / 3) + 16_384;
}
