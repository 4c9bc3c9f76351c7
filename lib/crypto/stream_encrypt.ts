/**
 * Encryption of a byte stream into format v1: the header, then AES-256-GCM records of
 * RECORD_SIZE plaintext bytes with several records in flight.
 *
 * @module
 */

import { ByteQueue, freeBuffer, ReusedBuffers } from "./bytes.ts";
import { RECORD_SIZE } from "./constants.ts";
import { encodeHeader, recordNonce } from "./header.ts";
import { checkConcurrency, DEFAULT_CONCURRENCY, InFlight } from "./in_flight.ts";
import { contentKey, SALT_SIZE, type ShareKeys } from "./keys.ts";

/** Options of {@link encryptStream}. */
export interface EncryptOptions {
  /** Records encrypted concurrently (1..64, default 8). Memory stays ≈ (concurrency + 2) records. */
  concurrency?: number;
  /**
   * The chunks written are the stream's alone, each with an ArrayBuffer of its own (as fresh file
   * reads are): each is freed ({@link freeBuffer}) as soon as its bytes are copied into a record,
   * rather than left for the garbage collector. Off by default.
   */
  freeInput?: boolean;
}

/**
 * The encryptor behind {@link encryptStream}, with the content-key salt injectable so that test
 * vectors are reproducible. Not exported from mod.ts: production code always gets a fresh salt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveKeys } from "./keys.ts";
 * import { createEncryptStream } from "./stream_encrypt.ts";
 * const keys = await deriveKeys(new Uint8Array(32)); // fixed inputs, as for a test vector
 * const encrypt = () => new Blob(["abc"]).stream().pipeThrough(
 *   createEncryptStream(keys, { salt: new Uint8Array(16) }),
 * );
 * const [a, b] = await Promise.all([encrypt(), encrypt()].map((s) => new Response(s).bytes()));
 * assert(a.length === 24 + 3 + 16 && a.every((x, i) => x === b[i])); // deterministic
 * ```
 */
export function createEncryptStream(
  keys: ShareKeys,
  opts: EncryptOptions & { salt?: Uint8Array } = {},
): TransformStream<Uint8Array, Uint8Array> {
  const concurrency = checkConcurrency(opts.concurrency ?? DEFAULT_CONCURRENCY);
  const salt = opts.salt ?? crypto.getRandomValues(new Uint8Array(SALT_SIZE));
  const header = encodeHeader(salt, keys.password);
  const pending = new ByteQueue(opts.freeInput ? freeBuffer : undefined);
  // Each record is copied out of the queue into a buffer of its own, reused once its encryption
  // settled (see decryptStream).
  const records = new ReusedBuffers(RECORD_SIZE);
  let key: CryptoKey;
  let index = 0;
  let window: InFlight<ArrayBuffer>;

  const sealNext = (size: number, last: boolean): Promise<ArrayBuffer> =>
    records.lend(size, (plaintext) =>
      crypto.subtle.encrypt(
        { name: "AES-GCM", iv: recordNonce(index++, last), additionalData: header },
        key,
        pending.takeInto(plaintext),
      ));

  return new TransformStream<Uint8Array, Uint8Array>({
    async start(controller) {
      window = new InFlight(concurrency, (ct) => {
        controller.enqueue(new Uint8Array(ct));
      });
      key = await contentKey(keys.ikm, salt);
      controller.enqueue(header.slice());
    },
    async transform(chunk) {
      if (!(chunk instanceof Uint8Array)) {
        throw new TypeError("encryptStream takes Uint8Array chunks");
      }
      pending.push(chunk);
      // A full record is sealed as non-final only once a later byte proves it is not the last.
      while (pending.length > RECORD_SIZE) await window.add(sealNext(RECORD_SIZE, false));
    },
    async flush() {
      await window.add(sealNext(pending.length, true));
      await window.drain();
    },
  });
}

/**
 * A TransformStream that encrypts plaintext bytes into a format v1 stream (a fresh random
 * content-key salt per call). The output starts with the header, then one chunk per record.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeader } from "./header.ts";
 * import { deriveKeys } from "./keys.ts";
 * import { generateSecret } from "./link.ts";
 * import { encryptStream } from "./stream_encrypt.ts";
 * const keys = await deriveKeys(generateSecret());
 * const file = new Blob([new Uint8Array(100_000)]); // or (await Deno.open(path)).readable
 * const ciphertext = file.stream().pipeThrough(encryptStream(keys));
 * const size = (await new Response(ciphertext).arrayBuffer()).byteLength;
 * assert(size === encodeHeader(new Uint8Array(16), null).length + 100_000 + 2 * 16);
 * ```
 */
export function encryptStream(
  keys: ShareKeys,
  opts: EncryptOptions = {},
): TransformStream<Uint8Array, Uint8Array> {
  return createEncryptStream(keys, { concurrency: opts.concurrency, freeInput: opts.freeInput });
}
