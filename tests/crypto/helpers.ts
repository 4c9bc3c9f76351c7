/**
 * Helpers shared by the lib/crypto tests: byte streams in and out, deterministic test data.
 *
 * @module
 */

/**
 * A stream of `bytes` cut into chunks of `chunkSize` (default: one chunk).
 *
 * @example
 * ```ts
 * const s = streamOf(new Uint8Array(10), 3); // chunks of 3, 3, 3, 1
 * ```
 */
export function streamOf(
  bytes: Uint8Array,
  chunkSize = bytes.length || 1,
): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunkSize));
      at += chunkSize;
    },
  });
}

/**
 * Reads a stream to the end into one array.
 *
 * @example
 * ```ts
 * const all = await collect(streamOf(new Uint8Array(3)));
 * ```
 */
export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Reads a stream and returns what came out before it ended and the error it ended with, if any.
 *
 * @example
 * ```ts
 * const { bytes, error } = await collectUntilError(stream);
 * ```
 */
export async function collectUntilError(
  stream: ReadableStream<Uint8Array>,
): Promise<{ bytes: Uint8Array; error: unknown }> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    return { bytes: join(parts), error: undefined };
  } catch (error) {
    return { bytes: join(parts), error };
  }
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Deterministic pseudo-random bytes (xorshift), so failures reproduce.
 *
 * @example
 * ```ts
 * const data = testBytes(1000, 7);
 * ```
 */
export function testBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
