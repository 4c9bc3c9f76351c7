// A second, minimal hushlink v1 decoder, written from docs/FORMAT.md alone for Node.js with
// node:crypto (OpenSSL). It shares no code with lib/crypto; the tests run it over every vector.
//
// Input (stdin, JSON): { "link": "<view link>", "password": string | null,
//                        "ciphertext": "<b64url>" }, or { "links": ["<view link>", ...] } to parse
//                        links only
// Output (stdout, JSON): { "ok": true, "readToken", "readTokenHash", "contentKey", "plaintext",
//                          "manifest", "files": [{ "name", "stored" }] }
//                     or { "ok": false, "error": "<code>" }
//                     or, for links only, { "ok": true, "links": [{ "secret" } or { "error" }] }
import { createDecipheriv, createHash, hkdfSync, pbkdf2Sync } from "node:crypto";

const RECORD = 65536;
const TAG = 16;
const FULL = RECORD + TAG;

class Fail extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

const b64 = (bytes) => Buffer.from(bytes).toString("base64url");

// §2: whitespace around the link and one "<" before it are dropped; the secret is the first 43
// characters after the first "#", base64url, canonical; text after them is ignored unless it
// starts with a base64url character (then the key is too long).
const B64URL_CHAR = /^[A-Za-z0-9_-]$/;
function secretFromLink(link) {
  const text = link.trim().replace(/^</, "");
  const hash = text.indexOf("#");
  const fragment = hash < 0 ? "" : text.slice(hash + 1);
  const before = hash < 0 ? text : text.slice(0, hash);
  let url;
  try {
    url = new URL(before);
  } catch {
    throw new Fail("bad_link");
  }
  if (!["http:", "https:"].includes(url.protocol) || before.includes("?")) {
    throw new Fail("bad_link");
  }
  const m = /^\/s\/([^/]*)$/.exec(url.pathname);
  if (!m) throw new Fail("bad_link");
  if (!/^[A-Za-z0-9_-]{22}$/.test(m[1])) throw new Fail("bad_id");
  if (fragment === "") throw new Fail("missing_key");
  const key = fragment.slice(0, 43);
  if (key.length !== 43) throw new Fail("bad_key_length");
  if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Fail("bad_key_chars");
  if (B64URL_CHAR.test(fragment.charAt(43))) throw new Fail("bad_key_length");
  const secret = Buffer.from(key, "base64url");
  if (secret.toString("base64url") !== key) throw new Fail("bad_key_chars");
  return secret;
}

// §4.1
function parseHeader(ct) {
  if (ct.length < 8) throw new Fail("truncated");
  if (!ct.subarray(0, 4).equals(Buffer.from("hlnk"))) throw new Fail("unsupported_format");
  if (ct[4] !== 1 || ct[5] !== 16 || (ct[6] & 0xfe) !== 0 || ct[7] !== 0) {
    throw new Fail("unsupported_format");
  }
  const hasPassword = ct[6] === 1;
  const size = hasPassword ? 44 : 24;
  if (ct.length < size) throw new Fail("truncated");
  const header = ct.subarray(0, size);
  const kdf = hasPassword
    ? { iterations: header.readUInt32BE(24), salt: header.subarray(28, 44) }
    : null;
  if (kdf && (kdf.iterations < 600000 || kdf.iterations > 10000000)) {
    throw new Fail("unsupported_format");
  }
  return { header, salt: header.subarray(8, 24), kdf };
}

// §3
function keys(secret, password, kdf) {
  if ((password === null) !== (kdf === null)) throw new Fail("wrong_key");
  let ikm = secret;
  if (kdf) {
    const p = pbkdf2Sync(
      Buffer.from(password.normalize("NFC"), "utf8"),
      kdf.salt,
      kdf.iterations,
      32,
      "sha256",
    );
    ikm = Buffer.concat([secret, p]);
  }
  const hkdf = (salt, info) =>
    Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from(info, "ascii"), 32));
  const readToken = hkdf(Buffer.alloc(0), "hushlink v1 read-token");
  return { ikm, readToken, hkdf };
}

// §4.2
function nonce(i, last) {
  const n = Buffer.alloc(12);
  n.writeUIntBE(i, 5, 6); // the 11-byte counter; indexes here fit in its low 6 bytes
  n[11] = last ? 1 : 0;
  return n;
}

function open(key, header, record, i, last) {
  try {
    const d = createDecipheriv("aes-256-gcm", key, nonce(i, last));
    d.setAAD(header);
    d.setAuthTag(record.subarray(record.length - TAG));
    return Buffer.concat([d.update(record.subarray(0, record.length - TAG)), d.final()]);
  } catch {
    return null;
  }
}

// §4.3, on a complete ciphertext
function decrypt(key, header, body) {
  const n = Math.max(1, Math.ceil(body.length / FULL));
  const out = [];
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const record = body.subarray(i * FULL, Math.min(body.length, (i + 1) * FULL));
    if (last && record.length < (i === 0 ? TAG : TAG + 1)) throw new Fail("truncated");
    const plain = open(key, header, record, i, last);
    if (plain) {
      out.push(plain);
      continue;
    }
    if (open(key, header, record, i, !last)) throw new Fail(last ? "truncated" : "tampered");
    throw new Fail(i === 0 ? "wrong_key" : "tampered");
  }
  return Buffer.concat(out);
}

// §5
function unpackage(plain) {
  if (plain.length < 4) throw new Fail("unsupported_format");
  const m = plain.readUInt32BE(0);
  if (m > 1048576 || 4 + m > plain.length) throw new Fail("unsupported_format");
  const manifest = JSON.parse(plain.subarray(4, 4 + m).toString("utf8"));
  if (manifest.v !== 1 || !Array.isArray(manifest.files)) throw new Fail("unsupported_format");
  let at = 4 + m;
  const files = manifest.files.map((f) => {
    const end = f.size === null ? plain.length : at + f.size;
    if (end > plain.length) throw new Fail("unsupported_format");
    const stored = plain.subarray(at, end);
    at = end;
    return { name: f.name, stored: b64(stored) };
  });
  return { manifest, files };
}

// Links only: { "links": [...] } → { "links": [{ "secret" } or { "error" }] }.
function parseLinks(links) {
  return links.map((link) => {
    try {
      return { secret: b64(secretFromLink(link)) };
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      return { error: e.code };
    }
  });
}

function run(input) {
  if (input.links) return { ok: true, links: parseLinks(input.links) };
  const secret = secretFromLink(input.link);
  const ct = Buffer.from(input.ciphertext, "base64url");
  const { header, salt, kdf } = parseHeader(ct);
  const k = keys(secret, input.password ?? null, kdf);
  const contentKey = k.hkdf(salt, "hushlink v1 content-key");
  const plain = decrypt(contentKey, header, ct.subarray(header.length));
  const result = {
    ok: true,
    readToken: b64(k.readToken),
    readTokenHash: b64(createHash("sha256").update(k.readToken).digest()),
    contentKey: b64(contentKey),
    plaintext: b64(plain),
    manifest: null,
    files: [],
  };
  if (input.package) Object.assign(result, unpackage(plain));
  return result;
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
let output;
try {
  output = run(JSON.parse(Buffer.concat(chunks).toString("utf8")));
} catch (e) {
  if (!(e instanceof Fail)) throw e;
  output = { ok: false, error: e.code };
}
process.stdout.write(JSON.stringify(output) + "\n");
