/**
 * Padmé padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
 * Communication with PURBs", PETS 2019): rounds a length up so that at most O(log log L) bits of it
 * remain, costing at most ~12 % overhead and much less for large lengths.
 *
 * @module
 */

/** Number of bits needed to write `n` (n ≥ 1): floor(log2 n) + 1, exact for every safe integer. */
function bitLength(n: number): number {
  let bits = 0;
  // Division by 2^32 of a safe integer is exact, unlike Math.log2 near powers of two.
  while (n >= 2 ** 32) {
    n = Math.floor(n / 2 ** 32);
    bits += 32;
  }
  return bits + 32 - Math.clz32(n);
}

/**
 * The Padmé length of `n`: the smallest length ≥ n whose low `E − S` bits are zero, where
 * E = floor(log2 n) and S = floor(log2 E) + 1. padme(0) = 0, padme(1) = 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { padme } from "./padme.ts";
 * assert(padme(100) === 104);
 * assert(padme(2 ** 32 + 1) === 4362076160); // 65 × 2^26
 * ```
 */
export function padme(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`padme: not a length: ${n}`);
  if (n < 2) return n;
  const e = bitLength(n) - 1;
  const s = bitLength(e);
  const step = 2 ** (e - s);
  return Math.ceil(n / step) * step;
}
