import assert from "node:assert/strict";
import { Hono } from "hono";
import { llmsRoutes } from "../../routes/llms.ts";

Deno.test("routes/llms - serves plain text naming this server's own share script", async () => {
  const app = new Hono().route("/", llmsRoutes());
  const res = await app.request("http://share.example:8123/llms.txt");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
  const text = await res.text();
  assert.match(text, /^# hushlink\n/);
  assert.ok(
    text.includes("claude mcp add hushlink -- deno run -A http://share.example:8123/share.js mcp"),
  );
  assert.ok(text.includes("deno run -NRW http://share.example:8123/share.js get LINK"));
  assert.ok(
    text.includes("deno run -NR --allow-env=HOME http://share.example:8123/share.js --session"),
  );
  assert.ok(text.includes("printf '%s\\n' '---'"), "shows the /share one-liner");
  assert.ok(text.includes("http://share.example:8123/share.js --session --json`'"));
});

Deno.test("routes/llms - warns agents to keep the fragment away from web fetch tools", async () => {
  const text = await (await new Hono().route("/", llmsRoutes()).request("/llms.txt")).text();
  assert.match(text, /Everything after "#" is the decryption key/);
  assert.match(text, /Never paste a link with its fragment into a web fetch/);
  for (const tool of ["share_text", "share_file", "share_session", "read_link", "delete_share"]) {
    assert.ok(text.includes(tool), `mentions ${tool}`);
  }
});

Deno.test("routes/llms - uses PUBLIC_URL over the request's origin behind a proxy", async () => {
  const app = new Hono().route("/", llmsRoutes({ publicUrl: "https://hush.example" }));
  const text = await (await app.request("http://127.0.0.1:8000/llms.txt")).text();
  assert.ok(text.includes("deno run -A https://hush.example/share.js mcp"));
  assert.ok(!text.includes("127.0.0.1"));
});
