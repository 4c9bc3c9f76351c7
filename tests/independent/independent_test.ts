import assert from "node:assert/strict";
import {
  decryptStream,
  deriveKeys,
  fromBase64url,
  HushlinkError,
  parseLink,
  RECORD_SIZE,
  toBase64url,
} from "../../lib/crypto/mod.ts";
import type { LinkVector, Vector } from "../../scripts/make_vectors.ts";

const DECODER = new URL("./decode.mjs", import.meta.url).pathname;
const VECTORS = new URL("../vectors/", import.meta.url);
const FULL = RECORD_SIZE + 16;

const nodeMissing = await new Deno.Command("node", {
  args: ["--version"],
  stdout: "null",
  stderr: "null",
})
  .output().then(() => false, () => true);
if (nodeMissing) console.warn("independent decoder tests SKIPPED: no `node` on PATH");

interface NodeResult {
  links?: { secret?: string; error?: string }[];
  ok: boolean;
  error?: string;
  readToken?: string;
  readTokenHash?: string;
  contentKey?: string;
  plaintext?: string;
  manifest?: unknown;
  files?: { name: string; stored: string }[];
}

async function nodeDecode(input: Record<string, unknown>): Promise<NodeResult> {
  const child = new Deno.Command("node", {
    args: [DECODER],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  })
    .spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(input)));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

async function vectors(): Promise<Vector[]> {
  const out: Vector[] = [];
  for await (const entry of Deno.readDir(VECTORS)) {
    // links.json holds link-parsing cases, not a share.
    if (entry.name.endsWith(".json") && entry.name !== "links.json") {
      out.push(JSON.parse(await Deno.readTextFile(new URL(entry.name, VECTORS))));
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The error code lib/crypto gives for a ciphertext, or "ok". */
async function libCode(
  v: Vector,
  ciphertext: Uint8Array,
  password: string | null,
): Promise<string> {
  const params = v.kdf && { salt: fromBase64url(v.kdf.salt), iterations: v.kdf.iterations };
  const keys = await deriveKeys(
    parseLink(v.link).secret,
    password === null || params === null ? undefined : { password, params },
  );
  try {
    await new Response(new Blob([ciphertext.slice()]).stream().pipeThrough(decryptStream(keys)))
      .arrayBuffer();
    return "ok";
  } catch (e) {
    assert.ok(e instanceof HushlinkError, String(e));
    return e.code;
  }
}

Deno.test({
  name: "independent - the Node decoder reproduces every vector from FORMAT.md alone",
  ignore: nodeMissing,
  async fn() {
    const all = await vectors();
    assert.ok(all.length >= 7);
    for (const v of all) {
      const got = await nodeDecode({
        link: v.link,
        password: v.password,
        ciphertext: v.ciphertext,
        package: v.manifest !== null,
      });
      assert.equal(got.ok, true, `${v.name}: ${got.error}`);
      assert.equal(got.readToken, v.readToken, v.name);
      assert.equal(got.readTokenHash, v.readTokenHash, v.name);
      assert.equal(got.contentKey, v.contentKey, v.name);
      assert.equal(got.plaintext, v.plaintext, v.name);
      assert.deepEqual(got.manifest, v.manifest, v.name);
      assert.deepEqual(got.files, v.files, v.name);
    }
  },
});

Deno.test({
  name: "independent - the Node decoder and lib/crypto agree on every broken stream",
  ignore: nodeMissing,
  async fn() {
    const all = await vectors();
    const multi = all.find((v) => v.name === "multi-record")!;
    const pw = all.find((v) => v.name === "password")!;
    const ct = fromBase64url(multi.ciphertext);
    const flip = (at: number) => {
      const c = ct.slice();
      c[at] ^= 0x10;
      return c;
    };
    const cases: [string, Vector, Uint8Array, string | null, string][] = [
      ["record 0 bit", multi, flip(30), null, "wrong_key"],
      ["record 1 bit", multi, flip(24 + FULL + 9), null, "tampered"],
      ["last tag bit", multi, flip(ct.length - 1), null, "tampered"],
      ["header bit", multi, flip(4), null, "unsupported_format"],
      ["cut at boundary", multi, ct.subarray(0, 24 + 2 * FULL), null, "truncated"],
      ["cut in header", multi, ct.subarray(0, 10), null, "truncated"],
      ["extra byte", multi, new Uint8Array([...ct, 0]), null, "tampered"],
      [
        "swapped records",
        multi,
        new Uint8Array([
          ...ct.subarray(0, 24),
          ...ct.subarray(24 + FULL, 24 + 2 * FULL),
          ...ct.subarray(24, 24 + FULL),
          ...ct.subarray(24 + 2 * FULL),
        ]),
        null,
        "wrong_key",
      ],
      ["wrong password", pw, fromBase64url(pw.ciphertext), "Correct horse", "wrong_key"],
    ];
    for (const [label, v, ciphertext, password, expected] of cases) {
      const got = await nodeDecode({
        link: v.link,
        password: password ?? v.password,
        ciphertext: toBase64url(ciphertext),
      });
      assert.equal(got.error, expected, `node: ${label}`);
      assert.equal(await libCode(v, ciphertext, password ?? v.password), expected, `lib: ${label}`);
    }
  },
});

Deno.test({
  name: "independent - the Node decoder parses every case of links.json as FORMAT.md §2 says",
  ignore: nodeMissing,
  async fn() {
    const cases: LinkVector[] = JSON.parse(await Deno.readTextFile(new URL("links.json", VECTORS)));
    const got = await nodeDecode({ links: cases.map((c) => c.link) });
    assert.deepEqual(
      got.links,
      cases.map((c) => c.error === null ? { secret: c.secret } : { error: c.error }),
    );
  },
});
