/**
 * lib/client's `openShare` reports the download through its `onProgress` option: the ciphertext
 * bytes as they arrive, up to the total, and nothing from the requests before it.
 * @module
 */
import assert from "node:assert/strict";
import { createShare, openShare } from "../../lib/client/mod.ts";
import type { Manifest } from "../../lib/crypto/mod.ts";
import { startTestServer } from "../helpers/server.ts";

Deno.test("lib/client - openShare's onProgress counts the ciphertext up to its total, also behind a password", async () => {
  await using server = await startTestServer({});
  const data = new Uint8Array(300_000).map((_, i) => i % 251);
  const manifest: Manifest = {
    v: 1,
    kind: "files",
    created: new Date().toISOString(),
    files: [{ name: "d.bin", type: "application/octet-stream", size: data.length }],
  };
  for (const password of [undefined, "correct horse"]) {
    const created = await createShare(manifest, [new Blob([data]).stream()], {
      server: server.url,
      ...(password === undefined ? {} : { password }),
    });
    const progress: [number, number | null][] = [];
    const share = await openShare(created.link, {
      ...(password === undefined ? {} : { password: () => Promise.resolve(password) }),
      onProgress: (received, total) => progress.push([received, total]),
    });
    for await (const { body } of share.files) await new Response(body).bytes();
    const received = progress.map(([n]) => n);
    assert.deepEqual(received, [...received].sort((a, b) => a - b), "it only grows");
    assert.deepEqual(progress.at(-1), [share.size, share.size]);
  }
});
