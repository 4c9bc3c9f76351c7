/**
 * Decompression bombs (docs/SECURITY.md, "Hostile shares"): a gzip-encoded file decodes to no
 * more than its entry's stated `decodedSize` (or UNSTATED_DECODE_LIMIT without one), and to no
 * less; past the bound the read fails with a typed error as soon as it shows.
 * @module
 */
import assert from "node:assert/strict";
import {
  decodeBody,
  type FileEntry,
  UNSTATED_DECODE_LIMIT,
  UnsupportedFormatError,
} from "../../lib/crypto/mod.ts";
import { checkManifest } from "../../lib/crypto/manifest.ts";

const MiB = 1024 * 1024;

/** gzip of `size` zero bytes, made in 1 MiB pieces (a bomb: ~1 KiB per MiB). */
async function zerosGzipped(size: number): Promise<Uint8Array<ArrayBuffer>> {
  const piece = new Uint8Array(MiB);
  let left = size;
  const zeros = new ReadableStream<BufferSource>({
    pull(controller) {
      if (left === 0) return controller.close();
      const n = Math.min(left, MiB);
      controller.enqueue(piece.subarray(0, n));
      left -= n;
    },
  });
  return await new Response(zeros.pipeThrough(new CompressionStream("gzip"))).bytes();
}

/** Reads the decoded stream to its end or error; returns the bytes that came out. */
async function drain(
  stream: ReadableStream<Uint8Array>,
): Promise<{ bytes: number; error: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of stream) bytes += chunk.length;
    return { bytes, error: null };
  } catch (error) {
    return { bytes, error };
  }
}

function entry(stored: Uint8Array, decodedSize?: number): FileEntry {
  return {
    name: "chat.jsonl",
    type: "application/jsonl",
    size: stored.length,
    encoding: "gzip",
    ...(decodedSize === undefined ? {} : { decodedSize }),
  };
}

Deno.test("decode limit - a gzip file that decodes past its stated size stops there", async () => {
  const bomb = await zerosGzipped(64 * MiB);
  assert.ok(bomb.length < 100_000);
  const { bytes, error } = await drain(decodeBody(entry(bomb, 1000), new Blob([bomb]).stream()));
  assert.ok(error instanceof UnsupportedFormatError, String(error));
  assert.match((error as Error).message, /more than 1000 bytes \(its stated size\)/);
  assert.ok(bytes <= 1000, `${bytes} bytes came out`);
});

Deno.test("decode limit - a gzip file that decodes to less than stated is refused", async () => {
  const small = await zerosGzipped(500);
  const { bytes, error } = await drain(decodeBody(entry(small, 501), new Blob([small]).stream()));
  assert.equal(bytes, 500);
  assert.match(String(error), /decodes to 500 bytes, not the 501 stated/);
});

Deno.test("decode limit - exactly the stated size passes", async () => {
  const ok = await zerosGzipped(3 * MiB);
  const { bytes, error } = await drain(decodeBody(entry(ok, 3 * MiB), new Blob([ok]).stream()));
  assert.deepEqual({ bytes, error }, { bytes: 3 * MiB, error: null });
});

Deno.test("decode limit - without a stated size a gzip file stops at the general limit", async () => {
  const bomb = await zerosGzipped(UNSTATED_DECODE_LIMIT + MiB);
  const { bytes, error } = await drain(decodeBody(entry(bomb), new Blob([bomb]).stream()));
  assert.ok(error instanceof UnsupportedFormatError, String(error));
  assert.ok(bytes <= UNSTATED_DECODE_LIMIT);
});

Deno.test("decode limit - a manifest states decodedSize only for an encoded file", () => {
  const base = { v: 1, kind: "files", created: "2026-12-01T00:00:00.000Z" };
  const file = { name: "a", type: "text/plain", size: 1 };
  assert.throws(
    () => checkManifest({ ...base, files: [{ ...file, decodedSize: 5 }] }),
    /decodedSize needs an encoding/,
  );
  assert.throws(
    () => checkManifest({ ...base, files: [{ ...file, encoding: "gzip", decodedSize: -1 }] }),
    /decodedSize must be a non-negative integer/,
  );
  assert.equal(
    checkManifest({ ...base, files: [{ ...file, encoding: "gzip", decodedSize: 7 }] }).files[0]
      .decodedSize,
    7,
  );
});
