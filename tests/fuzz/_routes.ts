/**
 * Every route the server registers, as the fuzz tests target them, and a reader of the route
 * sources that lets a test check this table still lists every route (so a new route cannot be
 * added without being fuzzed).
 * @module
 */

/** One registered route: its method (as registered) and its full path template. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE" | "ALL";
  path: string;
}

/** The routes of lib/app.ts, routes/api/*.ts, routes/pages.tsx and routes/llms.ts. */
export const ROUTES: readonly Route[] = [
  { method: "GET", path: "/api/config" },
  { method: "GET", path: "/api/health" },
  { method: "POST", path: "/api/shares" },
  { method: "PUT", path: "/api/shares/:id/parts/:index" },
  { method: "POST", path: "/api/shares/:id/complete" },
  { method: "GET", path: "/api/shares/:id" },
  { method: "GET", path: "/api/shares/:id/content" },
  { method: "DELETE", path: "/api/shares/:id" },
  { method: "ALL", path: "/api/*" },
  { method: "GET", path: "/" },
  { method: "GET", path: "/s/:id" },
  { method: "GET", path: "/d/:id" },
  { method: "GET", path: "/security" },
  { method: "GET", path: "/static/*" },
  { method: "GET", path: "/share.js" },
  { method: "GET", path: "/share-mcp.js" },
  { method: "GET", path: "/*" },
  { method: "GET", path: "/llms.txt" },
  { method: "GET", path: "/metrics" },
];

/** Where each route module is mounted (see lib/app.ts and routes/api/mod.ts). */
const MOUNTS: Record<string, string> = {
  "lib/app.ts": "",
  "routes/api/mod.ts": "/api",
  "routes/api/shares.ts": "/api/shares",
  "routes/pages.tsx": "",
  "routes/llms.ts": "",
  "routes/metrics.ts": "",
};

/**
 * Reads the route registrations (`app.get("/x", …)`, `api.all(…)`, …) out of lib/app.ts and every
 * source under routes/, with their mount prefixes applied. Comment lines (JSDoc examples) are
 * skipped; a file that registers routes but has no known mount point is an error.
 * @example
 * ```ts
 * const routes = await registeredRoutes(); // [{ method: "GET", path: "/api/config" }, …]
 * ```
 */
export async function registeredRoutes(): Promise<Route[]> {
  const root = new URL("../../", import.meta.url);
  const found: Route[] = [];
  const files = ["lib/app.ts"];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(new URL(dir, root))) {
      if (entry.isDirectory) await walk(`${dir}${entry.name}/`);
      else if (/\.tsx?$/.test(entry.name)) files.push(`${dir}${entry.name}`);
    }
  };
  await walk("routes/");
  for (const file of files) {
    const source = (await Deno.readTextFile(new URL(file, root)))
      .split("\n")
      .filter((line) => !/^\s*(\*|\/\/)/.test(line))
      .join("\n");
    const pattern = /\b(?:app|api)\.(get|post|put|delete|patch|all|on)\(\s*"([^"]*)"/g;
    for (const [, method, path] of source.matchAll(pattern)) {
      if (!(file in MOUNTS)) throw new Error(`${file} registers routes: add its mount to MOUNTS`);
      const tail = path === "/" && MOUNTS[file] ? "" : path.startsWith("/") ? path : `/${path}`;
      const full = `${MOUNTS[file]}${tail}` || "/";
      found.push({ method: method.toUpperCase() as Route["method"], path: full });
    }
  }
  return found;
}
