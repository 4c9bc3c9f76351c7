/**
 * Generates the format test vectors in tests/vectors/ deterministically. Secrets, salts and ids
 * come from SHA-256 of fixed labels, and the content-key salt is injected through the encryptor's
 * internal seam (createEncryptStream), never through the public API.
 *
 * Run: `deno run -A scripts/make_vectors.ts` (rewrites tests/vectors/*.json, the link-parsing
 * cases in links.json among them).
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

/** One link-parsing case of tests/vectors/links.json (docs/FORMAT.md §2). */
export interface LinkVector {
  /** What the case exercises. */
  description: string;
  /** The text given to the parser. */
  link: string;
  /** The secret it carries (b64url), or null when the link is refused. */
  secret: string | null;
  /** The §2 error code, or null when the link parses. */
  error: string | null;
}

/** Text that follows a link in prose, markdown or an address bar: each is dropped by a parser. */
const TAILS = [".", ",", ")", ").", "]", ">", "'", '"', ";", ":", "!", "?", "%20", " and", "#x"];
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Builds the link-parsing cases: one valid link, the same link with each trailing text a reader
 * ignores and wrapped in `<…>`, and the malformed variants with the code each gets; the same text on every run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildLinkVectors, linkVectorsText } from "./make_vectors.ts";
 * const cases = await buildLinkVectors();
 * const committed = new URL("../tests/vectors/links.json", import.meta.url);
 * assert.equal(linkVectorsText(cases), await Deno.readTextFile(committed));
 * ```
 */
export async function buildLinkVectors(): Promise<LinkVector[]> {
  const secret = await labelled("links", "secret", 32);
  const key = toBase64url(secret);
  const id = toBase64url(await labelled("links", "id", 16));
  const link = formatLink(ORIGIN, id, secret);
  const base = `${ORIGIN}/s/${id}`;
  const ok = (description: string, text: string): LinkVector => ({
    description,
    link: text,
    secret: key,
    error: null,
  });
  const bad = (description: string, text: string, error: string): LinkVector => ({
    description,
    link: text,
    secret: null,
    error,
  });
  // The same 32 bytes with the ignored low bits of the last character set: not canonical.
  const loose = key.slice(0, 42) + B64URL[B64URL.indexOf(key[42]) + 1];
  return [
    ok("the link as written", link),
    ok("whitespace around the link", `  ${link}\n`),
    ok("wrapped in '<' and '>'", `<${link}>`),
    ok("wrapped in '<' and '>', then '.'", ` <${link}>.`),
    ...TAILS.map((tail) => ok(`followed by ${JSON.stringify(tail)}`, link + tail)),
    bad("no '#'", base, "missing_key"),
    bad("nothing after '#'", `${base}#`, "missing_key"),
    bad("a key cut to 42 characters", `${base}#${key.slice(0, 42)}`, "bad_key_length"),
    bad("a key cut to 42 characters, then '.'", `${base}#${key.slice(0, 42)}.`, "bad_key_chars"),
    bad("a 44th key character", `${link}A`, "bad_key_length"),
    bad("a 44th key character '-'", `${link}-`, "bad_key_length"),
    bad("'+' (base64, not base64url) in the key", `${base}#${key.slice(0, 42)}+`, "bad_key_chars"),
    bad("padding '=' in the key", `${base}#${key.slice(0, 42)}=`, "bad_key_chars"),
    bad(
      "a space inside the key",
      `${base}#${key.slice(0, 21)} ${key.slice(22)}`,
      "bad_key_chars",
    ),
    bad("'%20' inside the key", `${base}#${key.slice(0, 21)}%20${key.slice(21)}`, "bad_key_chars"),
    bad("a non-canonical last character", `${base}#${loose}`, "bad_key_chars"),
    bad("a 21-character id", `${ORIGIN}/s/${id.slice(1)}#${key}`, "bad_id"),
    bad("a query", `${base}?x=1#${key}`, "bad_link"),
    bad("a delete path", `${ORIGIN}/d/${id}#${key}`, "bad_link"),
    bad("a path below the id", `${base}/x#${key}`, "bad_link"),
    bad("not http(s)", `ftp://hushlink.example/s/${id}#${key}`, "bad_link"),
    bad("no origin", `${id}#${key}`, "bad_link"),
  ];
}

/**
 * The link cases as their file's text: pretty JSON with a final newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildLinkVectors, linkVectorsText } from "./make_vectors.ts";
 * const text = linkVectorsText(await buildLinkVectors());
 * assert(text.endsWith("]\n") && JSON.parse(text).length > 20);
 * ```
 */
export function linkVectorsText(cases: LinkVector[]): string {
  return JSON.stringify(cases, null, 2) + "\n";
}

if (import.meta.main) {
  const dir = new URL("../tests/vectors/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  for (const vector of await buildVectors()) {
    await Deno.writeTextFile(new URL(`${vector.name}.json`, dir), vectorFileText(vector));
    console.log(`tests/vectors/${vector.name}.json`);
  }
  await Deno.writeTextFile(new URL("links.json", dir), linkVectorsText(await buildLinkVectors()));
  console.log("tests/vectors/links.json");
}
