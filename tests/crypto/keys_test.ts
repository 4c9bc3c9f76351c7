import assert from "node:assert/strict";
import {
  deriveKeys,
  generateSecret,
  LinkError,
  newPasswordParams,
  PBKDF2_MIN_ITERATIONS,
  UnsupportedFormatError,
} from "../../lib/crypto/mod.ts";

Deno.test("keys - no password: the read token comes from the secret alone and its hash is SHA-256", async () => {
  const secret = generateSecret();
  const a = await deriveKeys(secret);
  const b = await deriveKeys(secret.slice());
  assert.deepEqual(a.readToken, b.readToken);
  assert.equal(a.readToken.length, 32);
  assert.deepEqual(a.ikm, secret);
  assert.equal(a.password, null);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", a.readToken));
  assert.deepEqual(a.readTokenHash, hash);
  assert.notDeepEqual(a.readToken, secret);
});

Deno.test("keys - the password is a second factor: it changes ikm and read token; NFC-normalised", async () => {
  const secret = generateSecret();
  const params = newPasswordParams();
  assert.equal(params.iterations, PBKDF2_MIN_ITERATIONS);
  assert.equal(params.salt.length, 16);
  const plain = await deriveKeys(secret);
  const composed = await deriveKeys(secret, { password: "caf\u00e9", params });
  const decomposed = await deriveKeys(secret, { password: "cafe\u0301", params });
  const other = await deriveKeys(secret, { password: "cafe", params });
  assert.equal(composed.ikm.length, 64);
  assert.deepEqual(composed.ikm.subarray(0, 32), secret);
  assert.deepEqual(composed.readToken, decomposed.readToken);
  assert.notDeepEqual(composed.readToken, plain.readToken);
  assert.notDeepEqual(composed.readToken, other.readToken);
  assert.deepEqual(composed.password, params);
});

Deno.test("keys - refuses a secret that is not 32 bytes and KDF parameters outside v1 limits", async () => {
  await assert.rejects(deriveKeys(new Uint8Array(16)), LinkError);
  const salt = new Uint8Array(16);
  for (
    const params of [{ salt, iterations: 1000 }, { salt, iterations: 10_000_001 }, {
      salt: new Uint8Array(8),
      iterations: 600_000,
    }]
  ) {
    await assert.rejects(
      deriveKeys(generateSecret(), { password: "x", params }),
      UnsupportedFormatError,
    );
  }
});
