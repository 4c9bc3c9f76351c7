/**
 * The server's public limits (`GET /api/config`).
 * @module
 */
import { ServerConfig } from "../api/mod.ts";
import { apiRequest, readAnswer, type RequestOptions, withRetry } from "./http.ts";

/**
 * Fetches the server's limits, retrying while the server is briefly unavailable.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getConfig } from "./config.ts";
 * import { PART_SIZE } from "../api/mod.ts";
 * import { createApp } from "../app.ts";
 * import { loadConfig } from "../config.ts";
 * // A server in this process on an in-memory KV; over the network, leave out `fetch`.
 * await using kv = await Deno.openKv(":memory:");
 * const app = createApp({ kv, config: loadConfig({}) });
 * const fetch = (async (input: URL | RequestInfo, init?: RequestInit) =>
 *   await app.fetch(new Request(input, init))) as typeof globalThis.fetch;
 *
 * const { partSize } = await getConfig("http://localhost:8000", { fetch });
 * assert(partSize === PART_SIZE);
 * ```
 */
export async function getConfig(
  server: string,
  options: RequestOptions = {},
): Promise<ServerConfig> {
  const res = await withRetry(
    () => apiRequest(server, "/api/config", { method: "GET" }, options),
    { attempts: 2, signal: options.signal },
  );
  return await readAnswer(res, ServerConfig);
}
