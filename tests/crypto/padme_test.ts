import assert from "node:assert/strict";
import { padme } from "../../lib/crypto/mod.ts";

/** The definition, in BigInt, as an independent reference. */
function reference(n: bigint): bigint {
  if (n < 2n) return n;
  const e = BigInt(n.toString(2).length - 1);
  const s = BigInt(e.toString(2).length);
  const mask = (1n << (e - s)) - 1n;
  return (n + mask) & ~mask;
}

Deno.test("padme - known values", () => {
  const known: [number, number][] = [
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [9, 10],
    [100, 104],
    [1000, 1024],
    [1025, 1088],
    [65_536, 65_536],
    [1_000_000, 1_015_808],
  ];
  for (const [n, p] of known) assert.equal(padme(n), p, `padme(${n})`);
});

Deno.test("padme - matches the BigInt definition, also beyond 2^32 and near 2^53", () => {
  const samples = [2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 5_000_000_007, 2 ** 40 + 12345, 2 ** 52 + 3];
  for (let n = 0; n < 5000; n++) samples.push(n, n * 7919 + 13, n ** 3);
  for (const n of samples) assert.equal(BigInt(padme(n)), reference(BigInt(n)), `padme(${n})`);
});

Deno.test("padme - never shrinks and costs at most 12 %", () => {
  for (let n = 1; n < 200_000; n += 97) {
    const p = padme(n);
    assert.ok(p >= n && p <= n * 1.12 + 1, `padme(${n}) = ${p}`);
  }
});

Deno.test("padme - rejects negative, fractional and unsafe lengths", () => {
  for (const n of [-1, 1.5, 2 ** 53, NaN]) assert.throws(() => padme(n), RangeError);
});
