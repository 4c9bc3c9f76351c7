import assert from "node:assert/strict";
import {
  decryptStream,
  deriveKeys,
  encryptStream,
  generateSecret,
  HushlinkError,
  newPasswordParams,
  RECORD_SIZE,
  type ShareKeys,
  TamperedError,
  TruncatedError,
  UnsupportedFormatError,
  WrongKeyError,
} from "../../lib/crypto/mod.ts";
import { recordNonce } from "../../lib/crypto/header.ts";
import { contentKey } from "../../lib/crypto/keys.ts";
import { collect, collectUntilError, streamOf, testBytes } from "./helpers.ts";

const FULL = RECORD_SIZE + 16;
const PLAINTEXT = testBytes(3 * RECORD_SIZE + 5, 11); // records of 64 KiB, 64 KiB, 64 KiB, 5 bytes
const KEYS = await deriveKeys(generateSecret());
const CIPHERTEXT = await collect(streamOf(PLAINTEXT).pipeThrough(encryptStream(KEYS)));
const HEADER = CIPHERTEXT.subarray(0, 24);
const RECORDS = [0, 1, 2, 3].map((i) => CIPHERTEXT.subarray(24 + i * FULL, 24 + (i + 1) * FULL));

type ErrorClass = new (...args: never[]) => HushlinkError;

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

function flipBit(bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const copy = bytes.slice();
  copy[index] ^= 1 << bit;
  return copy;
}

/**
 * Decrypts `ciphertext` and checks it fails with `expected`, releasing at most `trusted` plaintext
 * bytes, all of them equal to the original's prefix (no unauthenticated byte ever comes out).
 */
async function expectFailure(
  ciphertext: Uint8Array,
  expected: ErrorClass,
  trusted: number,
  opts: { keys?: ShareKeys; expectedSize?: number; plaintext?: Uint8Array } = {},
): Promise<void> {
  for (const chunk of [ciphertext.length || 1, 1000]) {
    const out = streamOf(ciphertext, chunk).pipeThrough(
      decryptStream(opts.keys ?? KEYS, { expectedSize: opts.expectedSize }),
    );
    const { bytes, error } = await collectUntilError(out);
    assert.ok(error instanceof expected, `expected ${expected.name}, got ${error}`);
    assert.ok(bytes.length <= trusted, `released ${bytes.length} > ${trusted} bytes`);
    assert.deepEqual(bytes, (opts.plaintext ?? PLAINTEXT).subarray(0, bytes.length));
  }
}

Deno.test("tamper - the untouched stream decrypts (baseline for the cases below)", async () => {
  assert.equal(CIPHERTEXT.length, 24 + 3 * FULL + 21);
  assert.deepEqual(await collect(streamOf(CIPHERTEXT).pipeThrough(decryptStream(KEYS))), PLAINTEXT);
});

Deno.test("tamper - a flipped bit in any header byte fails before any plaintext", async () => {
  for (let i = 0; i < 24; i++) {
    // Bytes 0-7 are format fields (magic, version, record size, flags, reserved); 8-23 the salt,
    // which changes the content key so that record 0 no longer verifies.
    // Byte 6 bit 1 is an undefined flag; bit 0 (password) is covered below.
    const expected = i < 8 ? UnsupportedFormatError : WrongKeyError;
    await expectFailure(flipBit(CIPHERTEXT, i, i === 6 ? 1 : 0), expected, 0);
  }
  // Setting the password flag reads record bytes as PBKDF2 parameters: out of range, or not the
  // parameters of these keys.
  const { bytes, error } = await collectUntilError(
    streamOf(flipBit(CIPHERTEXT, 6)).pipeThrough(decryptStream(KEYS)),
  );
  assert.equal(bytes.length, 0);
  assert.ok(
    error instanceof UnsupportedFormatError || error instanceof WrongKeyError,
    String(error),
  );
});

Deno.test("tamper - a flipped bit in any record or tag: WrongKeyError for record 0, else TamperedError", async () => {
  for (const [i, record] of RECORDS.entries()) {
    for (
      const at of [
        0,
        1000 % record.length,
        record.length - 17,
        record.length - 16,
        record.length - 1,
      ]
    ) {
      const tampered = join(
        HEADER,
        ...RECORDS.slice(0, i),
        flipBit(record, at, 7),
        ...RECORDS.slice(i + 1),
      );
      await expectFailure(tampered, i === 0 ? WrongKeyError : TamperedError, i * RECORD_SIZE);
    }
  }
});

Deno.test("tamper - dropped, duplicated and swapped records are detected", async () => {
  const [r0, r1, r2, r3] = RECORDS;
  await expectFailure(join(HEADER, r1, r2, r3), WrongKeyError, 0); // record 0 dropped
  await expectFailure(join(HEADER, r0, r2, r3), TamperedError, RECORD_SIZE);
  await expectFailure(join(HEADER, r0, r1, r2), TruncatedError, 3 * RECORD_SIZE); // final dropped
  await expectFailure(join(HEADER, r0, r1, r1, r2, r3), TamperedError, 2 * RECORD_SIZE);
  await expectFailure(join(HEADER, r0, r0, r1, r2, r3), TamperedError, RECORD_SIZE);
  await expectFailure(join(HEADER, r0, r2, r1, r3), TamperedError, RECORD_SIZE);
  await expectFailure(join(HEADER, r0, r1, r3, r2), TamperedError, 2 * RECORD_SIZE);
  await expectFailure(join(HEADER, r0, r1, r2, r3, r3), TamperedError, 3 * RECORD_SIZE);
});

Deno.test("tamper - records of two encryptions of the same plaintext do not mix", async () => {
  // Same keys, another salt: every record is sealed under another content key.
  const other = await collect(streamOf(PLAINTEXT).pipeThrough(encryptStream(KEYS)));
  const otherHeader = other.subarray(0, 24);
  const otherRecord0 = other.subarray(24, 24 + FULL);
  const [r0, r1, r2, r3] = RECORDS;
  // The other's header and first record are a true start (of the same plaintext): that record is
  // released, the next (sealed under this header's key) refused.
  await expectFailure(join(otherHeader, otherRecord0, r1, r2, r3), TamperedError, RECORD_SIZE);
  await expectFailure(join(HEADER, otherRecord0, r1, r2, r3), WrongKeyError, 0);
  await expectFailure(join(HEADER, r0, other.subarray(24 + FULL)), TamperedError, RECORD_SIZE);
});

Deno.test("tamper - truncation at every record boundary is TruncatedError", async () => {
  await expectFailure(new Uint8Array(0), TruncatedError, 0);
  for (let k = 0; k <= 3; k++) {
    await expectFailure(join(HEADER, ...RECORDS.slice(0, k)), TruncatedError, k * RECORD_SIZE);
  }
});

Deno.test("tamper - truncation inside the header or a record is TruncatedError", async () => {
  for (const cut of [1, 7, 8, 23]) {
    await expectFailure(CIPHERTEXT.subarray(0, cut), TruncatedError, 0);
  }
  // Too short to be a final record: recognisable without knowing the size.
  for (const k of [1, 2, 3]) {
    const end = 24 + k * FULL + 10;
    await expectFailure(CIPHERTEXT.subarray(0, end), TruncatedError, k * RECORD_SIZE);
  }
  // Long enough to be a (tampered) final record: the known total size tells truncation apart.
  for (const end of [24 + 100, 24 + FULL + 40_000, 24 + 3 * FULL + 20]) {
    const k = Math.floor((end - 24) / FULL);
    const cut = CIPHERTEXT.subarray(0, end);
    await expectFailure(cut, TruncatedError, k * RECORD_SIZE, { expectedSize: CIPHERTEXT.length });
    await expectFailure(cut, k === 0 ? WrongKeyError : TamperedError, k * RECORD_SIZE);
  }
});

Deno.test("tamper - anything after the final record is TamperedError", async () => {
  await expectFailure(join(CIPHERTEXT, new Uint8Array([0])), TamperedError, 3 * RECORD_SIZE);
  await expectFailure(join(CIPHERTEXT, RECORDS[3]), TamperedError, 3 * RECORD_SIZE);
  await expectFailure(join(CIPHERTEXT, testBytes(FULL + 100)), TamperedError, 3 * RECORD_SIZE);
  await expectFailure(join(CIPHERTEXT, new Uint8Array(1)), TamperedError, 3 * RECORD_SIZE, {
    expectedSize: CIPHERTEXT.length,
  });
});

Deno.test("tamper - the empty stream has one empty final record; an empty record later is refused", async () => {
  const empty = await collect(streamOf(new Uint8Array(0)).pipeThrough(encryptStream(KEYS)));
  assert.equal(empty.length, 24 + 16);
  assert.deepEqual(
    await collect(streamOf(empty).pipeThrough(decryptStream(KEYS))),
    new Uint8Array(0),
  );
  await expectFailure(empty.subarray(0, 39), TruncatedError, 0);
  // Only a writer holding the key could make one; the length rule (a final record after record 0
  // holds at least one byte) refuses it before any decryption.
  const key = await contentKey(KEYS.ikm, HEADER.subarray(8, 24));
  const seal = async (plaintext: Uint8Array, index: number, last: boolean) =>
    new Uint8Array(
      await crypto.subtle.encrypt(
        { name: "AES-GCM", iv: recordNonce(index, last), additionalData: HEADER.slice() },
        key,
        plaintext.slice(),
      ),
    );
  const crafted = join(
    HEADER,
    await seal(PLAINTEXT.subarray(0, RECORD_SIZE), 0, false),
    await seal(new Uint8Array(0), 1, true),
  );
  await expectFailure(crafted, TruncatedError, RECORD_SIZE);
});

Deno.test("tamper - a wrong key, a wrong or missing password: WrongKeyError, no plaintext", async () => {
  await expectFailure(CIPHERTEXT, WrongKeyError, 0, { keys: await deriveKeys(generateSecret()) });
  const secret = generateSecret();
  const params = newPasswordParams();
  const keys = await deriveKeys(secret, { password: "right", params });
  const small = testBytes(1000);
  const ciphertext = await collect(streamOf(small).pipeThrough(encryptStream(keys)));
  const wrong = await deriveKeys(secret, { password: "wrong", params });
  await expectFailure(ciphertext, WrongKeyError, 0, { keys: wrong, plaintext: small });
  await expectFailure(ciphertext, WrongKeyError, 0, {
    keys: await deriveKeys(secret),
    plaintext: small,
  });
  const withoutNeed = await deriveKeys(generateSecret(), { password: "x", params });
  await expectFailure(CIPHERTEXT, WrongKeyError, 0, { keys: withoutNeed });
  // The password block is authenticated: pointing it at other parameters fails too.
  await expectFailure(flipBit(ciphertext, 30), WrongKeyError, 0, { keys, plaintext: small });
});
