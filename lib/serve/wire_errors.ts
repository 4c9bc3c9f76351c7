/**
 * How errors cross between the server's threads: a store error thrown in the main thread must
 * reach a worker thread's route as an error with the same code and message, so that
 * lib/http/errors.ts answers the same status and body as in one thread. Store errors come back as
 * {@link StoreError}s of their code, HTTP errors (a 429 with its `Retry-After`, a 408 of a stalled
 * body) as {@link HttpError}s; anything else keeps its name and message, which is what the error
 * handler reads of KV's errors ("quota", "disk full", "database is locked").
 * @module
 */
import { ERRORS } from "../api/mod.ts";
import { HttpError } from "../http/errors.ts";
import { StoreError, type StoreErrorCode } from "../store/errors.ts";
import type { ErrorCodec } from "./rpc.ts";

type Wire =
  | { kind: "store"; code: StoreErrorCode; message: string }
  | { kind: "http"; code: HttpError["code"]; message: string; headers: Record<string, string> }
  | { kind: "other"; name: string; message: string };

/**
 * The {@link ErrorCodec} of the server's threads.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BadTokenError, StoreError } from "../store/errors.ts";
 * import { wireErrors } from "./wire_errors.ts";
 * const crossed = wireErrors.decode(structuredClone(wireErrors.encode(new BadTokenError("read"))));
 * assert(crossed instanceof StoreError && crossed.code === "bad_token");
 * assert.equal(crossed.message, "Wrong read token");
 * const locked = wireErrors.decode(wireErrors.encode(new TypeError("database is locked")));
 * assert.equal(`${locked.name}: ${locked.message}`, "TypeError: database is locked");
 * ```
 */
export const wireErrors: ErrorCodec = {
  encode(error: unknown): Wire {
    if (error instanceof StoreError) {
      return { kind: "store", code: error.code, message: error.message };
    }
    if (error instanceof HttpError) {
      return { kind: "http", code: error.code, message: error.message, headers: error.headers };
    }
    if (error instanceof Error) return { kind: "other", name: error.name, message: error.message };
    return { kind: "other", name: "Error", message: String(error) };
  },
  decode(data: unknown): Error {
    const wire = data as Wire;
    if (wire.kind === "store") return new StoreError(wire.code, wire.message);
    if (wire.kind === "http" && Object.hasOwn(ERRORS, wire.code)) {
      return new HttpError(wire.code, wire.message, wire.headers);
    }
    const name = wire.kind === "other" ? wire.name : "Error";
    return Object.assign(new Error(wire.message), { name });
  },
};
