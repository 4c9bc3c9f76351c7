/**
 * The share script as users load it: bundled into one file by `deno bundle` (as the server's
 * /share.js is) and served by a front server that passes every other request to a test server.
 * @module
 */

const SHARE_TS = new URL("../../share.ts", import.meta.url).pathname;

/** A front server serving the bundled script; `origin` is where to load `/share.js` from. */
export interface BundledScript extends AsyncDisposable {
  /** The front server's origin (`http://127.0.0.1:PORT`). */
  origin: string;
}

/**
 * Bundles share.ts into `dir` and serves it at `/share.js`, other paths proxied to `apiServer`.
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
  const bundle = `${dir}/share.js`;
  const built = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform", "deno", "-o", bundle, SHARE_TS],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (built.code !== 0) throw new Error(new TextDecoder().decode(built.stderr));
  const code = await Deno.readFile(bundle);
  const front = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/share.js") {
      return new Response(code, { headers: { "content-type": "text/javascript" } });
    }
    return fetch(new URL(url.pathname + url.search, apiServer), {
      method: req.method,
      headers: req.headers,
      body: req.body,
    });
  });
  return {
    origin: `http://127.0.0.1:${front.addr.port}`,
    [Symbol.asyncDispose]: () => front.shutdown(),
  };
}
