/**
 * Looks for secrets (keys, passwords, plaintext samples) in everything the server received and in
 * everything it stored, byte for byte.
 * @module
 */

/** Something that must never reach the server: a string (UTF-8) or raw bytes. */
export type Secret = string | Uint8Array;

const enc = new TextEncoder();

function bytesOf(s: Secret): Uint8Array {
  return typeof s === "string" ? enc.encode(s) : s;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return false;
  let i = haystack.indexOf(needle[0]);
  while (i !== -1 && i + needle.length <= haystack.length) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return true;
    i = haystack.indexOf(needle[0], i + 1);
  }
  return false;
}

/**
 * Names every place (label) where one of the secrets occurs.
 * @example
 * ```ts
 * findSecrets([["request 1 url", enc.encode(url)]], ["key"]); // []
 * ```
 */
export function findSecrets(places: [string, Uint8Array][], secrets: Secret[]): string[] {
  const found: string[] = [];
  for (const [label, bytes] of places) {
    secrets.forEach((s, n) => {
      if (contains(bytes, bytesOf(s))) found.push(`secret #${n} in ${label}`);
    });
  }
  return found;
}

/** Flattens any KV value into byte blobs: raw Uint8Arrays as they are, the rest as JSON text. */
function blobsOf(value: unknown, out: Uint8Array[]): void {
  if (value instanceof Uint8Array) {
    out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) blobsOf(v, out);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) blobsOf(v, out);
  } else {
    out.push(enc.encode(String(value)));
  }
}

/**
 * Every key and value in a KV store as labelled byte blobs.
 * @example
 * ```ts
 * const places = await kvPlaces(kv);
 * ```
 */
export async function kvPlaces(kv: Deno.Kv): Promise<[string, Uint8Array][]> {
  const places: [string, Uint8Array][] = [];
  for await (const entry of kv.list({ prefix: [] })) {
    const label = `kv ${JSON.stringify(entry.key, (_k, v) => typeof v === "bigint" ? `${v}n` : v)}`;
    const blobs: Uint8Array[] = [];
    blobsOf(entry.key, blobs);
    blobsOf(entry.value, blobs);
    for (const b of blobs) places.push([label, b]);
  }
  return places;
}

/** The parts of a recorded request the checks read (see tests/helpers/server.ts). */
export interface RecordedLike {
  method: string;
  url: string;
  headers: unknown;
  body: Uint8Array | null;
}

/**
 * Every recorded request's URL, headers and body as labelled byte blobs.
 * @example
 * ```ts
 * const places = requestPlaces(server.requests);
 * ```
 */
export function requestPlaces(requests: RecordedLike[]): [string, Uint8Array][] {
  return requests.flatMap((r, i) => {
    const label = `request ${i} (${r.method} ${new URL(r.url).pathname})`;
    const headers = r.headers instanceof Headers ? [...r.headers] : r.headers;
    const places: [string, Uint8Array][] = [
      [`${label} url`, enc.encode(r.url)],
      [`${label} headers`, enc.encode(JSON.stringify(headers))],
    ];
    if (r.body) places.push([`${label} body`, r.body]);
    return places;
  });
}
