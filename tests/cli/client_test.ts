/**
 * lib/client against a real server: one-request shares, parallel parts with retries, reading
 * with and without a password, deleting, and the typed errors.
 * @module
 */
import { randomBytes } from "../helpers/bytes.ts";
import assert from "node:assert/strict";
import {
  ApiError,
  createShare,
  deleteShare,
  getConfig,
  getShareInfo,
  KeyRejectedError,
  NetworkError,
  NotFoundError,
  openShare,
  type PartSender,
  PasswordRequiredError,
  WrongPasswordError,
} from "../../lib/client/mod.ts";
import { formatLink, generateSecret, type Manifest, parseLink } from "../../lib/crypto/mod.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const SMALL_PART = 128 * 1024;

function manifestFor(files: { name: string; size: number | null }[]): Manifest {
  return {
    v: 1,
    kind: "files",
    created: new Date().toISOString(),
    files: files.map((f) => ({ ...f, type: "application/octet-stream" })),
  };
}

async function readAll(link: string, password?: string): Promise<Uint8Array[]> {
  const share = await openShare(link, { password });
  const out: Uint8Array[] = [];
  for await (const { body } of share.files) out.push(await new Response(body).bytes());
  return out;
}

async function withServer(
  fn: (server: TestServer) => Promise<void>,
  partSize?: number,
): Promise<void> {
  await using server = await startTestServer({
    record: true,
    config: partSize ? { partSize } : {},
  });
  await fn(server);
}

Deno.test("lib/client - a share that fits one part is stored in one request and read in one", async () => {
  await withServer(async (server) => {
    const text = new TextEncoder().encode("one request each way");
    const manifest: Manifest = {
      v: 1,
      kind: "text",
      created: new Date().toISOString(),
      files: [{ name: "paste.txt", type: "text/plain; charset=utf-8", size: text.length }],
    };
    const created = await createShare(manifest, [new Blob([text]).stream()], {
      server: server.url,
    });
    assert.deepEqual(server.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`), [
      "POST /api/shares",
    ]);
    const share = await openShare(created.link);
    assert.equal(server.requests.length, 2, "a share without a password opens with one request");
    assert.equal(share.manifest.kind, "text");
    for await (const { body } of share.files) {
      assert.equal(await new Response(body).text(), "one request each way");
    }
    // Nothing the server received holds the key, the link fragment or the plaintext.
    const secret = created.link.split("#")[1];
    for (const r of server.requests) {
      const seen = r.url + JSON.stringify(r.headers) + new TextDecoder().decode(r.body);
      assert.ok(!seen.includes(secret) && !seen.includes("one request each way"));
    }
  });
});

Deno.test("lib/client - parts upload in parallel as streams, a failed part is retried, progress reaches the total", async () => {
  await withServer(async (server) => {
    const data = randomBytes(SMALL_PART * 5 + 1234);
    let failedOnce = false;
    const flaky: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith("/parts/2") && !failedOnce) {
        failedOnce = true;
        return Promise.reject(new TypeError("connection reset"));
      }
      return fetch(input, init);
    };
    const progress: [number, number | null][] = [];
    const created = await createShare(manifestFor([{ name: "d.bin", size: data.length }]), [
      new Blob([data]).stream(),
    ], {
      server: server.url,
      partSize: SMALL_PART,
      parallel: 3,
      streamParts: true,
      fetch: flaky,
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    assert.ok(failedOnce);
    const puts = server.requests.filter((r) => r.method === "PUT").map((r) =>
      new URL(r.url).pathname.split("/").pop()
    );
    assert.deepEqual([...new Set(puts)].sort(), ["0", "1", "2", "3", "4", "5"]);
    const [sent, total] = progress.at(-1)!;
    assert.equal(sent, total);
    assert.equal(sent, created.size);
    assert.deepEqual((await readAll(created.link))[0], data);
  }, SMALL_PART);
});

Deno.test("lib/client - a part sender's reports move the progress within parts, count a retried part once, never go back", async () => {
  await withServer(async (server) => {
    const data = randomBytes(SMALL_PART * 3 + 5000);
    let failed = false;
    const sendPart: PartSender = async (url, init, onSent) => {
      const size = (init.body as Blob).size;
      onSent(size / 2);
      if (url.pathname.endsWith("/parts/1") && !failed) {
        failed = true; // half of it left, then the connection dropped
        throw new TypeError("connection reset");
      }
      const res = await fetch(url, init);
      onSent(size);
      return res;
    };
    const progress: number[] = [];
    const totals = new Set<number | null>();
    const created = await createShare(manifestFor([{ name: "d.bin", size: data.length }]), [
      new Blob([data]).stream(),
    ], {
      server: server.url,
      partSize: SMALL_PART,
      sendPart,
      onProgress: (sent, total) => {
        progress.push(sent);
        totals.add(total);
      },
    });
    assert.ok(failed);
    assert.deepEqual([...totals], [created.size]);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
    assert.ok(progress.some((sent) => sent % SMALL_PART !== 0 && sent < created.size));
    assert.equal(progress.at(-1), created.size);
    assert.deepEqual((await readAll(created.link))[0], data);
  }, SMALL_PART);
});

Deno.test("lib/client - a stream of unknown size is stored in parts and its size given at complete", async () => {
  await withServer(async (server) => {
    const data = randomBytes(SMALL_PART * 3);
    // The client guesses the default 4 MiB part size; the server's smaller one makes it ask.
    const created = await createShare(manifestFor([{ name: "pipe", size: null }]), [
      new Blob([data]).stream(),
    ], {
      server: server.url,
    });
    const creates = server.requests.filter((r) =>
      r.method === "POST" && r.url.endsWith("/api/shares")
    )
      .map((r) => JSON.parse(new TextDecoder().decode(r.body)));
    // First the single request (refused: over the server's part size), then create + parts.
    assert.equal(creates.length, 2);
    assert.ok("data" in creates[0]);
    assert.ok(!("data" in creates[1]) && !("size" in creates[1]));
    assert.deepEqual((await readAll(created.link))[0], data);
  }, SMALL_PART);
});

Deno.test("lib/client - parts cut larger than the server's are cut again to its size", async () => {
  await withServer(async (server) => {
    const data = randomBytes(4 * 1024 * 1024 + 300_000); // over the client's 4 MiB guess
    const created = await createShare(
      manifestFor([{ name: "big", size: data.length }]),
      [new Blob([data]).stream()],
      { server: server.url, parallel: 2 },
    );
    const puts = server.requests.filter((r) => r.method === "PUT");
    assert.ok(puts.every((r) => r.body.length <= 1024 * 1024));
    assert.equal(puts.length, 5);
    assert.deepEqual((await readAll(created.link))[0], data);
  }, 1024 * 1024);
});

Deno.test("lib/client - a password is asked only when needed; a wrong one uses no view", async () => {
  await withServer(async (server) => {
    const body = new TextEncoder().encode("locked");
    const created = await createShare(manifestFor([{ name: "x", size: body.length }]), [
      new Blob([body]).stream(),
    ], {
      server: server.url,
      password: "pässword",
      views: 2,
    });
    await assert.rejects(openShare(created.link), PasswordRequiredError);
    await assert.rejects(openShare(created.link, { password: "nope" }), WrongPasswordError);
    await assert.rejects(
      openShare(created.link, { password: () => Promise.resolve("nope") }),
      WrongPasswordError,
    );
    const { id } = parseLink(created.link);
    assert.equal((await getShareInfo(server.url, id)).viewsLeft, 2);
    let asked = 0;
    const password = () => {
      asked++;
      return Promise.resolve("pa\u0308ssword"); // the same password, decomposed: NFC makes it equal
    };
    const share = await openShare(created.link, { password });
    assert.equal(asked, 1);
    assert.equal(share.viewsLeft, 1);
    for await (const f of share.files) assert.equal(await new Response(f.body).text(), "locked");
  });
});

Deno.test("lib/client - typed errors: not found, wrong key, bad delete token, no server", async () => {
  await withServer(async (server) => {
    const body = new Uint8Array([1, 2, 3]);
    const created = await createShare(manifestFor([{ name: "x", size: 3 }]), [
      new Blob([body]).stream(),
    ], {
      server: server.url,
    });
    const { origin, id } = parseLink(created.link);
    await assert.rejects(openShare(formatLink(origin, id, generateSecret())), KeyRejectedError);
    const badDelete = created.deleteLink.replace(/#.*/, `#${"A".repeat(43)}`);
    await assert.rejects(deleteShare(badDelete), (e) => e instanceof ApiError && e.status === 403);
    await deleteShare(created.deleteLink);
    await assert.rejects(openShare(created.link), NotFoundError);
    await assert.rejects(deleteShare(created.deleteLink), NotFoundError);
    assert.equal((await getConfig(server.url)).partSize, 4 * 1024 * 1024);
  });
  const server = await startTestServer();
  await server.close();
  await assert.rejects(getConfig(server.url), NetworkError);
});

/** The shares and uploads the server's KV holds. */
async function storedShares(server: TestServer): Promise<number> {
  let n = 0;
  for await (const _ of server.kv.list({ prefix: ["share"] })) n++;
  return n;
}

Deno.test("lib/client - an abort stops an upload with the signal's reason and deletes what the server holds", async () => {
  await withServer(async (server) => {
    const controller = new AbortController();
    const data = randomBytes(SMALL_PART * 4);
    const reason = new Error("user cancelled");
    const upload = createShare(manifestFor([{ name: "x", size: data.length }]), [
      new Blob([data]).stream(),
    ], {
      server: server.url,
      partSize: SMALL_PART,
      signal: controller.signal,
      onProgress: () => controller.abort(reason),
    });
    await assert.rejects(upload, (e) => e === reason);
    assert.ok(server.requests.some((r) => r.method === "PUT"), "parts were on their way");
    const deletes = server.requests.filter((r) => r.method === "DELETE");
    assert.equal(deletes.length, 1);
    assert.equal(await storedShares(server), 0);
  }, SMALL_PART);
});

Deno.test("lib/client - an abort while the create is answered deletes what it created", async () => {
  await withServer(async (server) => {
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    // Aborts as the create's answer arrives, for a share in one request and one in parts.
    const aborting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === "POST" && String(input).endsWith("/api/shares")) {
        controller.abort(reason);
      }
      return res;
    };
    for (const size of [1000, SMALL_PART * 3]) {
      const data = randomBytes(size);
      await assert.rejects(
        createShare(manifestFor([{ name: "x", size }]), [new Blob([data]).stream()], {
          server: server.url,
          partSize: SMALL_PART,
          signal: controller.signal,
          fetch: aborting,
        }),
        (e) => e === reason,
      );
      assert.equal(await storedShares(server), 0);
    }
  }, SMALL_PART);
});

Deno.test("lib/client - an upload whose part is refused is deleted, not left holding storage", async () => {
  await withServer(async (server) => {
    const data = randomBytes(SMALL_PART * 3);
    const refusing: typeof fetch = (input, init) =>
      String(input).endsWith("/parts/1")
        ? Promise.resolve(Response.json(
          { error: { code: "bad_part_size", message: "Part 1 has the wrong size" } },
          { status: 400 },
        ))
        : fetch(input, init);
    await assert.rejects(
      createShare(manifestFor([{ name: "x", size: data.length }]), [new Blob([data]).stream()], {
        server: server.url,
        partSize: SMALL_PART,
        parallel: 1, // no other part in flight to cut off when part 1 is refused
        fetch: refusing,
      }),
      (e) => e instanceof ApiError && e.serverCode === "bad_part_size",
    );
    assert.equal(server.requests.filter((r) => r.method === "DELETE").length, 1);
    assert.equal(await storedShares(server), 0);
  }, SMALL_PART);
});

Deno.test("lib/client - a stalled part upload times out and is retried", async () => {
  await withServer(async (server) => {
    const data = randomBytes(SMALL_PART * 2);
    let stalled = 0;
    const stalling: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith("/parts/1") && stalled++ === 0) {
        // Never answers; only the client's timeout ends it.
        return new Promise((_, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
        });
      }
      return fetch(input, init);
    };
    const created = await createShare(
      manifestFor([{ name: "x", size: data.length }]),
      [new Blob([data]).stream()],
      { server: server.url, partSize: SMALL_PART, fetch: stalling, partTimeout: 200 },
    );
    assert.equal(stalled, 2);
    assert.deepEqual((await readAll(created.link))[0], data);
  }, SMALL_PART);
});
