/**
 * One root error class: outside lib/store and lib/http (which answer HTTP), every error the
 * project throws is a HushlinkError, so callers switch on a stable `code`, never on a message.
 */
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../lib/config.ts";
import { HushlinkError } from "../../lib/crypto/mod.ts";
import { ToolFailure } from "../../lib/mcp/result.ts";
import { resolveSession, SessionError } from "../../lib/sessions/mod.ts";
import { UsageError } from "../../lib/share_io/errors.ts";
import { StartupError } from "../../main.ts";
import { tempDir } from "../helpers/temp_dir.ts";

/** The error `run` throws, or fails when it throws none. */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  assert.fail("nothing was thrown");
}

Deno.test("errors - config, session, start-up, tool and usage errors are HushlinkErrors with stable codes", async () => {
  await using home = await tempDir();
  const cases: [unknown, typeof HushlinkError, string, string][] = [
    [await thrown(() => loadConfig({ PORT: "x" })), ConfigError, "bad_config", "ConfigError"],
    [
      await thrown(() => resolveSession(undefined, { home: home.path, cwd: "/nowhere" })),
      SessionError,
      "no_project",
      "SessionError",
    ],
    [
      new StartupError("kv_unavailable", "cannot open KV"),
      StartupError,
      "kv_unavailable",
      "StartupError",
    ],
    [new ToolFailure("no_sessions", "none yet"), ToolFailure, "no_sessions", "ToolFailure"],
    [new UsageError("no such file: x"), UsageError, "usage", "UsageError"],
  ];
  for (const [error, type, code, name] of cases) {
    assert.ok(error instanceof type, String(error));
    assert.ok(error instanceof HushlinkError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.name, name);
  }
});
