/**
 * `deno task bench`: runs every benchmark — format (crypto), raw KV, share script, share script
 * bundles, server load, web viewer, web upload, web download, conversation view and, in the full
 * run, the long fuzz —
 * printing each as it finishes, then writes docs/BENCHMARKS.md (bench/report.ts). A benchmark that fails is reported as not run; the others
 * still run.
 *
 * Usage: `deno task bench [--quick] [--out FILE] [--json FILE] [--fuzz-runs N]`. The full run
 * rewrites docs/BENCHMARKS.md; `--quick` (a few minutes: smaller files, 5 s load phases, no
 * fuzz) prints the report and writes it only where `--out` says. `--json` also saves the raw
 * results, which `deno run -A bench/report.ts RESULTS.json [OUT.md]` renders again.
 * @module
 */

import { benchBundle, formatBundleBench } from "./bundle.ts";
import { benchCli, formatCliBench } from "./cli.ts";
import { benchConversation, formatConversationBench } from "./conversation.ts";
import { benchCrypto, formatCryptoBench } from "./crypto.ts";
import { benchDownload, formatDownloadBench } from "./download.ts";
import { benchFuzz, formatFuzz } from "./fuzz.ts";
import { benchLoad, formatLoad } from "./load.ts";
import { machineInfo } from "./machine.ts";
import { type BenchRun, type Outcome, renderReport, writeReport } from "./report.ts";
import { benchServer, formatServerBench } from "./server.ts";
import { benchUpload, formatUploadBench } from "./upload.ts";
import { benchWeb, formatWebBench } from "./web.ts";

/** Runs one benchmark, prints its lines (or its error) and keeps the outcome. */
async function step<T>(
  name: string,
  run: () => Promise<T>,
  format: (r: T) => string,
): Promise<Outcome<T>> {
  console.log(`\n== ${name}`);
  const start = performance.now();
  try {
    const value = await run();
    console.log(format(value));
    console.log(`(${((performance.now() - start) / 1000).toFixed(0)} s)`);
    return { ok: true, value };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(`${name} failed: ${error}`);
    return { ok: false, error };
  }
}

function option(name: string): string | undefined {
  const at = Deno.args.indexOf(name);
  return at >= 0 ? Deno.args[at + 1] : undefined;
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const out = option("--out") ??
    (quick ? undefined : new URL("../docs/BENCHMARKS.md", import.meta.url).pathname);
  const fuzzRuns = Number(option("--fuzz-runs") ?? 20_000);
  const start = performance.now();
  const machine = await machineInfo();
  console.log(`bench (${quick ? "quick" : "full"}) on ${machine.cpus} × ${machine.cpuModel}`);

  const crypto = await step("format", () => benchCrypto({ quick }), formatCryptoBench);
  const kv = await step("raw KV", () => benchServer({ quick }), formatServerBench);
  const cli = await step("share script", () => benchCli({ quick }), formatCliBench);
  const bundle = await step(
    "share script bundles",
    () => benchBundle({ quick }),
    formatBundleBench,
  );
  const load = await step("server load", () => benchLoad({ quick }), formatLoad);
  const web = await step("web viewer", () => benchWeb({ quick }), formatWebBench);
  const upload = await step("web upload", () => benchUpload({ quick }), formatUploadBench);
  const download = await step("web download", () => benchDownload({ quick }), formatDownloadBench);
  const conversation = await step(
    "conversation view",
    () => benchConversation({ quick }),
    formatConversationBench,
  );
  const fuzz = quick
    ? null
    : await step("long fuzz", () => benchFuzz({ runs: fuzzRuns }), formatFuzz);

  const run: BenchRun = {
    quick,
    date: new Date().toISOString(),
    seconds: (performance.now() - start) / 1000,
    machine,
    loadAtEnd: Deno.loadavg(),
    crypto,
    kv,
    cli,
    bundle,
    load,
    web,
    upload,
    download,
    conversation,
    fuzz,
  };
  const json = option("--json");
  if (json) await Deno.writeTextFile(json, JSON.stringify(run, null, 1));
  const report = renderReport(run);
  if (out) {
    await writeReport(out, report);
    console.log(`\nwrote ${out} (${(run.seconds / 60).toFixed(1)} min)`);
  } else {
    console.log(`\n${report}`);
    console.log(`(${(run.seconds / 60).toFixed(1)} min; --out FILE to write it)`);
  }
}
