/**
 * The long fuzz run of the full bench: `deno test --allow-all tests/fuzz/` with HUSHLINK_FUZZ_RUNS
 * raised above the CI default and a fresh seed (HUSHLINK_FUZZ_SEED, reported so that a failure can
 * be replayed; CI always runs its fixed seed), reported as passed/failed with the test counts.
 * Skipped, with a note, when tests/fuzz/ does not exist.
 *
 * Standalone: `deno run -A bench/fuzz.ts [--runs N] [--seed S]`.
 * @module
 */

const ROOT = new URL("../", import.meta.url);
const CONFIG = new URL("deno.json", ROOT).pathname;
const DIR = new URL("tests/fuzz/", ROOT).pathname;

/** Result of {@link benchFuzz}. */
export interface FuzzResult {
  /** "passed", "failed", "timed out" or "skipped". */
  outcome: "passed" | "failed" | "timed out" | "skipped";
  /** HUSHLINK_FUZZ_RUNS given to the tests. */
  runs: number;
  /** HUSHLINK_FUZZ_SEED given to the tests. */
  seed: number;
  /** Test steps passed and failed, from deno test's closing line (null when absent). */
  passed: number | null;
  failed: number | null;
  seconds: number;
  /** Why it was skipped, or the last lines of the output when it failed. */
  note: string | null;
}

/**
 * Runs the fuzz tests with `runs` iterations per property and `seed` (random by default), killed
 * after `timeoutSeconds`.
 * @example
 * ```ts
 * import { benchFuzz } from "./fuzz.ts";
 * const r = await benchFuzz({ runs: 20_000 });
 * console.log(r.outcome, r.passed);
 * ```
 */
export async function benchFuzz(
  options: { runs: number; seed?: number; timeoutSeconds?: number },
): Promise<FuzzResult> {
  const seed = options.seed ?? crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
  const exists = await Deno.stat(DIR).then((s) => s.isDirectory, () => false);
  if (!exists) {
    return {
      outcome: "skipped",
      runs: options.runs,
      seed,
      passed: null,
      failed: null,
      seconds: 0,
      note: "tests/fuzz/ does not exist yet",
    };
  }
  const start = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "--config", CONFIG, "--allow-all", DIR],
    env: {
      HUSHLINK_FUZZ_RUNS: String(options.runs),
      HUSHLINK_FUZZ_SEED: String(seed),
      NO_COLOR: "1",
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, (options.timeoutSeconds ?? 420) * 1000);
  const [status, stdout, stderr] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  clearTimeout(timer);
  const output = stdout + stderr;
  // Closing line: "ok | 5 passed (12 steps) | 0 failed (…)" or "FAILED | 4 passed | 1 failed".
  const closing = /(?:ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/.exec(
    output,
  );
  const outcome = timedOut ? "timed out" : status.success ? "passed" : "failed";
  return {
    outcome,
    runs: options.runs,
    seed,
    passed: closing ? Number(closing[1]) : null,
    failed: closing ? Number(closing[3]) : null,
    seconds: (performance.now() - start) / 1000,
    note: outcome === "passed" ? null : failureNote(output),
  };
}

/**
 * What to show of a failed run: each failing test with its seed path, counterexample and cause
 * from deno test's ERRORS section — no stack frames, which name paths on this machine — else the
 * last lines of the output.
 */
function failureNote(output: string): string {
  const lines = output.split("\n");
  const errors = lines.findIndex((l) => l.trim() === "ERRORS");
  const keep = /=> \.\/|^error:|^\{ seed|^Counterexample|^Caused by/;
  const picked = errors >= 0
    ? lines.slice(errors).filter((l) => keep.test(l))
    : lines.filter((l) => !/^\s+at |^Deno\.serve: request\.signal/.test(l)).slice(-15);
  return picked.map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)).join("\n").trim();
}

/**
 * The result as the line the bench prints.
 * @example
 * ```ts
 * import { benchFuzz, formatFuzz } from "./fuzz.ts";
 * console.log(formatFuzz(await benchFuzz({ runs: 1000 })));
 * ```
 */
export function formatFuzz(r: FuzzResult): string {
  if (r.outcome === "skipped") return `fuzz: skipped (${r.note})`;
  return `fuzz: ${r.outcome} with HUSHLINK_FUZZ_RUNS=${r.runs} HUSHLINK_FUZZ_SEED=${r.seed} in ${
    r.seconds.toFixed(0)
  } s ` +
    `(${r.passed ?? "?"} passed, ${r.failed ?? "?"} failed)` +
    (r.note && r.outcome !== "passed" ? `\n${r.note}` : "");
}

if (import.meta.main) {
  const arg = (name: string) => {
    const at = Deno.args.indexOf(name);
    return at >= 0 ? Number(Deno.args[at + 1]) : undefined;
  };
  console.log(formatFuzz(await benchFuzz({ runs: arg("--runs") ?? 20_000, seed: arg("--seed") })));
}
