/**
 * Typed errors of the hushlink format. Every error carries a stable `code` that callers (the share
 * script, the browser, tests) switch on; messages are for humans and may change.
 *
 * @module
 */

/**
 * The root class of every hushlink error: lib/crypto's, and lib/store's (its `StoreError`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HushlinkError } from "./errors.ts";
 * import { parseLink } from "./link.ts";
 * assert.throws(() => parseLink("nope"), (e) => e instanceof HushlinkError && e.code === "bad_link");
 * ```
 */
export class HushlinkError extends Error {
  /** Stable machine-readable code, e.g. `"wrong_key"`. */
  readonly code: string;
  /** Creates an error with a stable `code` and a human message. */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The reasons a link is rejected (see docs/FORMAT.md, "Links"). */
export type LinkErrorCode =
  | "missing_key"
  | "bad_key_length"
  | "bad_key_chars"
  | "bad_id"
  | "bad_link";

/**
 * A link (or a secret) that is not a valid hushlink view link.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LinkError } from "./errors.ts";
 * import { parseLink } from "./link.ts";
 * assert.throws(
 *   () => parseLink("https://h.example/s/AAAAAAAAAAAAAAAAAAAAAA"),
 *   (e) => e instanceof LinkError && e.code === "missing_key",
 * );
 * ```
 */
export class LinkError extends HushlinkError {
  /** Creates a link error with one of the {@link LinkErrorCode}s. */
  constructor(code: LinkErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * Text that is not canonical unpadded base64url.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromBase64url } from "./bytes.ts";
 * import { EncodingError } from "./errors.ts";
 * assert.throws(() => fromBase64url("a+b/"), EncodingError);
 * ```
 */
export class EncodingError extends HushlinkError {
  /** Creates an error with code `"bad_base64"`. */
  constructor(message: string) {
    super("bad_base64", message);
  }
}

/**
 * The first record does not authenticate: the key or the password is wrong (or record 0 was
 * altered — the two cannot be told apart).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WrongKeyError } from "./errors.ts";
 * assert(new WrongKeyError().code === "wrong_key");
 * ```
 */
export class WrongKeyError extends HushlinkError {
  /** Creates an error with code `"wrong_key"`. */
  constructor(message = "wrong key or password: the share cannot be decrypted with it") {
    super("wrong_key", message);
  }
}

/**
 * The ciphertext was altered: a record after the first failed authentication, records were
 * reordered, duplicated or dropped, or data follows the final record.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TamperedError } from "./errors.ts";
 * assert(new TamperedError("record 3 failed authentication").code === "tampered");
 * ```
 */
export class TamperedError extends HushlinkError {
  /** Creates an error with code `"tampered"`. */
  constructor(message: string) {
    super("tampered", message);
  }
}

/**
 * The ciphertext ended before its final record: a cut-off download or a truncated share.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TruncatedError } from "./errors.ts";
 * assert(new TruncatedError("stream ended inside record 2").code === "truncated");
 * ```
 */
export class TruncatedError extends HushlinkError {
  /** Creates an error with code `"truncated"`. */
  constructor(message: string) {
    super("truncated", message);
  }
}

/**
 * Bytes that are not format v1: bad magic, unknown version, flags or parameters, or a package
 * whose manifest does not follow the schema.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UnsupportedFormatError } from "./errors.ts";
 * assert(new UnsupportedFormatError("unknown version 2").code === "unsupported_format");
 * ```
 */
export class UnsupportedFormatError extends HushlinkError {
  /** Creates an error with code `"unsupported_format"`. */
  constructor(message: string) {
    super("unsupported_format", message);
  }
}

/**
 * A body given to `pack` is longer or shorter than the size its manifest entry declares, or the
 * number of bodies differs from the number of files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SizeMismatchError } from "./errors.ts";
 * assert(new SizeMismatchError("file 0: declared 10 bytes, got 12").code === "size_mismatch");
 * ```
 */
export class SizeMismatchError extends HushlinkError {
  /** Creates an error with code `"size_mismatch"`. */
  constructor(message: string) {
    super("size_mismatch", message);
  }
}
