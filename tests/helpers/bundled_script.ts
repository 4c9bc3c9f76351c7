/**
 * The share script as users load it: bundled as the server's /share.js and /share-mcp.js are
 * (scripts/build.ts) and served by a front server that passes every other request to a test
 * server.
 * @module
 */
import { MCP_BUNDLE } from "../../lib/asset_manifest.ts";
import { bundleShareScript } from "../../scripts/build.ts";

/** A front server serving the bundled script; `origin` is where to load `/share.js` from. */
export interface BundledScript extends AsyncDisposable {
  /** The front server's origin (`http://127.0.0.1:PORT`). */
  origin: string;
  /** The paths of the script files it served so far (`/share.js`, `/share-mcp.js`), in order. */
  served: string[];
}

/**
 * Bundles the share script into `dir` and serves it at `/share.js` and `/share-mcp.js`, other
 * paths proxied to `apiServer`.
 * @example
 * ```ts
 * import { startTestServer } from "./server.ts";
 * const server = await startTestServer();
 * {
 *   await using front = await serveBundledScript(server.url, await Deno.makeTempDir());
 *   console.log(`deno run -NR ${front.origin}/share.js`);
 * }
 * await server.close();
 * ```
 */
export async function serveBundledScript(apiServer: string, dir: string): Promise<BundledScript> {
  await bundleShareScript(dir);
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const name of ["share.js", MCP_BUNDLE]) {
    files.set(`/${name}`, await Deno.readFile(`${dir}/${name}`));
  }
  const served: string[] = [];
  const front = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    const file = files.get(url.pathname);
    if (file) {
      served.push(url.pathname);
      return new Response(file, { headers: { "content-type": "text/javascript" } });
    }
    return fetch(new URL(url.pathname + url.search, apiServer), {
      method: req.method,
      headers: req.headers,
      body: req.body,
    });
  });
  return {
    origin: `http://127.0.0.1:${front.addr.port}`,
    served,
    [Symbol.asyncDispose]: () => front.shutdown(),
  };
}
