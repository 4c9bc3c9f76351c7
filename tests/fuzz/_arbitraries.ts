/**
 * fast-check generators of hostile HTTP input: path segments (ids of any length and alphabet,
 * `..`, percent-encoding, unicode), methods, headers (content types, garbage authorization,
 * forwarded-for lists, ranges) and bodies (JSON with out-of-range, fractional and
 * not-quite-numbers, deep nesting, unicode, binary, big, empty).
 * @module
 */
import fc from "fast-check";
import { ROUTES } from "./_routes.ts";

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("");
const enc = new TextEncoder();

/** A well-formed share id (22 base64url characters) that names no share. */
export const wellFormedId = fc.string({ unit: fc.constantFrom(...B64URL), minLength: 22 })
  .map((s) => s.slice(0, 22).padEnd(22, "A"));

/** A well-formed 32-byte token in base64url (43 characters), almost surely wrong. */
export const wellFormedToken = fc.uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => b.toBase64({ alphabet: "base64url", omitPadding: true }));

/** Printable Latin-1 text, what a header value may carry. */
export const latin1 = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }))
      .map((c) => String.fromCharCode(c)),
    maxLength,
  });

/** Raw (not yet URL-encoded) path segments: ids, traversal, encodings, unicode, numbers. */
export const segment: fc.Arbitrary<string> = fc.oneof(
  wellFormedId,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(...B64URL), maxLength: 60 }),
  fc.integer({ min: 0, max: 6000 }).map((n) => "A".repeat(n)),
  fc.constantFrom(
    "..",
    ".",
    "%2e%2e",
    "%2E%2e%2F",
    "%00",
    "%ZZ",
    "%",
    "%c0%ae",
    "%252e",
    "%ff%fe",
    "😀",
    "é",
    "\u202e",
    "-1",
    "1e3",
    "0x10",
    "00",
    "1.5",
    "NaN",
    "Infinity",
    "4294967296",
    "999999999999999999999",
    "share.js",
    "share-mcp.js",
    "manifest.json",
    "../../deno.json",
  ),
);

/** Methods `fetch` can send, standard and not, in any case. */
export const methodArb: fc.Arbitrary<string> = fc.constantFrom(
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "post",
  "Put",
  "PROPFIND",
  "X",
);

/** A method and path: mostly a route's own method on its template, filled with hostile values. */
export function targetArb(knownIds: string[]): fc.Arbitrary<{ method: string; path: string }> {
  const param = knownIds.length > 0
    ? fc.oneof({ weight: 2, arbitrary: segment }, {
      weight: 1,
      arbitrary: fc.constantFrom(...knownIds),
    })
    : segment;
  const encode = (raw: string, how: number) => {
    if (how === 0) return raw; // the URL parser encodes what it must
    try {
      return how === 1 ? encodeURIComponent(raw) : encodeURIComponent(encodeURIComponent(raw));
    } catch {
      return raw; // lone surrogates cannot be encoded
    }
  };
  const index = fc.oneof(
    fc.integer({ min: 0, max: 12 }).map(String),
    fc.constantFrom("-1", "2147483648", "1e1", "01", "7.0"),
    segment,
  );
  const file = fc.oneof(fc.constantFrom("share.js", "favicon.svg", "app.css"), segment);
  const filler: Record<string, fc.Arbitrary<string>> = {
    ":id": param,
    ":index": index,
    ":file": file,
    "*": segment,
  };
  const routeArb = fc.oneof(
    ...ROUTES.map((route) => ({
      weight: route.path.startsWith("/api/") ? 4 : 1,
      arbitrary: fc.constant(route),
    })),
  );
  const routed = fc.tuple(
    routeArb,
    fc.array(fc.tuple(fc.constant(0), fc.integer({ min: 0, max: 2 })), {
      minLength: 3,
      maxLength: 3,
    }),
    fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: methodArb }),
  ).chain(([route, hows, other]) => {
    const names = route.path.match(/:[a-z]+|\*/g) ?? [];
    return fc.tuple(...names.map((name) => filler[name]), fc.constant(null)).map((values) => {
      let i = 0;
      const path = route.path.replace(/:[a-z]+|\*/g, () => {
        const raw = values[i] as string;
        return encode(raw, hows[i++][1]);
      });
      const own = route.method === "ALL" ? "PATCH" : route.method;
      return { method: other ?? own, path };
    });
  });
  const free = fc.tuple(
    methodArb,
    fc.constantFrom("", "/api", "/api/shares", "/s", "/d", "/static", "/static/build"),
    fc.array(fc.tuple(segment, fc.integer({ min: 0, max: 2 })), { maxLength: 5 }),
  ).map(([method, prefix, parts]) => ({
    method,
    path: `${prefix}/${parts.map(([s, how]) => encode(s, how)).join("/")}`,
  }));
  const suffix = fc.constantFrom(
    "",
    "",
    "",
    "",
    "/",
    "//",
    "?x=1",
    "?size=-1&views=1e9",
    "/..",
    "#k",
  );
  return fc.tuple(
    fc.oneof({ weight: 3, arbitrary: routed }, { weight: 1, arbitrary: free }),
    suffix,
    fc.integer({ min: 0, max: 9 }),
  ).map(([{ method, path }, end, upper]) => ({
    method,
    path: (upper === 0 ? path.replace(/shares|api/g, (s) => s.toUpperCase()) : path) + end,
  }));
}

/** JSON number literals the validators must refuse or accept exactly. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "1e309",
    "-1e309",
    "-0",
    "0",
    "0.0",
    "1.0",
    "1.5",
    "-1",
    "1e-400",
    "9007199254740991",
    "9007199254740993",
    "4294967296",
    "1e21",
    "123456789012345678901234567890",
    "59",
    "60",
    "600000",
    "10000000",
    "10000001",
    "2592000",
    "2592001",
    "1000",
    "1001",
  ),
  fc.double().filter(Number.isFinite).map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.integer().map(String),
);

/** Literals that look like numbers but are not JSON. */
const notJsonNumber = fc.constantFrom(
  "NaN",
  "Infinity",
  "-Infinity",
  "0x10",
  "01",
  "+1",
  ".5",
  "1.",
);

/**
 * A request body, described compactly so that a failing case prints short: text, bytes, `n`
 * copies of one byte, or `n` levels of nesting.
 */
export type BodySpec =
  | { text: string }
  | { bytes: Uint8Array }
  | { fill: number; n: number }
  | { nest: "[" | '{"a":'; n: number; inside?: string };

/**
 * The bytes a {@link BodySpec} stands for.
 * @example
 * ```ts
 * bodyBytes({ nest: "[", n: 2 }); // the bytes of "[[1]]"
 * ```
 */
export function bodyBytes(spec: BodySpec): Uint8Array<ArrayBuffer> {
  if ("text" in spec) return enc.encode(spec.text) as Uint8Array<ArrayBuffer>;
  if ("bytes" in spec) return new Uint8Array(spec.bytes);
  if ("fill" in spec) return new Uint8Array(spec.n).fill(spec.fill);
  const close = spec.nest === "[" ? "]" : "}";
  return enc.encode(
    spec.nest.repeat(spec.n) + (spec.inside ?? "1") + close.repeat(spec.n),
  ) as Uint8Array<
    ArrayBuffer
  >;
}

/** JSON text (and near-JSON) for request bodies. */
export function jsonBodyArb(goodHash: string): fc.Arbitrary<BodySpec> {
  const value: fc.Arbitrary<string> = fc.oneof(
    numberText,
    notJsonNumber,
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ unit: "binary", maxLength: 40 }).map((s) => JSON.stringify(s)),
    fc.constantFrom(
      JSON.stringify(goodHash),
      '"\\ud800"',
      '"\\u0000"',
      "null",
      "true",
      "[]",
      "{}",
      '{"salt":"AAAAAAAAAAAAAAAAAAAAAA","iterations":600000}',
    ),
    fc.record({ salt: fc.string({ maxLength: 30 }), iterations: numberText }).map(
      ({ salt, iterations }) => `{"salt":${JSON.stringify(salt)},"iterations":${iterations}}`,
    ),
  );
  const field = fc.constantFrom(
    "size",
    "expiresIn",
    "views",
    "readTokenHash",
    "kdf",
    "data",
    "__proto__",
    "constructor",
    "x",
  );
  const object = fc.array(fc.tuple(field, value), { maxLength: 7 }).map((entries) =>
    `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`
  );
  const withHash = fc.array(fc.tuple(field, value), { maxLength: 5 }).map((entries) =>
    `{"readTokenHash":${JSON.stringify(goodHash)}${
      entries.map(([k, v]) => `,${JSON.stringify(k)}:${v}`).join("")
    }}`
  );
  const deep: fc.Arbitrary<BodySpec> = fc.record({
    nest: fc.constantFrom("[" as const, '{"a":' as const),
    n: fc.integer({ min: 1, max: 60_000 }),
  });
  const text = fc.oneof(
    { weight: 4, arbitrary: object },
    { weight: 4, arbitrary: withHash },
    { weight: 1, arbitrary: value },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "\ufeff{}",
        '{"size":1,"size":"x"}',
        "{",
        '{"a":1}}',
        "",
        " ",
        "\u0000",
      ),
    },
  ).map((t): BodySpec => ({ text: t }));
  return fc.oneof({ weight: 10, arbitrary: text }, { weight: 1, arbitrary: deep });
}

/** Request bodies: none, empty, JSON-ish text, binary, or big. */
export function bodyArb(goodHash: string): fc.Arbitrary<BodySpec | null> {
  return fc.oneof(
    fc.constant(null),
    fc.constant({ text: "" }),
    { weight: 4, arbitrary: jsonBodyArb(goodHash) },
    fc.uint8Array({ maxLength: 3000 }).map((bytes): BodySpec => ({ bytes })),
    fc.record({
      fill: fc.constantFrom(0x7b, 0, 0x41),
      n: fc.integer({ min: 65_000, max: 400_000 }),
    }),
  );
}

/** Header sets: each header present or not, with hostile values. */
export function headersArb(tokens: string[]): fc.Arbitrary<Record<string, string>> {
  const token = fc.oneof(
    wellFormedToken,
    latin1(80),
    fc.integer({ min: 0, max: 20_000 }).map((n) => "A".repeat(n)),
    ...(tokens.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...tokens) }] : []),
  );
  return fc.record({
    "Content-Type": fc.oneof(
      fc.constantFrom(
        "application/json",
        "application/json; charset=utf-16",
        "text/plain",
        "multipart/form-data; boundary=----x",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
      ),
      latin1(60),
    ),
    Authorization: fc.oneof(
      token.map((t) => `Bearer ${t}`),
      token.map((t) => `bearer    ${t}  `),
      fc.constantFrom("Bearer", "Basic dXNlcjpwYXNz", "Bearer a b", "Token x"),
      latin1(100),
    ),
    "X-Forwarded-For": fc.oneof(
      fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { minLength: 1, maxLength: 4 }).map((a) =>
        a.join(", ")
      ),
      fc.constantFrom(",,,", "unknown", "::ffff:127.0.0.1", "2001:db8::1, ", "[::1]:80"),
      latin1(200),
    ),
    Range: fc.oneof(
      fc.constantFrom(
        "bytes=0-0",
        "bytes=-1",
        "bytes=5-1",
        "bytes=0-",
        "bytes=-0",
        "bytes=999999999999999999999-",
        "bytes=0-1,2-3",
        "bytes=",
        "items=0-1",
      ),
      fc.tuple(fc.integer(), fc.integer()).map(([a, b]) => `bytes=${a}-${b}`),
      latin1(40),
    ),
    "Content-Encoding": fc.constantFrom("gzip", "br", "identity", "x"),
    Accept: latin1(40),
    "X-Random": latin1(2000),
  }, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
}
