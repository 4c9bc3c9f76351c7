/**
 * The reference server of the load bench: the same two routes as the share API for 1 KiB shares
 * (`POST /api/shares` with data inline, `GET /api/shares/:id/content`) on bare `Deno.serve`, with
 * the shares in a Map — no Hono, no KV, no token hashing, no limits. Measured with the same load
 * generator in the same run, it is what this machine's Deno HTTP stack allows; the service's rates
 * are reported as fractions of it.
 *
 * Run as its own process: `PORT=8001 deno run --allow-net --allow-env bench/baseline_server.ts`.
 * @module
 */

const shares = new Map<string, Uint8Array<ArrayBuffer>>();
const CONTENT = /^\/api\/shares\/([\w-]{1,64})\/content$/;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

/**
 * Handles one request.
 * @example
 * ```ts
 * import { handle } from "./baseline_server.ts";
 * Deno.serve({ port: 8001 }, handle);
 * ```
 */
export async function handle(req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (req.method === "POST" && url.pathname === "/api/shares") {
    const body = await req.json();
    if (typeof body?.data !== "string" || typeof body.readTokenHash !== "string") {
      return json(400, { error: { code: "bad_field" } });
    }
    const id = crypto.getRandomValues(new Uint8Array(16)).toBase64({
      alphabet: "base64url",
      omitPadding: true,
    });
    shares.set(id, Uint8Array.fromBase64(body.data, { alphabet: "base64url" }));
    return json(201, { id, complete: true });
  }
  const match = CONTENT.exec(url.pathname);
  if (req.method === "GET" && match) {
    const data = shares.get(match[1]);
    if (!req.headers.get("authorization")) return json(401, { error: { code: "token_required" } });
    if (!data) return json(404, { error: { code: "not_found" } });
    return new Response(data, { headers: { "Content-Type": "application/octet-stream" } });
  }
  if (url.pathname === "/api/health") return json(200, { ok: true });
  return json(404, { error: { code: "not_found" } });
}

if (import.meta.main) {
  Deno.serve({ port: Number(Deno.env.get("PORT") ?? 8001), hostname: "127.0.0.1" }, handle);
}
