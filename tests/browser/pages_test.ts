/**
 * The pages as the server sends them (no browser needed): strict CSP, no inline executable script
 * or style attribute, the share-script command with the public origin, asset caching, and the
 * island props block that no string can break out of.
 * @module
 */
import assert from "node:assert/strict";
import { encodeProps } from "../../lib/islands.ts";
import { createShare } from "../../lib/client/mod.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { ensureBuilt } from "../helpers/browser.ts";
import type { AssetManifest } from "../../lib/asset_manifest.ts";

const ID = "AAAAAAAAAAAAAAAAAAAAAA";

/** A share's id on `server`, with `views` views. */
async function liveShare(server: TestServer, views?: number): Promise<string> {
  const { id } = await createShare(
    {
      v: 1,
      kind: "text",
      created: new Date().toISOString(),
      files: [{ name: "paste.txt", type: "text/plain", size: 2 }],
    },
    [new Blob(["hi"]).stream()],
    { server: server.url, ...(views ? { views } : {}) },
  );
  return id;
}

Deno.test("pages - every page has the strict CSP and no inline script or style", async () => {
  await ensureBuilt();
  await using server = await startTestServer();
  const pages = [
    ["/", 200],
    ["/security", 200],
    [`/s/${await liveShare(server)}`, 200],
    [`/s/${ID}`, 404], // gone: a page without an island
    [`/d/${ID}`, 200],
  ] as const;
  for (const [path, status] of pages) {
    const res = await fetch(server.url + path);
    const html = await res.text();
    assert.equal(res.status, status, path);
    assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/, path);
    assert.match(csp, /script-src 'self'(;|$)/, path);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
    for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
      assert.match(tag, /\bsrc="\/static\/build\/|type="application\/json"/, `${path}: ${tag}`);
    }
    assert.doesNotMatch(html, /\sstyle=/, path);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${path} has no inline event handlers`);
    if (html.includes("data-island=")) {
      assert.match(html, /<noscript>/, `${path} explains why JavaScript is needed`);
    }
  }
});

Deno.test("pages - only the view page may frame, and only blob: URLs (its PDF preview)", async () => {
  await ensureBuilt();
  await using server = await startTestServer();
  const policy = async (path: string) => {
    const res = await fetch(server.url + path);
    await res.body?.cancel();
    return res.headers.get("content-security-policy") ?? "";
  };
  const home = await policy("/");
  assert.doesNotMatch(home, /frame-src|child-src|object-src/);
  for (const path of ["/security", `/d/${ID}`]) assert.equal(await policy(path), home, path);
  assert.equal(await policy(`/s/${await liveShare(server, 2)}`), `${home}; frame-src blob:`);
  // No share, no preview: the page that says so frames nothing.
  assert.equal(await policy(`/s/${ID}`), home);
});

Deno.test("pages - a view page carries the share's public metadata and is never stored", async () => {
  await ensureBuilt();
  await using server = await startTestServer();
  const id = await liveShare(server, 2);
  const res = await fetch(`${server.url}/s/${id}`);
  assert.equal(res.headers.get("cache-control"), "no-store");
  const html = await res.text();
  const block = /<script type="application\/json" data-island-props="viewer">(.*?)<\/script>/s
    .exec(html);
  assert.ok(block, "the viewer's props block");
  const { share } = JSON.parse(block[1]);
  assert.deepEqual(Object.keys(share).sort(), ["expiresAt", "password", "size", "viewsLeft"]);
  assert.equal(share.viewsLeft, 2);
  assert.equal(share.password, false);
  // Reading the page used no view.
  const info = await (await fetch(`${server.url}/api/shares/${id}`)).json();
  assert.equal(info.viewsLeft, 2);
  assert.equal(share.expiresAt, info.expiresAt);
  for (const gone of [`/s/${ID}`, "/s/not-an-id"]) {
    const missing = await fetch(server.url + gone);
    assert.equal(missing.status, 404, gone);
    assert.equal(missing.headers.get("cache-control"), "no-store", gone);
    assert.match(await missing.text(), /data-problem="(gone|bad_link)"/, gone);
  }
});

Deno.test("pages - the share-script command uses PUBLIC_URL when set", async () => {
  await ensureBuilt();
  await using server = await startTestServer({ config: { publicUrl: "https://share.example" } });
  const html = await (await fetch(server.url + "/")).text();
  assert.ok(html.includes("deno run -NR https://share.example/share.js FILE"));
});

Deno.test("pages - built assets are cached immutably, icons for a day, share.js and share-mcp.js are always revalidated", async () => {
  await ensureBuilt();
  const assets: AssetManifest = JSON.parse(
    await Deno.readTextFile(new URL("../../static/build/manifest.json", import.meta.url)),
  );
  await using server = await startTestServer();
  const bundle = await fetch(server.url + assets.islands.viewer);
  await bundle.body?.cancel();
  assert.equal(bundle.status, 200);
  assert.match(bundle.headers.get("content-type") ?? "", /^text\/javascript/);
  assert.match(bundle.headers.get("cache-control") ?? "", /immutable/);
  const css = await fetch(server.url + assets.css);
  await css.body?.cancel();
  assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
  for (const script of ["/share.js", "/share-mcp.js"]) {
    const share = await fetch(server.url + script);
    await share.body?.cancel();
    assert.equal(share.status, assets.share ? 200 : 404, script);
    if (assets.share) {
      assert.match(share.headers.get("content-type") ?? "", /^text\/javascript/);
      assert.equal(share.headers.get("cache-control"), "no-cache");
    }
  }
  const icon = await fetch(server.url + "/static/favicon.svg");
  await icon.body?.cancel();
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get("content-type"), "image/svg+xml");
  assert.equal(icon.headers.get("cache-control"), "public, max-age=86400");
  const nested = [`/static/build${assets.css}`, "/static/build/favicon.svg", "/static/x/app.css"];
  for (const bad of ["/static/build/manifest.json", "/static/build/..%2Fapp.css", ...nested]) {
    const res = await fetch(server.url + bad);
    await res.body?.cancel();
    assert.equal(res.status, 404, bad);
  }
});

Deno.test("islands - props JSON cannot close its script element and round-trips", () => {
  const props = { text: "</script><script>alert(1)</script><!--", sep: "\u2028" };
  const encoded = encodeProps(props);
  assert.doesNotMatch(encoded, /<\/?script|<!--/i);
  assert.deepEqual(JSON.parse(encoded), props);
});
