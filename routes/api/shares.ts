/**
 * The share endpoints: create, upload parts, complete, public metadata, content, delete.
 * Handlers only translate HTTP to store calls; the store enforces expiry, tokens and view counts.
 * @module
 */
import { type Context, Hono } from "hono";
import {
  type CompleteResponse,
  type CreateResponse,
  EXPIRES_AT_HEADER,
  type PartResponse,
  type ShareInfo,
  VIEWS_LEFT_HEADER,
} from "../../lib/api/mod.ts";
import type { Config } from "../../lib/config.ts";
import { bearer, tokenHash, uploadTokenGuard } from "../../lib/http/auth.ts";
import { contentLength, idleTimeout, readJsonObject } from "../../lib/http/body.ts";
import { HttpError } from "../../lib/http/errors.ts";
import type { Limiter } from "../../lib/http/rate_limit.ts";
import { DOWNLOAD_CSP } from "../../lib/http/security_headers.ts";
import { ShareNotFoundError, StoreError } from "../../lib/store/errors.ts";
import type { Content, RangeSpec, ShareAccess } from "../../lib/store/shares.ts";
import { ID_PATTERN } from "../../lib/crypto/mod.ts";
import { createBodyLimit, parseComplete, parseCreate } from "./validate.ts";

/** What the share routes need. */
export interface ShareRoutesDeps {
  store: ShareAccess;
  config: Config;
  /** Counts share creations per client. */
  creates: Limiter;
  /** Counts failed token attempts per client. */
  failures: Limiter;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The headers of a ciphertext download: inert (an attachment, sandboxed) and stating the views
 * and expiry left. Set one by one: Deno fills a Response's headers from an init of several far
 * more slowly than it sets them.
 */
function setDownloadHeaders(h: Headers, content: Content): void {
  const { range } = content;
  h.set("Content-Type", "application/octet-stream");
  h.set("Content-Disposition", "attachment");
  h.set("Content-Security-Policy", DOWNLOAD_CSP);
  h.set(VIEWS_LEFT_HEADER, content.viewsLeft === null ? "unlimited" : String(content.viewsLeft));
  h.set(EXPIRES_AT_HEADER, iso(content.expiresAt));
  h.set("Accept-Ranges", content.viewsLeft === null ? "bytes" : "none");
  if (range) h.set("Content-Range", `bytes ${range.start}-${range.end}/${content.size}`);
  h.set("Content-Length", String(range ? range.end - range.start + 1 : content.size));
}

/** The route's share id, or 404 for anything that cannot be one (same answer as unknown). */
function shareId(c: Context): string {
  const id = c.req.param("id");
  if (!id || !ID_PATTERN.test(id)) throw new ShareNotFoundError();
  return id;
}

/** Parses a single `Range: bytes=…` header; anything else is ignored (RFC 9110 allows that). */
function parseRange(header: string | undefined): RangeSpec | null {
  const match = header ? /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const start = match[1] === "" ? null : Number(match[1]);
  const end = match[2] === "" ? null : Number(match[2]);
  if (start !== null && end !== null && end < start) return null;
  return { start, end };
}

/**
 * Builds the `/shares` routes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { shareRoutes } from "./shares.ts";
 * import { createStore } from "../../lib/app.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { handleError } from "../../lib/http/errors.ts";
 * import { RateLimiter } from "../../lib/http/rate_limit.ts";
 * await using kv = await Deno.openKv(":memory:");
 * const config = loadConfig({});
 * const store = createStore(kv, config);
 * const creates = new RateLimiter(300, 60_000);
 * const failures = new RateLimiter(30, 60_000);
 * const api = new Hono().onError(handleError);
 * api.route("/shares", shareRoutes({ store, config, creates, failures }));
 * const res = await api.request("/shares/q3Xh0s5c9m1Jd0l5bY2Vtw");
 * assert.equal(res.status, 404); // no such share
 * ```
 */
export function shareRoutes(deps: ShareRoutesDeps): Hono {
  const { store, config, creates, failures } = deps;
  const app = new Hono();
  const createLimit = createBodyLimit(config);
  const maxParts = Math.ceil(config.maxShareBytes / config.partSize);
  const bodyTimeout = config.bodyTimeout * 1000;

  /** Hashes the bearer token after checking the client is not locked out; counts failures. */
  async function presented(c: Context): Promise<Uint8Array> {
    const token = bearer(c);
    await failures.check(c);
    return await tokenHash(c, failures, token);
  }
  async function counted<T>(c: Context, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      // By code, not class: a store error from the main thread arrives as a StoreError.
      if (err instanceof StoreError && err.code === "bad_token") await failures.hit(c);
      throw err;
    }
  }

  app.post("/", uploadTokenGuard(config.uploadToken, failures), async (c) => {
    await creates.hit(c);
    const input = parseCreate(await readJsonObject(c, createLimit, bodyTimeout), config);
    const created = await store.create(input);
    const common = {
      id: created.id,
      deleteToken: created.deleteToken,
      expiresAt: iso(created.expiresAt),
      partSize: config.partSize,
    };
    const body: CreateResponse = created.writeToken === null
      ? { ...common, complete: true }
      : { ...common, complete: false, writeToken: created.writeToken };
    return c.json(body, 201);
  });

  app.put("/:id/parts/:index", async (c) => {
    const id = shareId(c);
    const raw = c.req.param("index");
    const index = /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
    if (index < 0 || index >= maxParts) {
      throw new HttpError(
        "bad_index",
        `Part index must be a whole number from 0 to ${maxParts - 1}`,
      );
    }
    const hash = await presented(c);
    const length = contentLength(c);
    // A client that stops sending mid-part must not hold the request open: 408 after a pause.
    const stream = c.req.raw.body;
    const body = stream && idleTimeout(stream, bodyTimeout);
    const stored: PartResponse = await counted(
      c,
      () => store.putPart(id, index, hash, body, length),
    );
    return c.json(stored);
  });

  app.post("/:id/complete", async (c) => {
    const id = shareId(c);
    const hash = await presented(c);
    const size = parseComplete(await readJsonObject(c, 4096, bodyTimeout), config);
    const done = await counted(c, () => store.complete(id, hash, size));
    const body: CompleteResponse = { id: done.id, size: done.size, expiresAt: iso(done.expiresAt) };
    return c.json(body);
  });

  app.get("/:id", async (c) => {
    const info = await store.info(shareId(c));
    const body: ShareInfo = {
      id: info.id,
      size: info.size,
      createdAt: iso(info.createdAt),
      expiresAt: iso(info.expiresAt),
      viewsLeft: info.viewsLeft,
      kdf: info.kdf,
    };
    return c.json(body);
  });

  app.get("/:id/content", async (c) => {
    // Hono answers HEAD with the GET handler; that must not spend a view.
    if (c.req.method === "HEAD") {
      throw new HttpError("method_not_allowed", "Use GET to download", { Allow: "GET" });
    }
    const id = shareId(c);
    const hash = await presented(c);
    const content = await counted(c, () => store.open(id, hash, parseRange(c.req.header("Range"))));
    const status = content.range ? 206 : 200;
    if (content.body instanceof Uint8Array) {
      // An inline share's bytes go through c.body, which the request observer sizes as it is
      // built (a bare Response would be re-wrapped into a counted stream, its headers copied).
      const res = c.body(content.body as Uint8Array<ArrayBuffer>, status);
      setDownloadHeaders(res.headers, content);
      return res;
    }
    const res = new Response(content.body as BodyInit, { status });
    setDownloadHeaders(res.headers, content);
    return res;
  });

  app.delete("/:id", async (c) => {
    const id = shareId(c);
    const hash = await presented(c);
    await counted(c, () => store.delete(id, hash));
    return c.body(null, 204);
  });

  return app;
}
