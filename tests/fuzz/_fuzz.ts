/**
 * Settings and checks shared by the fuzz tests: the fixed seed and run counts (raised by
 * `HUSHLINK_FUZZ_RUNS` for the long mode the bench runs), the documented error codes, the check
 * every answer must pass, and a known-good share that must still read back after a fuzz run.
 * @module
 */
import assert from "node:assert/strict";
import { b64, createShare, download, newReader, randomBytes } from "../api/_client.ts";

/**
 * The seed every property runs with: fixed so that CI runs the same cases every time
 * (`HUSHLINK_FUZZ_SEED` replays another seed).
 * @example
 * ```ts
 * await fc.assert(property, { seed: FUZZ_SEED, numRuns: fuzzRuns(200) });
 * ```
 */
export const FUZZ_SEED = Number(Deno.env.get("HUSHLINK_FUZZ_SEED") ?? 20_260_801);

/**
 * Runs of one property: `ci` by default (a few seconds in all), or in the long mode
 * (`HUSHLINK_FUZZ_RUNS=20000 deno test -A tests/fuzz/`, what the bench runs) that count divided
 * by `cost`, the property's price per run relative to a cheap one (one small request), so that
 * every property gets a comparable share of the time.
 * @example
 * ```ts
 * fuzzRuns(60, 40); // 60 in CI; 500 with HUSHLINK_FUZZ_RUNS=20000
 * ```
 */
export function fuzzRuns(ci: number, cost = 1): number {
  const raw = Deno.env.get("HUSHLINK_FUZZ_RUNS");
  if (raw === undefined || raw === "") return ci;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`HUSHLINK_FUZZ_RUNS: not a count: ${raw}`);
  return Math.max(ci, Math.round(Number(raw) / cost));
}

/**
 * Generous time for one answer. Only a hang detector: a request that gets no answer in this time
 * is one the server would never answer. Raised with the run count in the long mode, which shares
 * the machine with other work.
 * @example
 * ```ts
 * await fetch(url, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
 * ```
 */
export const ANSWER_WITHIN_MS = 15_000;

let documented: Set<string> | null = null;

/**
 * The error codes docs/API.md documents (the first column of its error table).
 * @example
 * ```ts
 * (await documentedCodes()).has("not_found"); // true
 * ```
 */
export async function documentedCodes(): Promise<Set<string>> {
  if (documented) return documented;
  const text = await Deno.readTextFile(new URL("../../docs/API.md", import.meta.url));
  const codes = [...text.matchAll(/^\|\s*\d{3}\s*\|\s*`([a-z_]+)`/gm)].map((m) => m[1]);
  assert.ok(codes.length >= 10, "docs/API.md: error table not found");
  documented = new Set(codes);
  return documented;
}

/** One answer as {@link checkAnswer} sees it. */
export interface Answer {
  /** What was asked, for messages (e.g. `GET /api/x`). */
  what: string;
  /** The path the server saw; `/api` and below must answer errors in the JSON shape. */
  pathname: string;
  /** HEAD answers carry no body to check. */
  head: boolean;
  status: number;
  contentType: string | null;
  body: Uint8Array;
}

/**
 * Checks one answer of the server: never a 5xx but the documented 507; every API error is
 * `{"error":{"code","message"}}` with a code documented in docs/API.md.
 * @example
 * ```ts
 * await checkAnswer({ what: "GET /api/x", pathname: "/api/x", head: false, status: res.status,
 *   contentType: res.headers.get("content-type"), body: await res.bytes() });
 * ```
 */
export async function checkAnswer(answer: Answer): Promise<void> {
  const { what, status, contentType } = answer;
  const text = new TextDecoder().decode(answer.body);
  assert.ok(status < 500 || status === 507, `${what}: ${status} ${text.slice(0, 300)}`);
  if (!/^\/api(\/|$)/.test(answer.pathname) || status < 400) return;
  assert.match(contentType ?? "", /^application\/json/, `${what}: ${status} not JSON`);
  if (answer.head) return;
  let json: { error?: { code?: unknown; message?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
    assert.fail(`${what}: ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  assert.deepEqual(Object.keys(json), ["error"], `${what}: ${text}`);
  assert.deepEqual(Object.keys(json.error!).sort(), ["code", "message"], `${what}: ${text}`);
  assert.equal(typeof json.error!.message, "string", `${what}: ${text}`);
  const code = String(json.error!.code);
  assert.ok((await documentedCodes()).has(code), `${what}: undocumented code ${code}`);
}

/** A share that the fuzz must not disturb: read back byte-identical afterwards. */
export interface KnownShare {
  id: string;
  readToken: string;
  data: Uint8Array;
}

/**
 * Creates a small unlimited-view share to read back after a fuzz run.
 * @example
 * ```ts
 * const good = await knownShare(server.url);
 * ```
 */
export async function knownShare(origin: string): Promise<KnownShare> {
  const reader = await newReader();
  const data = randomBytes(3000);
  const share = await createShare(origin, { readTokenHash: reader.hash, data: b64(data) });
  return { id: share.id, readToken: reader.token, data };
}

/**
 * Asserts the server still answers: health, config, and the known share byte-identical.
 * @example
 * ```ts
 * await stillServes(server.url, good);
 * ```
 */
export async function stillServes(origin: string, share: KnownShare): Promise<void> {
  const signal = AbortSignal.timeout(ANSWER_WITHIN_MS);
  const health = await fetch(`${origin}/api/health`, { signal });
  const text = await health.text();
  assert.equal(health.status, 200, text);
  const res = await download(origin, share.id, share.readToken);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.bytes(), share.data);
}
