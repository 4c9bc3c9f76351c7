/**
 * Typed errors of the share store. Each has a stable `code`; the HTTP layer maps codes to statuses.
 * @module
 */

/**
 * Base class of every store error.
 * @example
 * ```ts
 * throw new StoreError("bad_index", "Part index 9 is past the last part (3)");
 * ```
 */
export class StoreError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * Unknown, expired, burned, deleted or incomplete share: one answer for all of them.
 * @example
 * ```ts
 * throw new NotFoundError();
 * ```
 */
export class NotFoundError extends StoreError {
  constructor() {
    super("not_found", "No such share (unknown, expired, burned or deleted)");
  }
}

/**
 * The presented token does not match the stored hash.
 * @example
 * ```ts
 * throw new BadTokenError("read");
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
 * throw new MissingPartsError([1, 3]);
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
 * throw new SizeMismatchError("part 2 holds 10 bytes, expected 4194304");
 * ```
 */
export class SizeMismatchError extends StoreError {
  constructor(message: string) {
    super("size_mismatch", message);
  }
}

/**
 * A part was sent to a share that is already complete.
 * @example
 * ```ts
 * throw new AlreadyCompleteError();
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
 * throw new BadPartSizeError(3, 4194304, 12);
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
 * throw new TooLargeError(4194304);
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
 * throw new BusyError();
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
 * throw new StorageFullError(4_194_304);
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
