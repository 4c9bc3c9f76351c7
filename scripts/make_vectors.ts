/**
 * Generates the format test vectors in tests/vectors/ deterministically. Secrets, salts and ids
 * come from SHA-256 of fixed labels, and the content-key salt is injected through the encryptor's
 * internal seam (createEncryptStream), never through the public API.
 *
 * Run: `deno run -A scripts/make_vectors.ts` (rewrites tests/vectors/*.json).
 *
 * @module
 */

import { gzipSync } from "fflate";
import { concatBytes, toBase64url } from "../lib/crypto/bytes.ts";
import { contentKeyBytes, deriveKeys, type PasswordParams } from "../lib/crypto/keys.ts";
import { formatLink } from "../lib/crypto/link.ts";
import type { FileEntry, Manifest } from "../lib/crypto/manifest.ts";
import { pack } from "../lib/crypto/pack.ts";
import { RECORD_SIZE } from "../lib/crypto/constants.ts";
import { createEncryptStream } from "../lib/crypto/stream_encrypt.ts";

/** One test vector as stored in tests/vectors/<name>.json (see docs/FORMAT.md §7). */
export interface Vector {
  /** File name without `.json`. */
  name: string;
  /** What the vector exercises. */
  description: string;
  /** A view link carrying the secret. */
  link: string;
  /** The 32-byte secret (b64url). */
  secret: string;
  /** The password, or null. */
  password: string | null;
  /** Public PBKDF2 parameters (b64url salt), or null. */
  kdf: { salt: string; iterations: number } | null;
  /** Input key material (b64url). */
  ikm: string;
  /** Read token (b64url). */
  readToken: string;
  /** SHA-256 of the read token (b64url). */
  readTokenHash: string;
  /** The header's content-key salt (b64url). */
  contentSalt: string;
  /** The raw AES-256-GCM content key (b64url). */
  contentKey: string;
  /** The whole plaintext (b64url). */
  plaintext: string;
  /** The manifest, or null for a raw stream. */
  manifest: Manifest | null;
  /** Each file's stored bytes (b64url). */
  files: { name: string; stored: string }[];
  /** The whole ciphertext stream (b64url). */
  ciphertext: string;
}

interface Spec {
  name: string;
  description: string;
  password?: string;
  /** Files with their stored bytes; absent for a raw stream. */
  files?: { entry: FileEntry; stored: Uint8Array }[];
  kind?: Manifest["kind"];
  /** Raw plaintext of a stream without a package. */
  raw?: Uint8Array;
}

const ORIGIN = "https://hushlink.example";
const CREATED = "2026-11-22T10:00:00.000Z";
const encoder = new TextEncoder();

async function labelled(name: string, label: string, length: number): Promise<Uint8Array> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    encoder.encode(`hushlink vector ${name} ${label}`),
  );
  return new Uint8Array(digest).slice(0, length);
}

/** Deterministic filler: byte i of file `seed` is a simple function of both. */
function filler(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return concatBytes(parts);
}

function once(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

function specs(): Spec[] {
  const text = encoder.encode("Hello, hushlink! 👋\nThis is a short text share.\n");
  const conversation = encoder.encode(
    '{"role":"user","content":"Hi"}\n{"role":"assistant","content":"Hello! How can I help?"}\n',
  );
  const gz = gzipSync(conversation, { mtime: 0, level: 9 });
  const textEntry = (size: number | null): FileEntry => ({
    name: "paste.txt",
    type: "text/plain; charset=utf-8",
    size,
  });
  return [
    {
      name: "empty",
      description: "The empty stream: header and one empty final record.",
      raw: new Uint8Array(0),
    },
    {
      name: "text",
      description: "A short text share (kind text), padded to its Padmé length.",
      kind: "text",
      files: [{ entry: textEntry(text.length), stored: text }],
    },
    {
      name: "multi-record",
      description: "One file spanning three records (two full, one partial).",
      kind: "files",
      files: [{
        entry: { name: "data.bin", type: "application/octet-stream", size: 2 * RECORD_SIZE + 100 },
        stored: filler(2 * RECORD_SIZE + 100, 1),
      }],
    },
    {
      name: "multi-file",
      description: "Three files: Unicode names, a gzip-encoded conversation, a zero-length file.",
      kind: "files",
      files: [
        {
          entry: { name: "Résumé – 日本語.md", type: "text/markdown", size: 300 },
          stored: filler(300, 2),
        },
        {
          entry: {
            name: "chat 💬.jsonl",
            type: "application/jsonl",
            size: gz.length,
            encoding: "gzip",
            decodedSize: conversation.length,
          },
          stored: gz,
        },
        { entry: { name: "empty.txt", type: "text/plain", size: 0 }, stored: new Uint8Array(0) },
      ],
    },
    {
      name: "padded",
      description: "A 17,000-byte file: the package is padded from 17,127 to 17,408 bytes.",
      kind: "files",
      files: [{
        entry: { name: "photo.jpg", type: "image/jpeg", size: 17_000 },
        stored: filler(17_000, 3),
      }],
    },
    {
      name: "pipe",
      description: "A last file of unknown size (size null): no padding.",
      kind: "text",
      files: [{ entry: textEntry(null), stored: filler(1000, 4) }],
    },
    {
      name: "password",
      description: "A text share with a password (NFC-normalised before PBKDF2).",
      password: "correct horse battery staple 🐴 café",
      kind: "text",
      files: [{ entry: textEntry(text.length), stored: text }],
    },
  ];
}

async function buildVector(spec: Spec): Promise<Vector> {
  const secret = await labelled(spec.name, "secret", 32);
  const contentSalt = await labelled(spec.name, "content salt", 16);
  const id = toBase64url(await labelled(spec.name, "id", 16));
  let password: { password: string; params: PasswordParams } | undefined;
  if (spec.password !== undefined) {
    const params = { salt: await labelled(spec.name, "pbkdf2 salt", 16), iterations: 600_000 };
    password = { password: spec.password, params };
  }
  const keys = await deriveKeys(secret, password);
  const manifest: Manifest | null = spec.files === undefined ? null : {
    v: 1,
    kind: spec.kind!,
    created: CREATED,
    files: spec.files.map((f) => f.entry),
  };
  const plaintext = manifest === null
    ? spec.raw!
    : await readAll(pack(manifest, spec.files!.map((f) => once(f.stored))));
  const ciphertext = await readAll(
    once(plaintext).pipeThrough(createEncryptStream(keys, { salt: contentSalt })),
  );
  return {
    name: spec.name,
    description: spec.description,
    link: formatLink(ORIGIN, id, secret),
    secret: toBase64url(secret),
    password: spec.password ?? null,
    kdf: password === undefined
      ? null
      : { salt: toBase64url(password.params.salt), iterations: password.params.iterations },
    ikm: toBase64url(keys.ikm),
    readToken: toBase64url(keys.readToken),
    readTokenHash: toBase64url(keys.readTokenHash),
    contentSalt: toBase64url(contentSalt),
    contentKey: toBase64url(await contentKeyBytes(keys.ikm, contentSalt)),
    plaintext: toBase64url(plaintext),
    manifest,
    files: (spec.files ?? []).map((f) => ({ name: f.entry.name, stored: toBase64url(f.stored) })),
    ciphertext: toBase64url(ciphertext),
  };
}

/**
 * Builds every vector; the same bytes on every run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildVectors, vectorFileText } from "./make_vectors.ts";
 * const vectors = await buildVectors();
 * const [first] = vectors; // the same bytes as the committed tests/vectors/
 * const committed = new URL(`../tests/vectors/${first.name}.json`, import.meta.url);
 * assert.equal(vectorFileText(first), await Deno.readTextFile(committed));
 * ```
 */
export async function buildVectors(): Promise<Vector[]> {
  const out: Vector[] = [];
  for (const spec of specs()) out.push(await buildVector(spec));
  return out;
}

/**
 * A vector as its file's text: pretty JSON with a final newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildVectors, vectorFileText } from "./make_vectors.ts";
 * const [vector] = await buildVectors(); // then: await Deno.writeTextFile("v.json", vectorFileText(vector))
 * const text = vectorFileText(vector);
 * assert(text.endsWith("}\n") && JSON.parse(text).name === vector.name);
 * ```
 */
export function vectorFileText(vector: Vector): string {
  return JSON.stringify(vector, null, 2) + "\n";
}

if (import.meta.main) {
  const dir = new URL("../tests/vectors/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  for (const vector of await buildVectors()) {
    await Deno.writeTextFile(new URL(`${vector.name}.json`, dir), vectorFileText(vector));
    console.log(`tests/vectors/${vector.name}.json`);
  }
}
