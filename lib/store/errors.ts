/**
 * Typed errors of the share store, all in this module. Each is a {@link HushlinkError} (the
 * project's one root error class) with a stable `code` from {@link StoreErrorCode}; the HTTP layer
 * maps codes to statuses.
 * @module
 */
import { HushlinkError } from "../crypto/errors.ts";

/** The stable codes of store errors; the HTTP layer maps each to a status. */
export type StoreErrorCode =
  | "not_found"
  | "bad_token"
  | "missing_parts"
  | "size_mismatch"
  | "already_complete"
  | "bad_part_size"
  | "bad_index"
  | "bad_field"
  | "too_large"
  | "busy"
  | "storage_full"
  | "range_not_satisfiable"
  | "guard_failed";

/**
 * Base class of every store error.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StoreError } from "./errors.ts";
 * const e = new StoreError("bad_index", "Part index 9 is past the last part (3)");
 * assert(e.code === "bad_index");
 * ```
 */
export class StoreError extends HushlinkError {
  /** Stable machine-readable code. */
  declare readonly code: StoreErrorCode;
  /** Creates an error with one of the {@link StoreErrorCode}s and a human message. */
  constructor(code: StoreErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * Unknown, expired, burned, deleted or incomplete share: one answer for all of them.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ShareNotFoundError } from "./errors.ts";
 * assert(new ShareNotFoundError().code === "not_found");
 * ```
 */
export class ShareNotFoundError extends StoreError {
  constructor() {
    super("not_found", "No such share (unknown, expired, burned or deleted)");
  }
}

/**
 * The presented token does not match the stored hash.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BadTokenError } from "./errors.ts";
 * const e = new BadTokenError("read");
 * assert(e.code === "bad_token" && e.message === "Wrong read token");
 * ```
 */
export class BadTokenError extends StoreError {
  constructor(kind: "read" | "write" | "delete") {
    super("bad_token", `Wrong ${kind} token`);
  }
}

/**
 * Complete was called while some parts are missing.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MissingPartsError } from "./errors.ts";
 * const e = new MissingPartsError([1, 3]);
 * assert(e.message === "Missing parts: 1, 3" && e.missing.length === 2);
 * ```
 */
export class MissingPartsError extends StoreError {
  /** Indexes of the missing parts (at most the first 100). */
  readonly missing: number[];
  constructor(missing: number[]) {
    super("missing_parts", `Missing parts: ${missing.slice(0, 20).join(", ")}`);
    this.missing = missing.slice(0, 100);
  }
}

/**
 * Part or total sizes do not add up to the declared size.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UploadSizeMismatchError } from "./errors.ts";
 * const e = new UploadSizeMismatchError("part 2 holds 10 bytes, expected 4194304");
 * assert(e.code === "size_mismatch");
 * ```
 */
export class UploadSizeMismatchError extends StoreError {
  constructor(message: string) {
    super("size_mismatch", message);
  }
}

/**
 * A part was sent to a share that is already complete.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AlreadyCompleteError } from "./errors.ts";
 * assert(new AlreadyCompleteError().code === "already_complete");
 * ```
 */
export class AlreadyCompleteError extends StoreError {
  constructor() {
    super("already_complete", "The share is already complete");
  }
}

/**
 * A part body has the wrong length for its index.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BadPartSizeError } from "./errors.ts";
 * assert(new BadPartSizeError(3, 4194304, 12).message.includes("12"));
 * ```
 */
export class BadPartSizeError extends StoreError {
  constructor(index: number, expected: number | null, got: number) {
    super(
      "bad_part_size",
      expected === null
        ? `Part ${index} is ${got} bytes; parts are at most the part size`
        : `Part ${index} must be ${expected} bytes, got ${got}`,
    );
  }
}

/**
 * A body is longer than allowed; raised while streaming, before it is all read.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TooLargeError } from "./errors.ts";
 * assert(new TooLargeError(4194304).code === "too_large");
 * ```
 */
export class TooLargeError extends StoreError {
  constructor(limit: number) {
    super("too_large", `Body exceeds ${limit} bytes`);
  }
}

/**
 * Too much contention on one share (many views at once); the client may retry.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BusyError } from "./errors.ts";
 * assert(new BusyError().code === "busy");
 * ```
 */
export class BusyError extends StoreError {
  constructor() {
    super("busy", "The share is busy, retry shortly");
  }
}

/**
 * The storage quota (MAX_STORAGE_BYTES) has no room for the bytes a share or part needs.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { StorageFullError } from "./errors.ts";
 * assert(new StorageFullError(4_194_304).code === "storage_full");
 * ```
 */
export class StorageFullError extends StoreError {
  constructor(bytes: number) {
    super(
      "storage_full",
      `The server's storage quota is full: no room for ${bytes} more bytes now; ` +
        "try again after some shares expire, or share less",
    );
  }
}

/**
 * Thrown for a Range header that does not fit the share.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RangeNotSatisfiableError } from "./errors.ts";
 * assert(new RangeNotSatisfiableError(1000).code === "range_not_satisfiable");
 * ```
 */
export class RangeNotSatisfiableError extends StoreError {
  constructor(size: number) {
    super("range_not_satisfiable", `Range outside 0..${size - 1}`);
  }
}

/**
 * A guarded chunk write found the share changed meanwhile (completed or deleted). Internal: the
 * upload code turns it into {@link AlreadyCompleteError} or {@link ShareNotFoundError}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChunkWriter } from "./chunks.ts";
 * import { GuardFailedError } from "./errors.ts";
 * await using kv = await Deno.openKv(":memory:");
 * await kv.set(["share", "x"], "uploading");
 * const guard = { key: ["share", "x"], versionstamp: (await kv.get(["share", "x"])).versionstamp };
 * await kv.set(["share", "x"], "completed by another request"); // the guarded record changed
 * const writer = new ChunkWriter(kv, "x", 60_000, guard);
 * await writer.add(0, new Uint8Array(1));
 * await assert.rejects(writer.finish(), GuardFailedError);
 * ```
 */
export class GuardFailedError extends StoreError {
  constructor() {
    super("guard_failed", "The share changed while its chunks were written");
  }
}
