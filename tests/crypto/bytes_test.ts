import assert from "node:assert/strict";
import { ByteQueue } from "../../lib/crypto/bytes.ts";
import { EncodingError, fromBase64url, toBase64url } from "../../lib/crypto/mod.ts";

Deno.test("bytes - base64url round trips every length without padding", () => {
  for (let n = 0; n < 40; n++) {
    const b = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff);
    const s = toBase64url(b);
    assert.ok(!s.includes("=") && !s.includes("+") && !s.includes("/"));
    assert.deepEqual(fromBase64url(s), b);
  }
});

Deno.test("bytes - fromBase64url refuses padding, whitespace, the standard alphabet, non-canonical text", () => {
  for (const s of ["AA==", "A A", "a+b/", "A", "AB", "__9"]) {
    assert.throws(() => fromBase64url(s), EncodingError, s);
  }
});

Deno.test("bytes - ByteQueue cuts arbitrary chunks into exact pieces in order", () => {
  const q = new ByteQueue();
  q.push(new Uint8Array([1, 2, 3]));
  q.push(new Uint8Array([]));
  q.push(new Uint8Array([4]));
  q.push(new Uint8Array([5, 6, 7, 8]));
  assert.equal(q.length, 8);
  assert.deepEqual(q.take(2), new Uint8Array([1, 2]));
  assert.deepEqual(q.take(3), new Uint8Array([3, 4, 5]));
  assert.deepEqual(q.take(q.length), new Uint8Array([6, 7, 8]));
  assert.equal(q.length, 0);
  assert.throws(() => q.take(1), RangeError);
});
