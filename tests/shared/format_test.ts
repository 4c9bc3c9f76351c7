import assert from "node:assert/strict";
import { contentProgress, durationInWords, formatBytes, formatDuration } from "../../lib/format.ts";
import { contentSize, type Manifest, packedSize } from "../../lib/crypto/mod.ts";

Deno.test("format - bytes read the same in binary units everywhere", () => {
  const cases: [number, string][] = [
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [31 * 1024 * 1024 + 400_000, "31.4 MiB"],
    [200 * 1024 * 1024, "200 MiB"],
    [1024 ** 3, "1 GiB"],
    [99.96 * 1024, "100 KiB"],
  ];
  for (const [n, shown] of cases) assert.equal(formatBytes(n), shown, String(n));
});

Deno.test("format - progress reads in the files' sizes, never the ciphertext's", () => {
  const manifest: Manifest = {
    v: 1,
    kind: "files",
    created: "2026-11-22T10:00:00.000Z",
    files: [{ name: "big.iso", type: "application/octet-stream", size: 200 * 1024 * 1024 }],
  };
  const size = contentSize(manifest);
  const total = packedSize(manifest)!;
  // What travels is a few percent more than the file: shown as is, it disagrees with the list.
  assert.notEqual(formatBytes(total), "200 MiB");
  const start = contentProgress(0, total, size);
  const half = contentProgress(total / 2, total, size);
  const end = contentProgress(total, total, size);
  assert.deepEqual([start.done, half.done, end.done], [0, 100 * 1024 * 1024, 200 * 1024 * 1024]);
  assert.equal(formatBytes(end.total!), "200 MiB");
  // Nothing to scale by: the transfer's own figures.
  assert.deepEqual(contentProgress(10, null, size), { done: 10, total: null });
  assert.deepEqual(contentProgress(10, 20, null), { done: 10, total: 20 });
  assert.equal(
    contentSize({ ...manifest, files: [...manifest.files, { name: "-", type: "", size: null }] }),
    null,
  );
});

Deno.test("format - durations in their two largest units, or words for whole units", () => {
  assert.equal(formatDuration(90061), "1d 1h");
  assert.equal(formatDuration(59), "59s");
  assert.equal(formatDuration(0), "0s");
  assert.equal(durationInWords(604800), "7 days");
  assert.equal(durationInWords(3600), "1 hour");
  assert.equal(durationInWords(90), "90 seconds");
});
