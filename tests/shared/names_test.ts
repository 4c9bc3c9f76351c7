import assert from "node:assert/strict";
import { safeName, safeNames, shownName } from "../../lib/names.ts";

/** Every bidi control, the Arabic letter mark, zero-width characters and line separators. */
const TRICKS = [
  ..."\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C",
  ..."\u200B\u200C\u200D\uFEFF\u2028\u2029\u0000\u0007\u001B\u007F\u0085\n\r\t",
];

Deno.test("names - every bidi, invisible and control character shows as U+FFFD", () => {
  for (const c of TRICKS) {
    const code = c.codePointAt(0)!.toString(16);
    assert.equal(shownName(`a${c}b`), "a\uFFFDb", `U+${code}`);
    assert.equal(safeName(`a${c}b.txt`, "f"), "ab.txt", `U+${code}`);
  }
  assert.equal(shownName("invoice\u202Efdp.exe"), "invoice\uFFFDfdp.exe");
  assert.equal(shownName("naïve café 日本.txt"), "naïve café 日本.txt");
});

Deno.test("names - a saved name cannot escape the directory, hide itself or lose its file", () => {
  assert.equal(safeName("../../etc/passwd", "f"), "passwd");
  assert.equal(safeName("/abs/path.txt", "f"), "path.txt");
  assert.equal(safeName("C:\\win\\x.txt", "f"), "x.txt");
  assert.equal(safeName("..", "f"), "f");
  assert.equal(safeName("a/..", "f"), "f");
  assert.equal(safeName("", "f"), "f");
  assert.equal(safeName(".bashrc", "f"), "bashrc");
  assert.equal(safeName("...env", "f"), "env");
  assert.equal(safeName("invoice\uFFFDfdp.exe", "f"), "invoicefdp.exe");
  assert.equal(safeName('a<b>:"c|?*', "f"), "a_b___c___");
  assert.deepEqual(safeNames(["a.txt", "x/a.txt", "A.TXT", "../", "b", "a (2).txt"]), [
    "a.txt",
    "a (2).txt",
    "A (3).TXT",
    "file-4",
    "b",
    "a (2) (2).txt",
  ]);
});

Deno.test("names - 30,000 files of one name all keep a distinct name", () => {
  const names = safeNames(Array.from({ length: 30_000 }, () => "same.txt"));
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, 30_000);
  assert.equal(names[0], "same.txt");
  assert.equal(names[29_999], "same (30000).txt");
});
