/**
 * Fuzzing every route of the real server (real KV, real port) with hostile methods, paths,
 * headers and bodies. Each property runs with a fixed seed (see _fuzz.ts); `HUSHLINK_FUZZ_RUNS`
 * raises the run count for the long mode. Every answer must be < 500 (or the documented 507),
 * arrive before the hang detector fires, and be the JSON error shape with a documented code when
 * it is an API error; afterwards the server must still serve a known share byte-identical.
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { startTestServer } from "../helpers/server.ts";
import { b64, createShare, newReader, postShare, randomBytes } from "../api/_client.ts";
import {
  bodyArb,
  bodyBytes,
  type BodySpec,
  headersArb,
  jsonBodyArb,
  numberText,
  targetArb,
} from "./_arbitraries.ts";
import {
  ANSWER_WITHIN_MS,
  checkAnswer,
  FUZZ_SEED,
  fuzzRuns,
  knownShare,
  stillServes,
} from "./_fuzz.ts";
import { registeredRoutes, ROUTES } from "./_routes.ts";

Deno.test("fuzz routes - the fuzzed route table lists every route the sources register", async () => {
  const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
  assert.deepEqual(
    (await registeredRoutes()).map(key).sort(),
    ROUTES.map(key).sort(),
    "a route was added or removed: update tests/fuzz/_routes.ts so the fuzz covers it",
  );
});

Deno.test("fuzz api - hostile create bodies get a 4xx JSON error or a share, never a 5xx", async () => {
  await using server = await startTestServer({
    config: { maxShareBytes: 1_000_000, partSize: 131_072, maxViews: 1000 },
  });
  const good = await knownShare(server.url);
  const reader = await newReader();
  const field = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom(reader.hash, b64(randomBytes(16)), b64(randomBytes(40)), 60, -1, 1e300),
  );
  const structured = fc.dictionary(
    fc.constantFrom("size", "expiresIn", "views", "readTokenHash", "kdf", "data", "salt", "x"),
    fc.oneof(field, fc.dictionary(fc.constantFrom("salt", "iterations", "y"), field)),
  ).map((v): BodySpec => ({ text: JSON.stringify(v) }));
  // Data of every length around the one-part limit, so the size checks meet real payloads.
  const withData = fc.record({
    dataBytes: fc.integer({ min: 0, max: 140_000 }),
    size: fc.option(numberText),
  });
  const body = fc.oneof(structured, jsonBodyArb(reader.hash), withData);
  await fc.assert(
    fc.asyncProperty(body, fc.option(headersArb([])), async (spec, headers) => {
      const text = "dataBytes" in spec
        ? `{"readTokenHash":"${reader.hash}","data":"${b64(new Uint8Array(spec.dataBytes))}"${
          spec.size === null ? "" : `,"size":${spec.size}`
        }}`
        : new TextDecoder().decode(bodyBytes(spec));
      const res = await postShare(server.url, text, {
        ...headers,
        "Content-Type": headers?.["Content-Type"] ?? "application/json",
      });
      const bytes = await res.bytes();
      await checkAnswer({
        what: `create ${text.slice(0, 200)}`,
        pathname: "/api/shares",
        head: false,
        status: res.status,
        contentType: res.headers.get("Content-Type"),
        body: bytes,
      });
      if (res.status === 201) {
        const created = JSON.parse(new TextDecoder().decode(bytes));
        assert.equal(created.id.length, 22);
      }
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(300, 2) },
  );
  await stillServes(server.url, good);
});

Deno.test("fuzz api - any method, path, headers and body on every route: no 5xx, no hang", async () => {
  // Limits on (but high) and a trusted proxy, so X-Forwarded-For garbage reaches the limiters.
  await using server = await startTestServer({
    config: {
      partSize: 131_072,
      maxShareBytes: 1_000_000,
      trustProxy: true,
      rateLimitCreates: 1_000_000,
      rateLimitFailures: 1_000_000,
    },
  });
  const good = await knownShare(server.url);
  // An upload in progress, so hostile parts and completes reach the store with a real token.
  const uploader = await newReader();
  const upload = await createShare(server.url, { readTokenHash: uploader.hash });
  const request = fc.record({
    target: targetArb([good.id, upload.id]),
    headers: headersArb([good.readToken, upload.writeToken!, uploader.token]),
    body: bodyArb(uploader.hash),
  });
  await fc.assert(
    fc.asyncProperty(request, async ({ target: { method, path }, headers, body }) => {
      const url = new URL(`${server.url}${path}`);
      const what = `${method} ${url.pathname}${url.search}`;
      let res: Response;
      let bytes: Uint8Array;
      try {
        res = await fetch(url, {
          method,
          headers,
          body: method === "GET" || method === "HEAD" || body === null
            ? undefined
            : bodyBytes(body),
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
        bytes = await res.bytes();
      } catch (err) {
        if (err instanceof DOMException && err.name === "TimeoutError") {
          assert.fail(`${what}: no answer within ${ANSWER_WITHIN_MS} ms (hang)`);
        }
        throw new Error(`${what}: ${err}`);
      }
      await checkAnswer({
        what,
        pathname: url.pathname,
        head: method === "HEAD",
        status: res.status,
        contentType: res.headers.get("Content-Type"),
        body: bytes,
      });
    }),
    { seed: FUZZ_SEED, numRuns: fuzzRuns(400) },
  );
  await stillServes(server.url, good);
});
