import assert from "node:assert/strict";
import { relayBytes } from "../../lib/http/byte_relay.ts";

/** A relay that passes reads through and counts their bytes. */
function counting(source: ReadableStream<Uint8Array>) {
  const seen = { bytes: 0 };
  const { stream } = relayBytes(source, {
    async read(read) {
      const result = await read();
      if (!result.done) seen.bytes += result.value.byteLength;
      return result;
    },
    cancel: (reason, reader) => reader.cancel(reason),
  });
  return { stream, seen };
}

/** Reads `stream` BYOB into one reused buffer of `size`; returns the bytes read, joined. */
async function readByob(stream: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array> {
  const reader = stream.getReader({ mode: "byob" });
  const out: number[] = [];
  let buffer = new Uint8Array(size);
  for (;;) {
    const { done, value } = await reader.read(buffer);
    if (done) break;
    out.push(...value);
    buffer = new Uint8Array(value.buffer);
    assert.equal(value.buffer.byteLength, size); // the caller's buffer, handed back
  }
  return new Uint8Array(out);
}

/** A default (not byte) stream of the given pieces. */
function defaultStream(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < pieces.length) controller.enqueue(pieces[i++]);
      else controller.close();
    },
  });
}

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * seed) & 255);

Deno.test("byte relay - a BYOB read of a byte source fills the caller's own buffer", async () => {
  const data = bytes(200_000, 7);
  const { stream, seen } = counting(new Blob([data]).stream());
  assert.deepEqual(await readByob(stream, 65_536), data);
  assert.equal(seen.bytes, data.length);
});

Deno.test("byte relay - a BYOB read of a default source ends (a short last piece, then done)", async () => {
  // The case that hung: the caller's buffer never left, so the end must answer it with 0 bytes.
  const data = bytes(1_000, 3);
  const { stream, seen } = counting(
    defaultStream([data.slice(0, 10), new Uint8Array(0), data.slice(10)]),
  );
  assert.deepEqual(await readByob(stream, 65_536), data);
  assert.equal(seen.bytes, data.length);
});

Deno.test("byte relay - a default read of a byte source gets every byte", async () => {
  const data = bytes(150_000, 11);
  const { stream, seen } = counting(new Blob([data]).stream());
  assert.deepEqual(await new Response(stream).bytes(), data);
  assert.equal(seen.bytes, data.length);
});

Deno.test("byte relay - a failing read errors the relay with the wrapper's error", async () => {
  const { stream } = relayBytes(new Blob([bytes(10, 1)]).stream(), {
    read: () => Promise.reject(new RangeError("stalled")),
    cancel: () => {},
  });
  await assert.rejects(readByob(stream, 16), RangeError);
});

Deno.test("byte relay - cancelling the relay reaches the source", async () => {
  let cancelled: unknown = null;
  const source = new ReadableStream<Uint8Array>({
    pull: (c) => c.enqueue(new Uint8Array(8)),
    cancel: (reason) => {
      cancelled = reason;
    },
  });
  const { stream } = counting(source);
  const reader = stream.getReader();
  await reader.read();
  await reader.cancel("enough");
  assert.equal(cancelled, "enough");
});
