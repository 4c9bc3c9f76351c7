/**
 * Operating a multi-threaded server (a real main.ts process): a delete waits for downloads that
 * worker threads stream; /metrics answered by any thread counts every thread's requests; SIGTERM
 * lets downloads on every thread finish, writes their access-log lines whole and exits 0;
 * WORKERS=1 is the single-threaded server; a bad WORKERS, or worker threads that may not read
 * their code, stop start-up saying why.
 * @module
 */
import assert from "node:assert/strict";
import { auth, b64, createShare, newReader, randomBytes } from "../api/_client.ts";
import { spawnServer, startTaskFlags } from "../helpers/process_server.ts";
import { tempDir } from "../helpers/temp_dir.ts";
import { storeShare } from "./_share.ts";
import {
  manyAtOnce,
  onNewConnection,
  sample,
  statuses,
  threadRequests,
  ThreadWatch,
} from "./_threads.ts";

const ROOT = new URL("../../", import.meta.url);

/** A download streaming on a connection of its own, its first bytes read. */
interface Download {
  /** Reads the rest, slowly, and returns every byte. */
  finish(): Promise<Uint8Array>;
  /** Stops reading and closes the connection. */
  cancel(): Promise<void>;
}

/** Starts a download of a share on a new connection; resolves once its first bytes arrived. */
async function startDownload(origin: string, id: string, token: string): Promise<Download> {
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  const res = await fetch(`${origin}/api/shares/${id}/content`, { headers: auth(token), client });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [(await reader.read()).value!];
  return {
    async finish() {
      try {
        for (let n = 0;; n++) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          if (n % 16 === 0) await new Promise((r) => setTimeout(r, 2));
        }
      } finally {
        client.close();
      }
      return await new Blob(chunks as BlobPart[]).bytes();
    },
    async cancel() {
      await reader.cancel();
      client.close();
    },
  };
}

/**
 * Asserts that thread 1 (a worker) received more than `others` requests since `before`: when
 * at most `others` of the requests since were not downloads, some download is on the worker.
 */
async function workerServed(origin: string, before: number[], others: number): Promise<void> {
  const { perThread } = await threadRequests(origin);
  assert.ok(perThread[1] - before[1] > others, `no download on the worker thread: ${perThread}`);
}

/** Chunks of share `id` left in the KV file. */
async function chunksLeft(kvPath: string, id: string): Promise<number> {
  await using kv = await Deno.openKv(kvPath);
  return (await Array.fromAsync(kv.list({ prefix: ["chunk", id] }))).length;
}

/** Polls /metrics until `hushlink_http_requests_in_flight` is `count` (this request included). */
async function untilInFlight(origin: string, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { text } = await threadRequests(origin);
    if (sample(text, "hushlink_http_requests_in_flight") === count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`requests in flight never came to ${count}`);
}

Deno.test("ops threads - a delete waits for downloads that a worker thread streams", async () => {
  await using server = await spawnServer({ env: { WORKERS: "2" } });
  const data = randomBytes(16 * 1024 * 1024); // more than read-ahead and socket buffers hold
  const { id, token, deleteToken } = await storeShare(server.origin, data);
  // Downloads on the worker thread only: any on the main thread would hold the chunks anyway.
  const onWorker: Download[] = [];
  {
    await using watch = await ThreadWatch.open(server.origin);
    for (let i = 0; i < 40 && onWorker.length < 3; i++) {
      const { value, thread } = await watch.threadOf(() => startDownload(server.origin, id, token));
      if (thread === 1) onWorker.push(value);
      else await value.cancel();
    }
  }
  assert.equal(onWorker.length, 3, "no connection reached the worker thread");
  await untilInFlight(server.origin, 3 + 1);
  const deleted = await onNewConnection(`${server.origin}/api/shares/${id}`, {
    method: "DELETE",
    headers: auth(deleteToken),
  });
  assert.equal(deleted.status, 204);
  assert.equal((await onNewConnection(`${server.origin}/api/shares/${id}`)).status, 404);
  // Time enough for the chunks to go, had the delete not waited.
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await chunksLeft(server.kvPath, id), 256, "chunks dropped under running downloads");
  for (const received of await Promise.all(onWorker.map((d) => d.finish()))) {
    assert.equal(received.length, data.length, "a download was cut short");
    assert.ok(received.every((b, i) => b === data[i]), "a download differs");
  }
  // Once they ended, the chunks go.
  let left = Infinity;
  for (let i = 0; i < 200 && left > 0; i++) {
    left = await chunksLeft(server.kvPath, id);
    if (left > 0) await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(left, 0, "the deleted share's chunks were not dropped");
});

Deno.test("ops threads - /metrics answered by any thread counts the requests of every thread", async () => {
  await using server = await spawnServer({ env: { WORKERS: "2" } });
  const answers = await manyAtOnce(60, () => [`${server.origin}/api/config`]);
  assert.deepEqual(statuses(answers), { 200: 60 });
  const name = 'hushlink_http_requests_total{method="GET",route="/api/config",status="2xx"}';
  for (let i = 0; i < 12; i++) {
    const { perThread, text } = await threadRequests(server.origin);
    assert.equal(sample(text, name), 60, "a thread's /metrics left requests out");
    assert.equal(sample(text, "hushlink_threads"), 2);
    assert.ok(perThread.length === 2 && perThread.every((n) => n > 0), `${perThread}`);
  }
});

Deno.test("ops threads - SIGTERM lets every thread's downloads finish, logs them whole, exits 0", async () => {
  await using server = await spawnServer({ env: { WORKERS: "2" }, startTask: true, capture: true });
  const data = randomBytes(8 * 1024 * 1024);
  const { id, token } = await storeShare(server.origin, data);
  const { perThread: before } = await threadRequests(server.origin);
  const downloads = await Promise.all(
    Array.from({ length: 10 }, () => startDownload(server.origin, id, token)),
  );
  await workerServed(server.origin, before, 1); // besides the downloads: this /metrics request
  Deno.kill(server.pid, "SIGTERM");
  for (const received of await Promise.all(downloads.map((d) => d.finish()))) {
    assert.equal(received.length, data.length, "a download was cut short");
  }
  assert.equal((await server.status).code, 0);
  const { stdout, stderr } = server.output();
  assert.match(stderr, /SIGTERM: finishing in-flight requests[\s\S]*hushlink: stopped/);
  const lines = stdout.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  const served = lines.filter((l) => l.route === "/api/shares/:id/content");
  assert.equal(served.length, 10, stdout);
  for (const l of served) {
    assert.deepEqual([l.status, l.bytesOut, l.aborted], [200, data.length, undefined]);
  }
});

Deno.test("ops threads - WORKERS=1 serves from the main thread alone", async () => {
  await using server = await spawnServer({ env: { WORKERS: "1" }, capture: true });
  const reader = await newReader();
  const share = await createShare(server.origin, {
    readTokenHash: reader.hash,
    data: b64(randomBytes(800)),
    views: 5,
  });
  const answers = await manyAtOnce(30, () => [
    `${server.origin}/api/shares/${share.id}/content`,
    { headers: auth(reader.token) },
  ]);
  assert.deepEqual(statuses(answers), { 200: 5, 404: 25 });
  const { perThread, text } = await threadRequests(server.origin);
  assert.equal(sample(text, "hushlink_threads"), 1);
  assert.equal(perThread.length, 1);
  assert.match(
    server.output().stderr,
    /hushlink listening on http:\/\/localhost:\d+\/ \(1 thread\)/,
  );
});

/** Runs main.ts from the repository root until it exits; its exit code and stderr. */
async function runMain(flags: string[], env: Record<string, string>) {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, "main.ts"],
    cwd: ROOT.pathname,
    env: { PORT: "0", ...env },
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code, stderr: new TextDecoder().decode(stderr) };
}

Deno.test("ops threads - a bad WORKERS stops start-up naming it", async () => {
  await using dir = await tempDir({ prefix: "hushlink-workers-" });
  for (const bad of ["0", "two", "257", "-1"]) {
    const { code, stderr } = await runMain(["--config", "deno.json", "-A"], {
      WORKERS: bad,
      KV_PATH: `${dir.path}/hushlink.kv`,
    });
    assert.equal(code, 1, stderr);
    assert.match(
      stderr,
      new RegExp(
        `^hushlink: bad configuration: WORKERS: expected the number of threads serving HTTP, ` +
          `a whole number from 1 to 256 .*got "${bad}"\\n$`,
      ),
    );
  }
});

Deno.test("ops threads - worker threads that may not read their code stop start-up saying so", async () => {
  await using dir = await tempDir({ prefix: "hushlink-workers-" });
  const kvPath = `${dir.path}/hushlink.kv`;
  const flags = startTaskFlags({ KV_PATH: kvPath }).map((f) =>
    f.startsWith("--allow-read=") ? `--allow-read=static,${dir.path}` : f
  );
  const { code, stderr } = await runMain(flags, { WORKERS: "2", KV_PATH: kvPath });
  assert.equal(code, 1, stderr);
  assert.match(stderr, /worker thread 1 could not start: Requires read access to /);
  assert.match(stderr, /load the server's code from lib\/.*WORKERS=1 serves from one thread\)/);
});
