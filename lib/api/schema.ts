/**
 * A very small schema library: each schema is the one definition of a wire shape, giving both its
 * TypeScript type ({@link Infer}) and the check of untrusted JSON against it. The server checks
 * request bodies with it and the clients check the server's answers, so neither side casts. It is
 * a few hundred bytes in a bundle where zod would cost the viewer 14–93 KB gzipped.
 * @module
 */
import { HushlinkError } from "../crypto/errors.ts";

/** Why a value does not fit its schema. */
export type SchemaErrorCode = "bad_field" | "unknown_field" | "too_large";

/**
 * A value that does not fit its schema. The message starts with the field's path
 * (`kdf.salt: must be 16 bytes in base64url`), or names the unknown field.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integer, SchemaError } from "./schema.ts";
 * try {
 *   integer(1, 10).parse(11, "views");
 * } catch (e) {
 *   assert(e instanceof SchemaError && e.message === "views: must be between 1 and 10");
 * }
 * ```
 */
export class SchemaError extends HushlinkError {
  /** The path of the field at fault (`kdf.salt`). */
  readonly field: string;
  /** Creates the error for `field` with a message that already names it. */
  constructor(code: SchemaErrorCode, field: string, message: string) {
    super(code, message);
    this.field = field;
  }
  declare readonly code: SchemaErrorCode;
}

/** A check of untrusted data that yields a `T`. */
export interface Schema<T> {
  /** Returns `value` as a `T` or throws {@link SchemaError}; `path` names it in messages. */
  parse(value: unknown, path: string): T;
}

/**
 * The type a schema yields.
 * @example
 * ```ts
 * import { type Infer, integer, object } from "./schema.ts";
 * const Point = object({ x: integer(0, 9) });
 * const p: Infer<typeof Point> = { x: 1 };
 * ```
 */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/**
 * Fails `path` with a `bad_field` message.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { badField } from "./schema.ts";
 * assert(badField("size", "must be positive").message === "size: must be positive");
 * ```
 */
export function badField(path: string, message: string): SchemaError {
  return new SchemaError("bad_field", path, `${path}: ${message}`);
}

/** `bad_field` for a value that is not what `expected` describes; "is required" when absent. */
function wrongType(path: string, value: unknown, expected: string): SchemaError {
  return badField(path, value === undefined ? `is required (${expected})` : `must be ${expected}`);
}

/**
 * Any string.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { string } from "./schema.ts";
 * assert(string().parse("a", "name") === "a");
 * ```
 */
export function string(): Schema<string> {
  return {
    parse(value, path) {
      if (typeof value !== "string") throw wrongType(path, value, "a string");
      return value;
    },
  };
}

/**
 * A whole number from `min` to `max`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integer } from "./schema.ts";
 * assert(integer(1, 10).parse(3, "views") === 3);
 * ```
 */
export function integer(min: number, max: number): Schema<number> {
  return {
    parse(value, path) {
      if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        throw wrongType(path, value, "a whole number");
      }
      if (value < min || value > max) throw badField(path, `must be between ${min} and ${max}`);
      return value;
    },
  };
}

/**
 * Exactly `expected`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { literal } from "./schema.ts";
 * assert(literal(true).parse(true, "complete") === true);
 * ```
 */
export function literal<const V extends string | number | boolean>(expected: V): Schema<V> {
  return {
    parse(value, path) {
      if (value !== expected) throw wrongType(path, value, JSON.stringify(expected));
      return expected;
    },
  };
}

/**
 * `true` or `false`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { boolean } from "./schema.ts";
 * assert(boolean().parse(false, "flag") === false);
 * ```
 */
export function boolean(): Schema<boolean> {
  return {
    parse(value, path) {
      if (typeof value !== "boolean") throw wrongType(path, value, "true or false");
      return value;
    },
  };
}

/**
 * `inner`, or null; an absent field (undefined) reads as null too.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integer, nullable } from "./schema.ts";
 * assert(nullable(integer(1, 9)).parse(undefined, "views") === null);
 * ```
 */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    parse(value, path) {
      return value === undefined || value === null ? null : inner.parse(value, path);
    },
  };
}

/**
 * A value checked by `inner`, then by `check`, which returns an error message or null.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { refine, string } from "./schema.ts";
 * const nonEmpty = refine(string(), (s) => s === "" ? "must not be empty" : null);
 * assert(nonEmpty.parse("x", "name") === "x");
 * ```
 */
export function refine<T>(inner: Schema<T>, check: (value: T) => string | null): Schema<T> {
  return {
    parse(value, path) {
      const parsed = inner.parse(value, path);
      const problem = check(parsed);
      if (problem !== null) throw badField(path, problem);
      return parsed;
    },
  };
}

/** Schemas per field. */
export type Shape = Record<string, Schema<unknown>>;

/** The object type a {@link Shape} yields. */
export type ObjectOf<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/** What {@link object} does with a field its shape does not name. */
export interface ObjectOptions {
  /**
   * `"refuse"` (the default) fails with `unknown_field`: what the server asks of requests.
   * `"drop"` leaves it out: what a client does with answers, so that a newer server may add
   * fields without breaking older clients.
   */
  unknown?: "refuse" | "drop";
}

/**
 * A JSON object with these fields. Fields whose schema is {@link nullable} may be absent.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { integer, object } from "./schema.ts";
 * const Complete = object({ size: integer(1, 100) });
 * assert(Complete.parse({ size: 5 }, "body").size === 5);
 * ```
 */
export function object<S extends Shape>(
  shape: S,
  options: ObjectOptions = {},
): Schema<ObjectOf<S>> {
  const refuse = options.unknown !== "drop";
  return {
    parse(value, path) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw wrongType(path, value, "an object");
      }
      const record = value as Record<string, unknown>;
      const prefix = path === "" ? "" : `${path}.`;
      for (const key of refuse ? Object.keys(record) : []) {
        if (!Object.hasOwn(shape, key)) {
          throw new SchemaError("unknown_field", prefix + key, `Unknown field: ${prefix}${key}`);
        }
      }
      const out: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(shape)) {
        out[key] = schema.parse(record[key], prefix + key);
      }
      return out as ObjectOf<S>;
    },
  };
}

/**
 * The first of `schemas` that accepts the value, told apart by the literal field `tag`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { literal, object, string, union } from "./schema.ts";
 * const Answer = union("ok", [
 *   object({ ok: literal(true), id: string() }),
 *   object({ ok: literal(false) }),
 * ]);
 * assert(Answer.parse({ ok: false }, "answer").ok === false);
 * ```
 */
export function union<T extends readonly Schema<unknown>[]>(
  tag: string,
  schemas: T,
): Schema<Infer<T[number]>> {
  return {
    parse(value, path) {
      let first: unknown = null;
      for (const schema of schemas) {
        try {
          return schema.parse(value, path) as Infer<T[number]>;
        } catch (e) {
          first ??= e;
        }
      }
      throw first ?? badField(path, `has no valid ${tag}`);
    },
  };
}
