/**
 * Format bench: encrypt and decrypt throughput of lib/crypto's streams over N MiB with 1 and with
 * 8 records in flight, next to `openssl speed -evp aes-256-gcm` on 64 KiB blocks (one core, the
 * machine's AES-GCM ceiling) when openssl exists, as ratios measured in the same run.
 *
 * Standalone: `deno run -A bench/crypto.ts [--quick]` (256 MiB; 32 MiB with --quick).
 * @module
 */

import { decryptStream, deriveKeys, encryptStream, generateSecret } from "../lib/crypto/mod.ts";

const MiB = 1024 * 1024;

/** Options of {@link benchCrypto}. */
export interface CryptoBenchOptions {
  /** 32 MiB instead of 256 MiB. */
  quick?: boolean;
}

/** One measured pipeline. Rates are bytes of plaintext per second. */
export interface CryptoBenchRow {
  /** Which direction was measured. */
  operation: "encrypt" | "decrypt";
  /** Records in flight. */
  concurrency: number;
  /** Plaintext bytes per second. */
  rate: number;
  /** rate / openssl's single-core AES-256-GCM rate, or null without openssl. */
  vsOpenssl: number | null;
}

/** Result of {@link benchCrypto}. */
export interface CryptoBenchResult {
  /** Plaintext bytes per run. */
  bytes: number;
  /** `openssl speed -evp aes-256-gcm -bytes 65536` in bytes per second, or null. */
  opensslRate: number | null;
  /** Encrypt and decrypt at 1 and 8 records in flight. */
  rows: CryptoBenchRow[];
}

/** The plaintext: one random 1 MiB block repeated (the streams copy what they encrypt). */
function source(bytes: number): ReadableStream<Uint8Array> {
  const block = new Uint8Array(MiB);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let at = 0; at < MiB; at += 65_536) crypto.getRandomValues(block.subarray(at, at + 65_536));
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const n = Math.min(left, block.length);
      controller.enqueue(block.subarray(0, n));
      left -= n;
    },
  }, { highWaterMark: 0 });
}

async function drain(stream: ReadableStream<Uint8Array>, keep: Uint8Array[] | null): Promise<void> {
  for await (const chunk of stream) keep?.push(chunk);
}

async function opensslRate(): Promise<number | null> {
  try {
    const out = await new Deno.Command("openssl", {
      args: ["speed", "-evp", "aes-256-gcm", "-seconds", "2", "-bytes", "65536", "-mr"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const line = new TextDecoder().decode(out.stdout).split("\n").find((l) => l.startsWith("+F:"));
    return line === undefined ? null : Number(line.split(":").at(-1));
  } catch {
    return null; // no openssl on this machine
  }
}

/**
 * Runs the bench and returns its figures.
 *
 * @example
 * ```ts
 * import { benchCrypto, formatCryptoBench } from "./crypto.ts";
 * const r = await benchCrypto({ quick: true });
 * console.log(formatCryptoBench(r));
 * ```
 */
export async function benchCrypto(options: CryptoBenchOptions = {}): Promise<CryptoBenchResult> {
  const bytes = (options.quick ? 32 : 256) * MiB;
  const keys = await deriveKeys(generateSecret());
  const openssl = await opensslRate();
  const rows: CryptoBenchRow[] = [];
  const row = (operation: CryptoBenchRow["operation"], concurrency: number, seconds: number) => {
    const rate = bytes / seconds;
    rows.push({
      operation,
      concurrency,
      rate,
      vsOpenssl: openssl === null ? null : rate / openssl,
    });
  };
  let ciphertext: Uint8Array[] = [];
  for (const concurrency of [1, 8]) {
    // Ciphertext of the last run is kept (as its record chunks) for the decrypt runs.
    ciphertext = [];
    const t0 = performance.now();
    await drain(source(bytes).pipeThrough(encryptStream(keys, { concurrency })), ciphertext);
    row("encrypt", concurrency, (performance.now() - t0) / 1000);
  }
  for (const concurrency of [1, 8]) {
    let i = 0;
    const input = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < ciphertext.length) controller.enqueue(ciphertext[i++]);
        else controller.close();
      },
    }, { highWaterMark: 0 });
    const t0 = performance.now();
    await drain(input.pipeThrough(decryptStream(keys, { concurrency })), null);
    row("decrypt", concurrency, (performance.now() - t0) / 1000);
  }
  return { bytes, opensslRate: openssl, rows };
}

/**
 * The result as a small text table.
 *
 * @example
 * ```ts
 * import { benchCrypto, formatCryptoBench } from "./crypto.ts";
 * console.log(formatCryptoBench(await benchCrypto({ quick: true })));
 * ```
 */
export function formatCryptoBench(r: CryptoBenchResult): string {
  const mbs = (rate: number) => `${(rate / 1e6).toFixed(0)} MB/s`.padStart(11);
  const lines = [
    `crypto: AES-256-GCM streams over ${r.bytes / MiB} MiB (64 KiB records)`,
    "  operation  in flight        rate  vs openssl (1 core)",
  ];
  for (const row of r.rows) {
    const ratio = row.vsOpenssl === null ? "n/a" : `${(row.vsOpenssl * 100).toFixed(0)} %`;
    lines.push(
      `  ${row.operation.padEnd(9)}  ${String(row.concurrency).padStart(9)} ${
        mbs(row.rate)
      }  ${ratio}`,
    );
  }
  lines.push(
    r.opensslRate === null
      ? "  openssl: not found"
      : `  openssl speed -evp aes-256-gcm (64 KiB blocks): ${mbs(r.opensslRate).trim()}`,
  );
  return lines.join("\n");
}

if (import.meta.main) {
  console.log(formatCryptoBench(await benchCrypto({ quick: Deno.args.includes("--quick") })));
}
