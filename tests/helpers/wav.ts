/**
 * Test media: PCM WAV files of any size, which every browser plays (no codec to ship).
 * @module
 */

/** Frames a second of {@link wav}'s audio: mono, 16-bit, so 16,000 bytes a second. */
export const SAMPLE_RATE = 8_000;

/**
 * A PCM WAV file of `size` bytes (a 44-byte RIFF header, then a quiet sawtooth).
 * @example
 * ```ts
 * const bytes = wav(1024 * 1024); // about 65 s of audio
 * ```
 */
export function wav(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) =>
    [...text].forEach((c, i) => bytes[at + i] = c.charCodeAt(0));
  const data = size - 44;
  ascii(0, "RIFF");
  view.setUint32(4, size - 8, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true); // bytes a second
  view.setUint16(32, 2, true); // bytes a frame
  view.setUint16(34, 16, true); // bits a sample
  ascii(36, "data");
  view.setUint32(40, data, true);
  for (let i = 44; i + 1 < size; i += 2) view.setInt16(i, ((i >> 1) % 200) * 20 - 2000, true);
  return bytes;
}

/**
 * Seconds of audio in {@link wav}`(size)`.
 * @example
 * ```ts
 * const seconds = durationOf(16_044); // 1
 * ```
 */
export const durationOf = (size: number) => (size - 44) / (SAMPLE_RATE * 2);
