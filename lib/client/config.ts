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
 * const { partSize } = await getConfig("http://localhost:8000");
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
