import assert from "node:assert/strict";
import { isPastedText, PASTE_NAME, PASTE_TYPE } from "../../lib/pasted_text.ts";
import { readInput } from "../../lib/share_io/input.ts";

Deno.test("pasted text - only the first entry, named and typed as the upload form stores text, is typed text", () => {
  const paste = { name: PASTE_NAME, type: PASTE_TYPE };
  assert.equal(isPastedText(paste, 0), true);
  assert.equal(isPastedText(paste, 1), false, "typed text is stored first");
  // A chosen file carries the browser's type, without a charset.
  assert.equal(isPastedText({ name: "paste.txt", type: "text/plain" }, 0), false);
  assert.equal(isPastedText({ name: "notes.txt", type: PASTE_TYPE }, 0), false);
});

Deno.test("pasted text - the share script stores standard input alone as the upload form stores typed text", async () => {
  const stdin = new Blob(["hello\n"]).stream();
  const { manifest, bodies } = await readInput({ files: [], readAhead: 1024, stdin });
  for await (const body of bodies) await body.cancel();
  assert.equal(manifest.kind, "text");
  assert.deepEqual(manifest.files, [{ name: PASTE_NAME, type: PASTE_TYPE, size: 6 }]);
});
