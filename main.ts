/**
 * Entry point: reads the configuration from the environment, opens Deno KV (a local file,
 * creating its directory; Deno Deploy's managed KV there) and serves the app.
 * @module
 */
import { createApp } from "./lib/app.ts";
import { ConfigError, loadConfig } from "./lib/config.ts";

/** Opens the KV store: Deploy's own database there, else the configured local file. */
async function openKv(path: string): Promise<Deno.Kv> {
  if (Deno.env.get("DENO_DEPLOYMENT_ID")) return await Deno.openKv();
  const slash = path.lastIndexOf("/");
  if (slash > 0) await Deno.mkdir(path.slice(0, slash), { recursive: true });
  return await Deno.openKv(path);
}

if (import.meta.main) {
  let config;
  try {
    config = loadConfig(Deno.env.toObject());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`hushlink: bad configuration: ${err.message}`);
    Deno.exit(1);
  }
  const kv = await openKv(config.kvPath);
  const app = createApp({ kv, config });
  Deno.serve({
    port: config.port,
    onListen: ({ port }) => console.log(`hushlink listening on http://localhost:${port}/`),
  }, (req, info) => app.fetch(req, info));
}
