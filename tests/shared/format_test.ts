import assert from "node:assert/strict";
import { durationInWords, formatBytes, formatDuration } from "../../lib/format.ts";

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

Deno.test("format - durations in their two largest units, or words for whole units", () => {
  assert.equal(formatDuration(90061), "1d 1h");
  assert.equal(formatDuration(59), "59s");
  assert.equal(formatDuration(0), "0s");
  assert.equal(durationInWords(604800), "7 days");
  assert.equal(durationInWords(3600), "1 hour");
  assert.equal(durationInWords(90), "90 seconds");
});
