/**
 * Large shares under load: N shares uploaded concurrently through the API (4 MiB parts, 4 in
 * flight per share, as lib/client sends them), then downloaded concurrently and checked byte for
 * byte, against main.ts in its own process; the server's peak RSS (VmHWM) before, after the
 * uploads and after the downloads shows whether its memory stays bounded. The bytes are random
 * stand-ins for ciphertext (the server cannot tell), so the client spends no CPU on encryption.
 * @module
 */

import { spawnServer } from "../tests/helpers/process_server.ts";

const MiB = 1024 * 1024;
const IN_FLIGHT = 4;

/** Options of {@link benchLargeShares}. */
export interface LargeOptions {
  /** Concurrent shares. */
  shares: number;
  /** MiB per share. */
  mib: number;
}

/** Result of {@link benchLargeShares}. Rates are bytes per second, all shares together. */
export interface LargeResult {
  shares: number;
  bytesEach: number;
  uploadRate: number;
  downloadRate: number;
  /** Failed requests (any non-2xx, or a download of the wrong length). */
  errors: number;
  /** Downloads whose bytes equal what was uploaded. */
  identical: number;
  /** Server peak RSS after start and one 1 MiB share, bytes. */
  rssStart: number;
  /** Server peak RSS after the concurrent uploads, bytes. */
  rssAfterUpload: number;
  /** Server peak RSS after the concurrent downloads, bytes. */
  rssPeak: number;
}

/** Part `i` of share `s`: a shared random block with (s, i) in its first 8 bytes. */
class Content {
  readonly block = new Uint8Array(4 * MiB);
  constructor() {
    for (let at = 0; at < this.block.length; at += 65_536) {
      crypto.getRandomValues(this.block.subarray(at, at + 65_536));
    }
  }
  part(s: number, i: number, size: number): Uint8Array<ArrayBuffer> {
    const out = this.block.slice(0, size);
    new DataView(out.buffer).setUint32(0, s);
    new DataView(out.buffer).setUint32(4, i);
    return out;
  }
  /** Whether `chunk` equals share `s`'s bytes at `offset` (parts are `partSize` long). */
  matches(s: number, offset: number, chunk: Uint8Array, partSize: number): boolean {
    const stamp = new Uint8Array(8);
    for (let at = 0; at < chunk.length;) {
      const pos = offset + at;
      const i = Math.floor(pos / partSize);
      const within = pos % partSize;
      const n = Math.min(chunk.length - at, partSize - within);
      new DataView(stamp.buffer).setUint32(0, s);
      new DataView(stamp.buffer).setUint32(4, i);
      for (let k = 0; k < n; k++) {
        const w = within + k;
        if (chunk[at + k] !== (w < 8 ? stamp[w] : this.block[w])) return false;
      }
      at += n;
    }
    return true;
  }
}

async function upload(origin: string, content: Content, s: number, bytes: number) {
  const token = crypto.getRandomValues(new Uint8Array(32));
  const readTokenHash = new Uint8Array(await crypto.subtle.digest("SHA-256", token))
    .toBase64({ alphabet: "base64url", omitPadding: true });
  const res = await fetch(`${origin}/api/shares`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ readTokenHash, size: bytes }),
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  const share = await res.json();
  const parts = Math.ceil(bytes / share.partSize);
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < parts) {
      const i = next++;
      const size = Math.min(share.partSize, bytes - i * share.partSize);
      const put = await fetch(`${origin}/api/shares/${share.id}/parts/${i}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${share.writeToken}` },
        body: content.part(s, i, size),
      });
      if (!put.ok) throw new Error(`part ${i}: ${put.status} ${await put.text()}`);
      await put.body?.cancel();
    }
  }));
  const done = await fetch(`${origin}/api/shares/${share.id}/complete`, {
    method: "POST",
    headers: { Authorization: `Bearer ${share.writeToken}`, "Content-Type": "application/json" },
    body: "{}",
  });
  if (!done.ok) throw new Error(`complete: ${done.status} ${await done.text()}`);
  await done.body?.cancel();
  const read = token.toBase64({ alphabet: "base64url", omitPadding: true });
  return { id: share.id as string, read, partSize: share.partSize as number };
}

/** Streams share `s` down, checking each chunk as it arrives; true when every byte matched. */
async function download(
  origin: string,
  content: Content,
  s: number,
  share: { id: string; read: string; partSize: number },
  bytes: number,
): Promise<boolean> {
  const res = await fetch(`${origin}/api/shares/${share.id}/content`, {
    headers: { Authorization: `Bearer ${share.read}` },
  });
  if (res.status !== 200) throw new Error(`download: ${res.status} ${await res.text()}`);
  let offset = 0;
  let same = true;
  for await (const chunk of res.body!) {
    same &&= offset + chunk.length <= bytes &&
      content.matches(s, offset, chunk, share.partSize);
    offset += chunk.length;
  }
  if (offset !== bytes) throw new Error(`downloaded ${offset} of ${bytes} bytes`);
  return same;
}

/**
 * Runs the large-share bench on a fresh server.
 * @example
 * ```ts
 * import { benchLargeShares } from "./large_shares.ts";
 * const r = await benchLargeShares({ shares: 8, mib: 64 });
 * console.log(r.rssPeak / 2 ** 20);
 * ```
 */
export async function benchLargeShares(options: LargeOptions): Promise<LargeResult> {
  const bytes = options.mib * MiB;
  // As `deno task start` runs it: its flags (V8's included) shape the memory figures.
  const server = await spawnServer({ startTask: true });
  try {
    const content = new Content();
    const warm = await upload(server.origin, content, 999, MiB);
    await download(server.origin, content, 999, warm, MiB);
    const rssStart = await server.peakRss();
    let errors = 0;
    const count = (e: unknown) => {
      errors++;
      console.error(`large share: ${e instanceof Error ? e.message : e}`);
      return null;
    };
    const t0 = performance.now();
    const shares = await Promise.all(
      Array.from(
        { length: options.shares },
        (_, s) => upload(server.origin, content, s, bytes).catch(count),
      ),
    );
    const uploadSeconds = (performance.now() - t0) / 1000;
    const rssAfterUpload = await server.peakRss();
    const t1 = performance.now();
    const same = await Promise.all(
      shares.map((share, s) =>
        share === null
          ? false
          : download(server.origin, content, s, share, bytes).catch((e) => count(e) ?? false)
      ),
    );
    const downloadSeconds = (performance.now() - t1) / 1000;
    return {
      shares: options.shares,
      bytesEach: bytes,
      uploadRate: options.shares * bytes / uploadSeconds,
      downloadRate: options.shares * bytes / downloadSeconds,
      errors,
      identical: same.filter(Boolean).length,
      rssStart,
      rssAfterUpload,
      rssPeak: await server.peakRss(),
    };
  } finally {
    await server.dispose();
  }
}
