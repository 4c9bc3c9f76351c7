import { Hono } from "hono";
import type { AppDeps } from "../lib/app.ts";

/** Page routes (placeholder until the web app lands). */
export function pageRoutes(_deps: AppDeps): Hono {
  return new Hono();
}
