import assert from "node:assert/strict";
import fc from "fast-check";
import { startTestServer } from "../helpers/server.ts";
import { b64, newReader, postShare, randomBytes } from "./_client.ts";

Deno.test("api fuzz - arbitrary create bodies never get a 5xx", async () => {
  const server = await startTestServer({ config: { maxShareBytes: 100_000 } });
  try {
    const reader = await newReader();
    const field = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(
        reader.hash,
        b64(randomBytes(16)),
        b64(randomBytes(40)),
        60,
        600_000,
        -1,
        1e300,
      ),
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.constantFrom("size", "expiresIn", "views", "readTokenHash", "kdf", "data", "salt", "x"),
        fc.oneof(field, fc.dictionary(fc.constantFrom("salt", "iterations", "y"), field)),
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const res = await postShare(server.url, value);
        await res.body?.cancel();
        assert.ok(res.status < 500, `${res.status} for ${JSON.stringify(value)}`);
      }),
      { numRuns: 300 },
    );
  } finally {
    await server.close();
  }
});

Deno.test("api fuzz - arbitrary paths, methods and tokens never get a 5xx", async () => {
  const server = await startTestServer();
  try {
    const segment = fc.oneof(
      fc.constantFrom("shares", "parts", "complete", "content", "0", "AAAAAAAAAAAAAAAAAAAAAA", ""),
      // "." and ".." would leave /api once the URL is normalised.
      fc.string({ maxLength: 30 }).filter((s) => s !== "." && s !== "..").map(encodeURIComponent),
    );
    const request = fc.record({
      method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
      path: fc.array(segment, { maxLength: 5 }),
      token: fc.option(fc.string({ maxLength: 60 }).filter((s) => /^[\x21-\x7e]*$/.test(s))),
      body: fc.option(fc.uint8Array({ maxLength: 200 })),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, token, body }) => {
        const res = await fetch(`${server.url}/api/${path.join("/")}`, {
          method,
          headers: token === null ? {} : { Authorization: `Bearer ${token}` },
          body: method === "GET" || body === null ? undefined : body,
        });
        await res.body?.cancel();
        assert.ok(res.status < 500, `${res.status} for ${method} ${path.join("/")}`);
      }),
      { numRuns: 300 },
    );
  } finally {
    await server.close();
  }
});
