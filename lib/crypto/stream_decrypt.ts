/**
 * Decryption of a format v1 stream. A record's plaintext is released only after its tag verified;
 * the output ends cleanly only after the final record verified, otherwise it errors with a typed
 * error.
 *
 * @module
 */

import { ByteQueue, bytesEqual, concatBytes, freeBuffer, ReusedBuffers } from "./bytes.ts";
import { RECORD_SIZE, TAG_SIZE } from "./constants.ts";
import { TamperedError, TruncatedError, WrongKeyError } from "./errors.ts";
import { type Header, HEADER_PREFIX_SIZE, headerSizeFromPrefix, parseHeader } from "./header.ts";
import { checkConcurrency, DEFAULT_CONCURRENCY, InFlight } from "./in_flight.ts";
import { contentKey, type ShareKeys } from "./keys.ts";
import { openRecord } from "./record.ts";

/** Options of {@link decryptStream}. */
export interface DecryptOptions {
  /** Records decrypted concurrently (1..64, default 8). */
  concurrency?: number;
  /**
   * The total ciphertext size when known (the server reports it). With it, a stream cut off inside
   * a record is reported as TruncatedError rather than TamperedError, and extra bytes as tampering.
   */
  expectedSize?: number;
  /**
   * The chunks written are the stream's alone, each with an ArrayBuffer of its own (as a fetch
   * body's are): each is freed ({@link freeBuffer}) as soon as its bytes are copied into a record,
   * rather than left for the garbage collector. Off by default.
   */
  freeInput?: boolean;
}

const FULL_RECORD = RECORD_SIZE + TAG_SIZE;

/**
 * Throws {@link WrongKeyError} when the header's password block does not match the keys: the
 * share needs a password that was not given, or the other way round.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WrongKeyError } from "./errors.ts";
 * import { encodeHeader, parseHeader } from "./header.ts";
 * import { deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * import { checkKeysFitHeader } from "./stream_decrypt.ts";
 * const keys = await deriveKeys(generateSecret()); // no password
 * const headerBytes = encodeHeader(new Uint8Array(16), { salt: new Uint8Array(16), iterations: 600_000 });
 * assert.throws(() => checkKeysFitHeader(keys, parseHeader(headerBytes)), WrongKeyError);
 * checkKeysFitHeader(keys, parseHeader(encodeHeader(new Uint8Array(16), null))); // fits
 * ```
 */
export function checkKeysFitHeader(keys: ShareKeys, header: Header): void {
  const want = header.password;
  const have = keys.password;
  if (want === null && have === null) return;
  if (want === null) {
    throw new WrongKeyError("this share has no password, but keys for one were given");
  }
  if (have === null) throw new WrongKeyError("this share needs a password");
  if (want.iterations !== have.iterations || !bytesEqual(want.salt, have.salt)) {
    throw new WrongKeyError("the password parameters do not match this share");
  }
}

/**
 * A TransformStream that decrypts a format v1 stream. Errors: WrongKeyError (record 0 does not
 * verify, or the password block does not fit the keys), TamperedError, TruncatedError,
 * UnsupportedFormatError (not a v1 header).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveKeys } from "./keys.ts";
 * import { formatLink, generateSecret, parseLink } from "./link.ts";
 * import { decryptStream } from "./stream_decrypt.ts";
 * import { encryptStream } from "./stream_encrypt.ts";
 * const link = formatLink("https://h.example", "AAAAAAAAAAAAAAAAAAAAAA", generateSecret());
 * const keys = await deriveKeys(parseLink(link).secret);
 * // Stands in for the GET /api/shares/<id>/content response.
 * const response = new Response(new Blob(["secret text"]).stream().pipeThrough(encryptStream(keys)));
 * const plaintext = response.body!.pipeThrough(decryptStream(keys));
 * assert((await new Response(plaintext).text()) === "secret text");
 * ```
 */
export function decryptStream(
  keys: ShareKeys,
  opts: DecryptOptions = {},
): TransformStream<Uint8Array, Uint8Array> {
  const concurrency = checkConcurrency(opts.concurrency ?? DEFAULT_CONCURRENCY);
  const pending = new ByteQueue(opts.freeInput ? freeBuffer : undefined);
  // Each record is copied out of the queue into a buffer of its own, reused once its decryption
  // settled: records spanning input chunks would otherwise each be a fresh copy left for the
  // collector, and the input chunks can be freed as soon as they are copied.
  const records = new ReusedBuffers(FULL_RECORD);
  let prefix: Uint8Array | null = null;
  let headerBytes: Uint8Array;
  let key: CryptoKey | null = null;
  let index = 0;
  let received = 0;
  let window: InFlight<Uint8Array>;

  const openNext = (size: number, last: boolean): Promise<Uint8Array> =>
    records.lend(
      size,
      (ciphertext) => openRecord(key!, headerBytes, pending.takeInto(ciphertext), index++, last),
    );

  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      window = new InFlight(concurrency, (plaintext) => {
        if (plaintext.length > 0) controller.enqueue(plaintext);
      });
    },
    async transform(chunk) {
      if (!(chunk instanceof Uint8Array)) {
        throw new TypeError("decryptStream takes Uint8Array chunks");
      }
      received += chunk.length;
      if (opts.expectedSize !== undefined && received > opts.expectedSize) {
        throw new TamperedError(`more than the expected ${opts.expectedSize} ciphertext bytes`);
      }
      pending.push(chunk);
      if (key === null) {
        if (prefix === null) {
          if (pending.length < HEADER_PREFIX_SIZE) return;
          prefix = pending.takeInto(new Uint8Array(HEADER_PREFIX_SIZE));
        }
        const rest = headerSizeFromPrefix(prefix) - HEADER_PREFIX_SIZE;
        if (pending.length < rest) return;
        const header = parseHeader(concatBytes([prefix, pending.takeInto(new Uint8Array(rest))]));
        checkKeysFitHeader(keys, header);
        headerBytes = header.bytes;
        key = await contentKey(keys.ikm, header.salt);
      }
      // Hold back one full record: only a later byte proves that a record is not the final one.
      while (pending.length > FULL_RECORD) await window.add(openNext(FULL_RECORD, false));
    },
    async flush() {
      if (opts.expectedSize !== undefined && received < opts.expectedSize) {
        await window.drain();
        throw new TruncatedError(
          `the stream ended after ${received} of ${opts.expectedSize} ciphertext bytes`,
        );
      }
      if (key === null) throw new TruncatedError("the stream ended inside its header");
      const min = index === 0 ? TAG_SIZE : TAG_SIZE + 1;
      if (pending.length < min) {
        await window.drain();
        throw new TruncatedError(`the stream ended before its final record (record ${index})`);
      }
      await window.add(openNext(pending.length, true));
      await window.drain();
    },
  });
}
