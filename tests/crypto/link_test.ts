import assert from "node:assert/strict";
import type { LinkVector } from "../../scripts/make_vectors.ts";
import {
  formatLink,
  generateSecret,
  LinkError,
  parseLink,
  toBase64url,
} from "../../lib/crypto/mod.ts";

const ID = "AbCdEfGhIjKlMnOpQrStUv";
const SECRET = new Uint8Array(32).map((_, i) => i * 7);

function code(link: string): string {
  try {
    parseLink(link);
  } catch (e) {
    assert.ok(e instanceof LinkError, String(e));
    return e.code;
  }
  return "ok";
}

Deno.test("link - format and parse round trip, trailing slash on the origin dropped", () => {
  const link = formatLink("https://h.example:8443/", ID, SECRET);
  assert.equal(link, `https://h.example:8443/s/${ID}#${toBase64url(SECRET)}`);
  const parsed = parseLink(link);
  assert.deepEqual(parsed, { origin: "https://h.example:8443", id: ID, secret: SECRET });
  assert.equal(toBase64url(SECRET).length, 43);
});

Deno.test("link - generateSecret gives 32 fresh random bytes", () => {
  const a = generateSecret();
  assert.equal(a.length, 32);
  assert.notDeepEqual(a, generateSecret());
});

Deno.test("link - every malformed link is rejected with its code", () => {
  const key = toBase64url(SECRET);
  assert.equal(code(`http://localhost:8000/s/${ID}#${key}`), "ok");
  assert.equal(code(`  http://localhost:8000/s/${ID}#${key}\n`), "ok");
  assert.equal(code(`https://h.example/s/${ID}`), "missing_key");
  assert.equal(code(`https://h.example/s/${ID}#`), "missing_key");
  assert.equal(code(`https://h.example/s/${ID}#${key.slice(1)}`), "bad_key_length");
  assert.equal(code(`https://h.example/s/${ID}#${key}A`), "bad_key_length");
  assert.equal(code(`https://h.example/s/${ID}#${key}.`), "ok");
  assert.equal(code(`<https://h.example/s/${ID}#${key}>`), "ok");
  assert.equal(code(`<<https://h.example/s/${ID}#${key}>`), "bad_link"); // one "<" only
  assert.equal(code(`https://h.example/s/${ID}#${key.slice(0, 42)}+`), "bad_key_chars");
  assert.equal(code(`https://h.example/s/${ID}#${key.slice(0, 42)}=`), "bad_key_chars");
  assert.equal(
    code(`https://h.example/s/${ID}#${key.slice(0, 21)} ${key.slice(22)}`),
    "bad_key_chars",
  );
  // Same bytes, non-zero ignored trailing bits: a second spelling of one key is refused.
  const last = key.at(-1)!;
  const alt = String.fromCharCode(last.charCodeAt(0) + 1);
  assert.equal(code(`https://h.example/s/${ID}#${key.slice(0, 42)}${alt}`), "bad_key_chars");
  assert.equal(code(`https://h.example/s/short#${key}`), "bad_id");
  assert.equal(code(`https://h.example/s/${ID}x#${key}`), "bad_id");
  assert.equal(code(`${ID}#${key}`), "bad_link");
  assert.equal(code(`https://h.example/d/${ID}#${key}`), "bad_link");
  assert.equal(code(`https://h.example/s/${ID}/extra#${key}`), "bad_link");
  assert.equal(code(`https://h.example/s/${ID}?x=1#${key}`), "bad_link");
  assert.equal(code(`ftp://h.example/s/${ID}#${key}`), "bad_link");
  assert.equal(code(""), "bad_link");
});

Deno.test("link - every case of tests/vectors/links.json gives its secret or its code", async () => {
  const cases: LinkVector[] = JSON.parse(
    await Deno.readTextFile(new URL("../vectors/links.json", import.meta.url)),
  );
  assert.ok(
    cases.filter((c) => c.error === null).length >= 15,
    "the trailing-text cases are there",
  );
  for (const c of cases) {
    if (c.error === null) {
      assert.equal(toBase64url(parseLink(c.link).secret), c.secret, c.description);
    } else assert.equal(code(c.link), c.error, c.description);
  }
});

Deno.test("link - text after the key is dropped only when it cannot be part of a key", () => {
  const key = toBase64url(SECRET);
  const link = `https://h.example/s/${ID}#${key}`;
  for (
    const tail of [".", ",", ")", "]", ">", "'", '"', ";", ":", "!", "?", "%20", "#", "\t x", "…"]
  ) {
    assert.deepEqual(parseLink(link + tail), parseLink(link), JSON.stringify(tail));
  }
  for (const tail of ["A", "z", "0", "-", "_"]) {
    assert.equal(code(link + tail), "bad_key_length", tail);
  }
  // Shorter than a key, or a wrong character among the 43: still errors, whatever follows.
  assert.equal(code(`https://h.example/s/${ID}#${key.slice(0, 40)}).`), "bad_key_length");
  assert.equal(
    code(`https://h.example/s/${ID}#${key.slice(0, 30)}.${key.slice(31)}.`),
    "bad_key_chars",
  );
});

Deno.test("link - formatLink refuses a bad id or a secret that is not 32 bytes", () => {
  assert.throws(() => formatLink("https://h.example", "nope", SECRET), LinkError);
  assert.throws(() => formatLink("https://h.example", ID, new Uint8Array(31)), LinkError);
});
