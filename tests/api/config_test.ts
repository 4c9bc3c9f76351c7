import assert from "node:assert/strict";
import { ConfigError, kvDirectory, loadConfig } from "../../lib/config.ts";
import { encryptedSize, largestFile, type Manifest, packedSize } from "../../lib/crypto/mod.ts";

Deno.test("config - defaults match the documented values", () => {
  const config = loadConfig({});
  assert.equal(config.port, 8000);
  assert.equal(config.hostname, "0.0.0.0");
  assert.equal(config.maxStorageBytes, 0);
  assert.equal(config.kvPath, "data/hushlink.kv");
  assert.equal(config.publicUrl, null);
  assert.equal(config.maxShareBytes, 1088 * 1024 * 1024);
  assert.equal(config.defaultExpires, 7 * 86400);
  assert.equal(config.maxExpires, 30 * 86400);
  assert.equal(config.maxViews, 1000);
  assert.equal(config.uploadToken, null);
  assert.equal(config.partSize, 4_194_304);
  // One thread per core but one, at least one.
  assert.equal(config.workers, Math.max(navigator.hardwareConcurrency - 1, 1));
});

Deno.test("config - WORKERS: a thread count from 1 to 256, anything else refused saying what it takes", () => {
  assert.equal(loadConfig({ WORKERS: "1" }).workers, 1);
  assert.equal(loadConfig({ WORKERS: " 8 " }).workers, 8);
  assert.equal(loadConfig({ WORKERS: "256" }).workers, 256);
  for (const bad of ["0", "257", "-2", "1.5", "two", "0x4"]) {
    assert.throws(
      () => loadConfig({ WORKERS: bad }),
      (e) =>
        e instanceof ConfigError && e.variable === "WORKERS" &&
        e.message.includes("the number of threads serving HTTP") && e.message.includes(`"${bad}"`),
      bad,
    );
  }
});

Deno.test("config - parses durations (the share script's grammar, weeks too), origins and listen addresses", () => {
  assert.equal(loadConfig({ MAX_EXPIRES: "2w" }).maxExpires, 1_209_600);
  assert.equal(loadConfig({ DEFAULT_EXPIRES: "120" }).defaultExpires, 120);
  const config = loadConfig({
    DEFAULT_EXPIRES: "1h",
    MAX_EXPIRES: "2d",
    PUBLIC_URL: "https://x.example/",
    HOST: "127.0.0.1",
  });
  assert.equal(config.hostname, "127.0.0.1");
  assert.equal(config.defaultExpires, 3600);
  assert.equal(config.maxExpires, 172800);
  assert.equal(config.publicUrl, "https://x.example");
});

Deno.test("config - bad values throw ConfigError naming the variable", () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ MAX_SHARE_BYTES: "0" }, "MAX_SHARE_BYTES"],
    [{ MAX_SHARE_BYTES: "1.5" }, "MAX_SHARE_BYTES"],
    [{ DEFAULT_EXPIRES: "soon" }, "DEFAULT_EXPIRES"],
    [{ MAX_EXPIRES: "10s" }, "MAX_EXPIRES"],
    [{ DEFAULT_EXPIRES: "30d", MAX_EXPIRES: "1d" }, "DEFAULT_EXPIRES"],
    [{ MAX_VIEWS: "0" }, "MAX_VIEWS"],
    [{ PUBLIC_URL: "not a url" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "ftp://x.example" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "https://x.example/path" }, "PUBLIC_URL"],
    [{ UPLOAD_TOKEN: "short" }, "UPLOAD_TOKEN"],
    [{ HOST: "example.org" }, "HOST"],
    [{ RATE_LIMIT_CREATES: "many" }, "RATE_LIMIT_CREATES"],
  ];
  for (const [env, variable] of cases) {
    assert.throws(() => loadConfig(env), (err) => {
      assert.ok(err instanceof ConfigError, String(err));
      assert.equal(err.variable, variable);
      assert.match(err.message, new RegExp(`^${variable}: `));
      return true;
    });
  }
});

Deno.test("config - a 1 GiB file fits the default MAX_SHARE_BYTES with padding and framing", () => {
  const { maxShareBytes } = loadConfig({});
  const GiB = 1024 * 1024 * 1024;
  const largest = largestFile(maxShareBytes);
  assert.ok(largest >= GiB, `largest file ${largest}`);
  const manifest: Manifest = {
    v: 1,
    kind: "files",
    created: new Date().toISOString(),
    files: [{ name: "disk-image.iso", type: "application/octet-stream", size: GiB }],
  };
  assert.ok(encryptedSize(packedSize(manifest)!, true) <= maxShareBytes);
  // The bound is exact: one byte more than the largest file does not fit a long-named share.
  assert.equal(
    largestFile(encryptedSize(
      packedSize({
        ...manifest,
        files: [{ name: "x".repeat(255), type: "application/octet-stream", size: largest }],
      })!,
      true,
    )),
    largest,
  );
});

Deno.test("config - KV_PATH: a file's directory is what the start task grants; a comma is refused", () => {
  assert.equal(kvDirectory(undefined), "data");
  assert.equal(kvDirectory("  "), "data");
  assert.equal(kvDirectory("/var/lib/hushlink/hushlink.kv"), "/var/lib/hushlink");
  assert.equal(kvDirectory("kv/hushlink.kv"), "kv");
  assert.equal(kvDirectory("hushlink.kv"), ".");
  assert.equal(kvDirectory("/hushlink.kv"), "/");
  assert.equal(kvDirectory("HTTPS://kv.example:4512"), "data", "a KV Connect URL is not a file");
  // Deno's permission lists are comma-separated: such a directory cannot be granted alone.
  assert.throws(
    () => loadConfig({ KV_PATH: "/srv/a,b/hushlink.kv" }),
    /KV_PATH: must not contain a comma/,
  );
  assert.equal(kvDirectory("/srv/a,b/hushlink.kv"), "data");
  assert.equal(loadConfig({ KV_PATH: "https://kv.example/a,b" }).kvPath, "https://kv.example/a,b");
});
