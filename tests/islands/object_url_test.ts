import assert from "node:assert/strict";
import { bareType, inertType, isInertImage, objectUrl } from "../../islands/ui/object_url.ts";

Deno.test("object_url - inert types pass with parameters and case dropped", () => {
  assert.equal(inertType("image/png"), "image/png");
  assert.equal(inertType(" Video/MP4 ; codecs=avc1"), "video/mp4");
  assert.equal(inertType("application/pdf"), "application/pdf");
  assert.equal(bareType(" Text/Plain; charset=utf-8"), "text/plain");
});

Deno.test("object_url - every type that can script or is unknown becomes octet-stream", () => {
  for (
    const type of [
      "image/svg+xml",
      "IMAGE/SVG+XML; charset=utf-8",
      "text/html",
      "application/xhtml+xml",
      "text/xml",
      "application/xml",
      "text/javascript",
      "video/x-html",
      "audio/x-evil",
      "multipart/x-mixed-replace",
      "",
      "garbage",
    ]
  ) {
    assert.equal(inertType(type), "application/octet-stream", JSON.stringify(type));
  }
  assert.equal(isInertImage("image/svg+xml"), false);
  assert.equal(isInertImage("image/webp"), true);
  assert.equal(isInertImage("application/pdf"), false);
});

Deno.test("object_url - the URL's blob carries the inert type", async () => {
  const url = objectUrl(new Blob(["<svg/>"]), "image/svg+xml");
  try {
    const res = await fetch(url);
    assert.equal(res.headers.get("content-type"), "application/octet-stream");
    assert.equal(await res.text(), "<svg/>");
  } finally {
    URL.revokeObjectURL(url);
  }
});

Deno.test("object_url - no island makes a blob: URL any other way", async () => {
  const root = new URL("../../islands/", import.meta.url);
  const offenders: string[] = [];
  async function scan(dir: URL): Promise<void> {
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) await scan(url);
      else if (/\.tsx?$/.test(entry.name) && !url.pathname.endsWith("/ui/object_url.ts")) {
        if ((await Deno.readTextFile(url)).includes("createObjectURL")) {
          offenders.push(url.pathname);
        }
      }
    }
  }
  await scan(root);
  assert.deepEqual(offenders, []);
});
