/**
 * The decoder under hostile input, as properties with a fixed seed (tests/crypto pins the single
 * cases: one flipped bit, one cut, each swap). Here: compositions of mutations of real ciphertexts,
 * bytes that only look like a stream, a sender who encrypts a broken package, a server that lies
 * to range reads, and arbitrary link text. Every failure must be one of the typed format errors —
 * never a bare TypeError or RangeError — and nothing but a true prefix of the plaintext may come
 * out before it; a changed input never decrypts "successfully".
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  decodeBody,
  decryptFileRange,
  decryptStream,
  deriveKeys,
  EncodingError,
  encryptStream,
  formatLink,
  fromBase64url,
  generateSecret,
  LinkError,
  type Manifest,
  newPasswordParams,
  openRanged,
  pack,
  parseLink,
  RECORD_SIZE,
  type ShareKeys,
  TamperedError,
  toBase64url,
  TruncatedError,
  unpack,
  UnsupportedFormatError,
  WrongKeyError,
} from "../../lib/crypto/mod.ts";
import { collect, collectUntilError, streamOf, testBytes } from "../crypto/helpers.ts";
import { FUZZ_SEED, fuzzRuns } from "./_fuzz.ts";

const FULL = RECORD_SIZE + 16;
const DECODE_ERRORS = [WrongKeyError, TamperedError, TruncatedError, UnsupportedFormatError];

function assertTyped(error: unknown, what: string): void {
  assert.ok(
    DECODE_ERRORS.some((type) => error instanceof type),
    `${what}: expected a typed format error, got ${error instanceof Error ? error.stack : error}`,
  );
}

function assertPrefix(bytes: Uint8Array, plaintext: Uint8Array, max: number): void {
  assert.ok(bytes.length <= max, `released ${bytes.length} bytes, at most ${max} verified`);
  assert.ok(bytes.length <= plaintext.length, "released more than the plaintext");
  assert.deepEqual(
    bytes,
    plaintext.subarray(0, bytes.length),
    "released bytes that are not the plaintext",
  );
}

async function encrypt(keys: ShareKeys, plaintext: Uint8Array): Promise<Uint8Array> {
  return await collect(streamOf(plaintext, 50_000).pipeThrough(encryptStream(keys)));
}

const KEYS = await deriveKeys(generateSecret());
const PW_KEYS = await deriveKeys(generateSecret(), {
  password: "pässword",
  params: newPasswordParams(),
});
const PLAIN = testBytes(3 * RECORD_SIZE + 5, 7);
const SMALL = testBytes(1000, 8);
/** [keys, plaintext, ciphertext, a second encryption of it under the same keys] */
const SOURCES = await Promise.all(
  ([[KEYS, PLAIN], [PW_KEYS, SMALL], [KEYS, new Uint8Array(0)]] as const).map(
    async ([keys, plaintext]) => ({
      keys,
      plaintext,
      ciphertext: await encrypt(keys, plaintext),
      sibling: await encrypt(keys, plaintext),
    }),
  ),
);

type Mutation =
  | { op: "flip"; at: number; bit: number }
  | { op: "set"; at: number; value: number }
  | { op: "cut"; at: number }
  | { op: "cutRecord"; record: number; delta: number }
  | { op: "extend"; bytes: Uint8Array }
  | { op: "insert"; at: number; bytes: Uint8Array }
  | { op: "delete"; at: number; n: number }
  | { op: "duplicate"; at: number; n: number }
  | { op: "splice"; at: number; n: number }
  | { op: "swapRecords"; a: number; b: number }
  | { op: "siblingHeader" };

const at = fc.nat();
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant("set" as const), at, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant("cut" as const), at }),
  fc.record({
    op: fc.constant("cutRecord" as const),
    record: fc.integer({ min: 0, max: 4 }),
    delta: fc.integer({ min: -17, max: 17 }),
  }),
  fc.record({
    op: fc.constant("extend" as const),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  }),
  fc.record({
    op: fc.constant("insert" as const),
    at,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  }),
  fc.record({ op: fc.constant("delete" as const), at, n: fc.integer({ min: 1, max: FULL + 1 }) }),
  fc.record({
    op: fc.constant("duplicate" as const),
    at,
    n: fc.integer({ min: 1, max: FULL + 1 }),
  }),
  fc.record({ op: fc.constant("splice" as const), at, n: fc.integer({ min: 1, max: FULL }) }),
  fc.record({
    op: fc.constant("swapRecords" as const),
    a: fc.integer({ min: 0, max: 3 }),
    b: fc.integer({ min: 0, max: 3 }),
  }),
  fc.constant({ op: "siblingHeader" as const }),
);

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
  return out;
}

function mutate(input: Uint8Array, sibling: Uint8Array, m: Mutation, header: number): Uint8Array {
  const len = input.length;
  const pos = (n: number) => (len === 0 ? 0 : n % len);
  switch (m.op) {
    case "flip": {
      const out = input.slice();
      if (len > 0) out[pos(m.at)] ^= 1 << m.bit;
      return out;
    }
    case "set": {
      const out = input.slice();
      if (len > 0) out[pos(m.at)] = m.value;
      return out;
    }
    case "cut":
      return input.slice(0, pos(m.at));
    case "cutRecord":
      return input.slice(0, Math.max(0, Math.min(len, header + m.record * FULL + m.delta)));
    case "extend":
      return join(input, m.bytes);
    case "insert":
      return join(input.subarray(0, pos(m.at)), m.bytes, input.subarray(pos(m.at)));
    case "delete":
      return join(input.subarray(0, pos(m.at)), input.subarray(pos(m.at) + m.n));
    case "duplicate":
      return join(input.subarray(0, pos(m.at) + m.n), input.subarray(pos(m.at)));
    case "splice": {
      // The same bytes of another encryption of the same plaintext under the same keys.
      const out = input.slice();
      const from = pos(m.at);
      out.set(sibling.subarray(from, Math.min(from + m.n, len)), from);
      return out;
    }
    case "swapRecords": {
      const rec = (i: number) => input.subarray(header + i * FULL, header + (i + 1) * FULL);
      const count = Math.ceil((len - header) / FULL);
      if (count < 2 || m.a === m.b || m.a >= count || m.b >= count) return input.slice();
      const records = Array.from({ length: count }, (_, i) => rec(i));
      [records[m.a], records[m.b]] = [records[m.b], records[m.a]];
      return join(input.subarray(0, header), ...records);
    }
    case "siblingHeader":
      return join(sibling.subarray(0, header), input.subarray(header));
  }
}

/** Index of the first byte where `a` and `b` differ (the shorter length when one is a prefix). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

Deno.test("fuzz crypto - composed mutations of real ciphertexts: a typed error after a true prefix, or the original", async () => {
  const input = fc.record({
    source: fc.integer({ min: 0, max: SOURCES.length - 1 }),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
    chunk: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 500, max: 140_000 })),
    concurrency: fc.integer({ min: 1, max: 8 }),
    size: fc.constantFrom("none", "original", "mutated", "other"),
  });
  await fc.assert(
    fc.asyncProperty(input, async ({ source, mutations, chunk, concurrency, size }) => {
      const { keys, plaintext, ciphertext, sibling } = SOURCES[source];
      const header = keys.password ? 44 : 24;
      const mutated = mutations.reduce((bytes, m) => mutate(bytes, sibling, m, header), ciphertext);
      // Byte-sized chunks only for short inputs, to stay quick.
      const pieces = mutated.length > 5000 ? Math.max(chunk, 500) : chunk;
      const expectedSize = size === "none"
        ? undefined
        : size === "original"
        ? ciphertext.length
        : size === "mutated"
        ? mutated.length
        : ciphertext.length + 1;
      const { bytes, error } = await collectUntilError(
        streamOf(mutated, pieces).pipeThrough(decryptStream(keys, { concurrency, expectedSize })),
      );
      // Splicing can rebuild the other encryption whole: the only other valid stream.
      const valid = firstDifference(mutated, sibling) === -1 ? sibling : ciphertext;
      const differs = firstDifference(mutated, valid);
      if (differs === -1 && (expectedSize === undefined || expectedSize === valid.length)) {
        assert.equal(error, undefined, String(error));
        assert.deepEqual(bytes, plaintext);
        return;
      }
      // Anything else was changed or mis-sized: it must fail, after verified records only. A
      // record verifies where the stream starts as either encryption does up to its end (say the
      // sibling's header and first record, then the original's): each is of the same plaintext.
      assert.ok(error !== undefined, `a changed stream decrypted: ${JSON.stringify(mutations)}`);
      assertTyped(error, JSON.stringify(mutations).slice(0, 300));
      const verifiedAsIn = (encryption: Uint8Array) => {
        const at = firstDifference(mutated, encryption);
        return at === -1
          ? plaintext.length
          : Math.max(0, Math.floor((at - header) / FULL)) * RECORD_SIZE;
      };
      assertPrefix(bytes, plaintext, Math.max(verifiedAsIn(ciphertext), verifiedAsIn(sibling)));
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(150) },
  );
});

Deno.test("fuzz crypto - bytes that only look like a stream are refused before any output", async () => {
  const [{ ciphertext }] = SOURCES;
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 3 * FULL }),
    // A valid header in front of random records.
    fc.uint8Array({ maxLength: 3 * FULL }).map((rest) => join(ciphertext.subarray(0, 24), rest)),
    // A header-shaped prefix with random fields.
    fc.tuple(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ maxLength: 200 })).map(
      ([fields, rest]) => join(new Uint8Array([0x68, 0x6c, 0x6e, 0x6b]), fields, rest),
    ),
  );
  await fc.assert(
    fc.asyncProperty(input, fc.boolean(), async (bytes, password) => {
      const keys = password ? PW_KEYS : KEYS;
      const out = await collectUntilError(streamOf(bytes, 4096).pipeThrough(decryptStream(keys)));
      assertTyped(out.error, `${bytes.length} bytes`);
      assert.equal(out.bytes.length, 0);
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(200) },
  );
});

/** A file of a sender's package: its entry and how its stored bytes relate to it. */
const fileArb = fc.record({
  name: fc.string({ minLength: 1, maxLength: 8 }),
  size: fc.integer({ min: 0, max: 2000 }),
  gzip: fc.boolean(),
  /** honest: the bytes (gzipped when the entry says so) fit the entry; the others do not. */
  bytes: fc.constantFrom("honest", "honest", "random", "short", "long", "gzip-cut", "gzip-junk"),
  openEnded: fc.boolean(),
});

/** One thing a sender may get wrong in an otherwise valid manifest. */
const corruptionArb = fc.oneof(
  fc.record({
    field: fc.constantFrom("v", "kind", "created", "files", "name", "type", "size", "encoding"),
    value: fc.jsonValue({ maxDepth: 1 }),
  }),
  fc.record({
    field: fc.constant("size"),
    value: fc.constantFrom(-1, 1.5, 2 ** 53, 1e300, "5", null),
  }),
  fc.record({ field: fc.constant("unknown"), value: fc.jsonValue({ maxDepth: 2 }) }),
);

/** Builds the plaintext: u32 length (maybe lying) ‖ manifest JSON ‖ file bytes (maybe not fitting). */
async function senderPackage(
  files: { name: string; size: number; gzip: boolean; bytes: string; openEnded: boolean }[],
  kind: string,
  corruption: { field: string; value: unknown } | null,
  lengthLie: number,
): Promise<Uint8Array> {
  const stored: Uint8Array[] = [];
  for (const [i, f] of files.entries()) {
    const raw = testBytes(f.size, i + 1);
    let bytes = raw;
    if (f.gzip && f.bytes !== "random") {
      bytes = await collect(
        streamOf(raw).pipeThrough(
          new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
        ),
      );
      if (f.bytes === "gzip-cut") bytes = bytes.subarray(0, bytes.length >> 1);
      if (f.bytes === "gzip-junk") bytes = join(bytes, new Uint8Array([1, 2, 3]));
    }
    if (f.bytes === "short") bytes = bytes.subarray(0, bytes.length >> 1);
    if (f.bytes === "long") bytes = join(bytes, new Uint8Array(7));
    stored.push(bytes);
  }
  const manifest: Record<string, unknown> = {
    v: 1,
    kind,
    created: "2026-11-22T10:00:00.000Z",
    files: files.map((f, i) => ({
      name: f.name,
      type: "text/plain",
      // The declared size is the honest stored length; "short"/"long" bytes then do not fit it.
      size: f.openEnded && i === files.length - 1
        ? null
        : (f.bytes === "short" || f.bytes === "long"
          ? (f.gzip ? stored[i].length : f.size)
          : stored[i].length),
      ...(f.gzip ? { encoding: "gzip" } : {}),
    })),
  };
  if (corruption) {
    const entry = (manifest.files as Record<string, unknown>[])[0];
    if (["name", "type", "size", "encoding"].includes(corruption.field)) {
      entry[corruption.field] = corruption.value;
    } else if (corruption.field === "unknown") manifest.extra = corruption.value;
    else manifest[corruption.field] = corruption.value;
  }
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, Math.max(0, json.length + lengthLie));
  return join(length, json, ...stored);
}

const packageArb = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((bytes) => ({ bytes })) },
  {
    weight: 6,
    arbitrary: fc.record({
      files: fc.array(fileArb, { minLength: 1, maxLength: 3 }),
      kind: fc.constantFrom("files", "files", "text", "conversation"),
      corruption: fc.option(corruptionArb, { freq: 3 }),
      lengthLie: fc.oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -40, max: 40 }) },
        { weight: 1, arbitrary: fc.constantFrom(2 ** 20 + 1, 2 ** 32 - 1 - 100) },
      ),
    }),
  },
);

Deno.test("fuzz crypto - a sender's broken package: unpack fails typed or yields exactly what the manifest says", async () => {
  await fc.assert(
    fc.asyncProperty(packageArb, async (spec) => {
      const plaintext = "bytes" in spec
        ? spec.bytes
        : await senderPackage(spec.files, spec.kind, spec.corruption, spec.lengthLie);
      const ciphertext = await encrypt(KEYS, plaintext);
      let unpacked;
      try {
        unpacked = await unpack(streamOf(ciphertext, 3000).pipeThrough(decryptStream(KEYS)));
      } catch (error) {
        return assertTyped(error, "unpack");
      }
      const { manifest, files } = unpacked;
      let index = 0;
      try {
        for await (const { entry, body } of files) {
          assert.deepEqual(entry, manifest.files[index]);
          const bytes = await collect(decodeBody(entry, body));
          if (entry.size !== null && entry.encoding !== "gzip") {
            assert.equal(bytes.length, entry.size);
          }
          index++;
        }
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        return assertTyped(error, `file ${index}`);
      }
      assert.equal(index, manifest.files.length);
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(150) },
  );
});

Deno.test("fuzz crypto - a server that lies to range reads gets typed errors, never other plaintext", async () => {
  const bodies = [testBytes(1000, 1), testBytes(2 * RECORD_SIZE + 77, 2)];
  const manifest: Manifest = {
    v: 1,
    kind: "files",
    created: "2026-11-22T10:00:00.000Z",
    files: bodies.map((b, i) => ({ name: `f${i}`, type: "x/y", size: b.length })),
  };
  const ciphertext = await collect(
    pack(manifest, bodies.map((b) => streamOf(b))).pipeThrough(encryptStream(KEYS)),
  );
  const other = await collect(
    pack(manifest, bodies.map((b) => streamOf(b))).pipeThrough(encryptStream(KEYS)),
  );
  const lie = fc.record({
    size: fc.oneof(
      fc.constant(ciphertext.length),
      fc.integer({ min: -2 * FULL, max: 2 * FULL }).map((d) => ciphertext.length + d),
      fc.constantFrom(0, 7, 24, 40, -1, Number.NaN, 2 ** 53),
    ),
    fetch: fc.constantFrom("honest", "other", "short", "long", "shifted", "zeros"),
    file: fc.integer({ min: 0, max: 1 }),
    from: fc.nat(),
    span: fc.nat(),
  });
  await fc.assert(
    fc.asyncProperty(lie, async ({ size, fetch: how, file, from, span }) => {
      const fetch = (a: number, b: number) => {
        const honest = ciphertext.slice(a, b);
        const answers: Record<string, Uint8Array> = {
          honest,
          other: other.slice(a, b),
          short: honest.slice(0, Math.max(0, honest.length - 3)),
          long: join(honest, new Uint8Array(3)),
          shifted: ciphertext.slice(a + 1, b + 1),
          zeros: new Uint8Array(b - a),
        };
        return Promise.resolve(answers[how]);
      };
      const truthful = how === "honest" && size === ciphertext.length;
      let opened;
      try {
        opened = await openRanged(KEYS, { ciphertextSize: size, fetch });
      } catch (error) {
        assert.ok(!truthful, `an honest server failed: ${error}`);
        return assertTyped(error, `openRanged(${size}, ${how})`);
      }
      assert.deepEqual(opened.manifest, manifest);
      const location = opened.files[file];
      const start = from % (location.size + 1);
      const end = start + span % (location.size - start + 1);
      const { bytes, error } = await collectUntilError(
        decryptFileRange(KEYS, {
          header: opened.header.bytes,
          ciphertextSize: size,
          fetch,
          file: location,
          start,
          end,
        }),
      );
      const expected = bodies[file].subarray(start, end);
      if (error === undefined) assert.deepEqual(bytes, expected, `${how} ${size}: wrong plaintext`);
      else {
        assert.ok(!truthful, `an honest server failed: ${error}`);
        assertTyped(error, `range ${how} ${size}`);
        assertPrefix(bytes, expected, expected.length);
      }
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(150) },
  );
});

Deno.test("fuzz crypto - any link text: a LinkError, or an id and key read straight from it", () => {
  const id = "AbCdEfGhIjKlMnOpQrStUv";
  const key = toBase64url(testBytes(32, 3));
  const good = `https://h.example:8443/s/${id}#${key}`;
  const edit = fc.oneof(
    fc.record({ at: fc.nat(), text: fc.string({ unit: "binary", maxLength: 3 }) }),
    fc.record({
      at: fc.nat(),
      text: fc.constantFrom(
        "%41",
        "%",
        "#",
        "/",
        "?",
        " ",
        "\u0000",
        "é",
        "\ud800",
        "=",
        ").",
        "A",
      ),
    }),
    fc.record({ at: fc.nat(), cut: fc.integer({ min: 1, max: 5 }) }),
  );
  const text = fc.oneof(
    fc.string({ unit: "binary", maxLength: 120 }),
    fc.string({ unit: "grapheme", maxLength: 80 }),
    fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) =>
      edits.reduce((s, e) => {
        const i = e.at % (s.length + 1);
        return "cut" in e
          ? s.slice(0, i) + s.slice(i + e.cut)
          : s.slice(0, i) + e.text + s.slice(i);
      }, good)
    ),
    fc.tuple(fc.webUrl(), fc.string({ maxLength: 50 })).map(([url, frag]) => `${url}#${frag}`),
  );
  fc.assert(
    fc.property(text, (link) => {
      let parsed;
      try {
        parsed = parseLink(link);
      } catch (error) {
        assert.ok(error instanceof LinkError, `${JSON.stringify(link)}: ${error}`);
        return;
      }
      const text = link.trim();
      const hash = text.indexOf("#");
      assert.equal(parsed.secret.length, 32);
      const fragment = text.slice(hash + 1);
      assert.equal(
        toBase64url(parsed.secret),
        fragment.slice(0, 43),
        "the key is not the fragment's",
      );
      // What follows the key was dropped only because no key character starts it (FORMAT.md §2).
      assert.doesNotMatch(fragment.slice(43), /^[A-Za-z0-9_-]/, "a longer key was cut");
      assert.match(parsed.id, /^[A-Za-z0-9_-]{22}$/);
      // The part before "#" is read as a URL, which drops tabs and newlines anywhere and control
      // characters at its ends (WHATWG URL); nothing else may be dropped or changed.
      const url = text.slice(0, hash).replace(/[\t\n\r]/g, "").replace(/^[\0- ]+|[\0- ]+$/g, "");
      assert.ok(
        url.endsWith(`/s/${parsed.id}`),
        `the id is not the link's: ${JSON.stringify(link)}`,
      );
      assert.deepEqual(parseLink(formatLink(parsed.origin, parsed.id, parsed.secret)), parsed);
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(2000) },
  );
});

Deno.test("fuzz crypto - any base64url text: an EncodingError, or the one canonical spelling", () => {
  const alphabet = fc.constantFrom(..."ABCxyz019-_+/= \n".split(""));
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ unit: alphabet, maxLength: 60 }), fc.string({ unit: "binary" })),
      (text) => {
        let bytes;
        try {
          bytes = fromBase64url(text);
        } catch (error) {
          assert.ok(error instanceof EncodingError, `${JSON.stringify(text)}: ${error}`);
          return;
        }
        assert.equal(toBase64url(bytes), text);
      },
    ),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(2000) },
  );
});

Deno.test("fuzz crypto - gzip bodies: bad gzip is UnsupportedFormatError, a bad record stays TamperedError", async () => {
  const raw = testBytes(3 * RECORD_SIZE, 9);
  const gz = await collect(
    streamOf(raw).pipeThrough(
      new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    ),
  );
  const read = async (stored: Uint8Array, tamper: boolean) => {
    const manifest: Manifest = {
      v: 1,
      kind: "files",
      created: "2026-11-22T10:00:00.000Z",
      files: [{ name: "a.gz", type: "x/y", size: stored.length, encoding: "gzip" }],
    };
    const ciphertext = await collect(
      pack(manifest, [streamOf(stored)]).pipeThrough(encryptStream(KEYS)),
    );
    if (tamper) ciphertext[ciphertext.length - 20] ^= 1;
    const { files } = await unpack(streamOf(ciphertext, 10_000).pipeThrough(decryptStream(KEYS)));
    for await (const { entry, body } of files) {
      return await collectUntilError(decodeBody(entry, body));
    }
    throw new Error("no file");
  };
  assert.deepEqual((await read(gz, false)).bytes, raw);
  for (
    const bad of [gz.subarray(0, gz.length - 5), join(gz, new Uint8Array([0])), testBytes(500)]
  ) {
    const { error } = await read(bad, false);
    assert.ok(error instanceof UnsupportedFormatError, String(error));
  }
  const { error } = await read(gz, true);
  assert.ok(error instanceof TamperedError, String(error));
});
