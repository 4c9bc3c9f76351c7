/**
 * The server's public limits (`GET /api/config`).
 * @module
 */
import { apiRequest, type RequestOptions, withRetry } from "./http.ts";

/** What `GET /api/config` reports. Durations are in seconds, sizes in bytes. */
export interface ServerConfig {
  /** Ciphertext bytes per upload part; every part but the last has exactly this size. */
  partSize: number;
  /** Largest share, in ciphertext bytes. */
  maxShareBytes: number;
  /** Lifetime of a share that names none. */
  defaultExpires: number;
  /** Longest lifetime a share may ask for. */
  maxExpires: number;
  /** Largest view limit. */
  maxViews: number;
  /** Whether creating a share needs the server's upload token. */
  uploadTokenRequired: boolean;
}

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
  return await res.json() as ServerConfig;
}
