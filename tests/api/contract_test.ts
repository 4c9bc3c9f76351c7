/**
 * The API contract (lib/api) on its own: schemas name the field at fault, error codes map to
 * statuses, docs/API.md states the same table, and the client refuses answers that are not the
 * API's.
 * @module
 */
import assert from "node:assert/strict";
import {
  CreateRequest,
  CreateResponse,
  ERRORS,
  SchemaError,
  ServerConfig,
  ShareInfo,
} from "../../lib/api/mod.ts";
import { getConfig, getShareInfo, ServerError } from "../../lib/client/mod.ts";

const LIMITS = { partSize: 1024, maxShareBytes: 10_000, maxExpires: 3600, maxViews: 10 };
const TOKEN = "A".repeat(43);

function refused(body: unknown): { code: string; message: string } {
  try {
    CreateRequest(LIMITS).parse(body, "");
  } catch (e) {
    assert.ok(e instanceof SchemaError, String(e));
    return { code: e.code, message: e.message };
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

Deno.test("contract - a create body with absent optional fields reads them as null", () => {
  assert.deepEqual(CreateRequest(LIMITS).parse({ readTokenHash: TOKEN }, ""), {
    size: null,
    expiresIn: null,
    views: null,
    readTokenHash: TOKEN,
    kdf: null,
    data: null,
  });
});

Deno.test("contract - every refused create field is named with its code", () => {
  const cases: [unknown, string, string][] = [
    [{ readTokenHash: TOKEN, extra: 1 }, "unknown_field", "Unknown field: extra"],
    [
      { readTokenHash: TOKEN, kdf: { salt: "A".repeat(22), iterations: 600_000, x: 1 } },
      "unknown_field",
      "Unknown field: kdf.x",
    ],
    [{}, "bad_field", "readTokenHash: is required (a string)"],
    [{ readTokenHash: "abc" }, "bad_field", "readTokenHash: must be 32 bytes in base64url"],
    [{ readTokenHash: TOKEN, views: 0 }, "bad_field", "views: must be between 1 and 10"],
    [{ readTokenHash: TOKEN, views: 1.5 }, "bad_field", "views: must be a whole number"],
    [
      { readTokenHash: TOKEN, expiresIn: 59 },
      "bad_field",
      "expiresIn: must be between 60 and 3600",
    ],
    [
      { readTokenHash: TOKEN, size: 10_001 },
      "too_large",
      "size: 10001 bytes exceeds the limit of 10000",
    ],
    [
      { readTokenHash: TOKEN, data: "A".repeat(1400) },
      "too_large",
      "data: more than one part (1024 bytes); upload in parts",
    ],
    [{ readTokenHash: TOKEN, data: "a+b/" }, "bad_field", "data: must be base64url"],
    [
      { readTokenHash: TOKEN, kdf: { salt: "A".repeat(22), iterations: 1000 } },
      "bad_field",
      "kdf.iterations: must be between 600000 and 10000000",
    ],
    [{ readTokenHash: TOKEN, kdf: "yes" }, "bad_field", "kdf: must be an object"],
  ];
  for (const [body, code, message] of cases) {
    assert.deepEqual(refused(body), { code, message }, JSON.stringify(body));
  }
});

Deno.test("contract - a create answer is complete, or waiting with a write token", () => {
  const common = {
    id: "q3Xh0s5c9m1Jd0l5bY2Vtw",
    deleteToken: TOKEN,
    expiresAt: "2026-12-01T00:00:00.000Z",
    partSize: 4,
  };
  assert.equal(CreateResponse.parse({ ...common, complete: true }, "answer").complete, true);
  const waiting = CreateResponse.parse({ ...common, complete: false, writeToken: TOKEN }, "answer");
  assert.ok(!waiting.complete && waiting.writeToken === TOKEN);
  assert.throws(() => CreateResponse.parse({ ...common, complete: false }, "answer"), SchemaError);
  assert.throws(() => ShareInfo.parse({ ...common }, "answer"), SchemaError);
  // A newer server's extra field is left out, not refused.
  const extra = CreateResponse.parse({ ...common, complete: true, region: "eu" }, "answer");
  assert.ok(!("region" in extra));
});

/** docs/API.md's error table, as the contract states it (deno fmt's column alignment). */
function errorTable(): string {
  const rows = Object.entries(ERRORS).map((
    [code, spec],
  ) => [String(spec.status), `\`${code}\``, spec.when]);
  const head = ["status", "code", "when"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)]
    .join("\n");
}

Deno.test("contract - docs/API.md's error table is the contract's", async () => {
  const docs = await Deno.readTextFile(new URL("../../docs/API.md", import.meta.url));
  const table = errorTable();
  assert.ok(docs.includes(table), `docs/API.md must contain this table:\n${table}`);
});

/** A server at a free port answering every request with `body` (status 200). */
function fakeServer(body: unknown): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, () => Response.json(body));
}

Deno.test("contract - the client refuses an answer that is not the API's", async () => {
  await using server = fakeServer({ partSize: "4 MiB" });
  const origin = `http://127.0.0.1:${server.addr.port}`;
  await assert.rejects(
    getConfig(origin),
    (e) => e instanceof ServerError && /answer\.partSize: must be a whole number/.test(e.message),
  );
  await assert.rejects(
    getShareInfo(origin, "q3Xh0s5c9m1Jd0l5bY2Vtw"),
    (e) =>
      e instanceof ServerError &&
      /answer\.id: is required/.test(e.message),
  );
});

Deno.test("contract - the client reads the API's own config answer", async () => {
  const config = {
    partSize: 4,
    maxShareBytes: 8,
    defaultExpires: 60,
    maxExpires: 60,
    maxViews: 1,
    uploadTokenRequired: true,
  };
  await using server = fakeServer(config);
  assert.deepEqual(await getConfig(`http://127.0.0.1:${server.addr.port}`), config);
  assert.deepEqual(ServerConfig.parse(config, "config"), config);
});
