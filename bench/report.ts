/**
 * Writes docs/BENCHMARKS.md from one bench run: the machine, how to reproduce, the targets table
 * (bench/targets.ts) and each benchmark's figures — ratios measured in the same run first, then
 * absolute figures, which are machine-dependent.
 * @module
 */

import { type BundleBenchResult, servedSize } from "./bundle.ts";
import type { CliBenchResult } from "./cli.ts";
import type { ConversationBenchResult } from "./conversation.ts";
import type { CryptoBenchResult } from "./crypto.ts";
import type { FuzzResult } from "./fuzz.ts";
import type { LoadResult } from "./load.ts";
import type { MachineInfo } from "./machine.ts";
import type { ServerBenchResult } from "./server.ts";
import type { Phase } from "./small_shares.ts";
import { checkTargets } from "./targets.ts";
import { formatUploadCpu, type UploadBenchResult } from "./upload.ts";
import type { DownloadBenchResult } from "./download.ts";
import type { WebBenchResult } from "./web.ts";

const MiB = 1024 * 1024;

/** A benchmark's result, or the error that stopped it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** Everything one `deno task bench` run measured. */
export interface BenchRun {
  quick: boolean;
  /** ISO date of the run. */
  date: string;
  /** Wall time of the whole run in seconds. */
  seconds: number;
  machine: MachineInfo;
  /** Load averages when the run ended. */
  loadAtEnd: number[];
  crypto: Outcome<CryptoBenchResult>;
  kv: Outcome<ServerBenchResult>;
  cli: Outcome<CliBenchResult>;
  /** The share script's bundles (absent in results saved before it existed). */
  bundle?: Outcome<BundleBenchResult>;
  load: Outcome<LoadResult>;
  web: Outcome<WebBenchResult>;
  /** The upload form against the share script (absent in results saved before it existed). */
  upload?: Outcome<UploadBenchResult>;
  /** Large downloads in the browser (absent in results saved before it existed). */
  download?: Outcome<DownloadBenchResult>;
  /** The conversation view on a large session (absent in results saved before it existed). */
  conversation?: Outcome<ConversationBenchResult>;
  /** Null in a quick run (the long fuzz runs only in the full bench). */
  fuzz: Outcome<FuzzResult> | null;
}

const mbs = (x: number) => `${(x / 1e6).toFixed(0)} MB/s`;
const mib = (x: number) => `${(x / MiB).toFixed(0)} MiB`;
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

function section<T>(title: string, o: Outcome<T>, body: (v: T) => string[]): string[] {
  return [`## ${title}`, "", ...(o.ok ? body(o.value) : [`**Did not run:** ${o.error}`]), ""];
}

function cryptoSection(r: CryptoBenchResult): string[] {
  const lines = [
    `lib/crypto's streams encrypting and decrypting ${r.bytes / MiB} MiB (64 KiB records), next to`,
    "`openssl speed -evp aes-256-gcm -bytes 65536` (one core: the machine's AES-GCM ceiling).",
    "",
    "| operation | records in flight | vs openssl, 1 core | rate (machine-dependent) |",
    "| --- | --- | --- | --- |",
  ];
  for (const row of r.rows) {
    lines.push(
      `| ${row.operation} | ${row.concurrency} | ${
        row.vsOpenssl === null ? "n/a" : pct(row.vsOpenssl)
      } | ${mbs(row.rate)} |`,
    );
  }
  lines.push(
    "",
    r.opensslRate === null
      ? "openssl was not found, so no platform ratio."
      : `openssl: ${mbs(r.opensslRate)} on one core.`,
  );
  return lines;
}

/** The processes of the share script bench's peak-RSS table. */
const RSS_ROWS = [
  ["share.ts (share)", "share"],
  ["share.ts get", "get"],
  ["server (main.ts)", "server"],
] as const;

function cliSection(r: CliBenchResult): string[] {
  const limit = Math.min(r.kvReadRate, r.aesDecryptRate);
  return [
    `\`share.ts FILE\` and \`share.ts get LINK -o OUT\` of a ${
      mib(r.bytes)
    } random file against main.ts in`,
    "its own process (each timed from process start to exit), and in the same run the raw KV ingest",
    "and read-back of the same bytes, AES-256-GCM decryption with 8 records in flight, and the",
    "server's bare ciphertext download.",
    "",
    "| ratio | value | target |",
    "| --- | --- | --- |",
    `| share / raw KV ingest | ${pct(r.shareVsIngest)} | ≥ 90 % |`,
    `| get / min(KV read, AES-GCM decrypt) | ${pct(r.getVsLimit)} | ≥ 80 % |`,
    `| get / the server's bare download | ${pct(r.getRate / r.serverDownloadRate)} | — |`,
    "",
    "Absolute (machine-dependent): " +
    `share ${mbs(r.shareRate)}, get ${mbs(r.getRate)}, raw KV ingest ${mbs(r.kvIngestRate)}, ` +
    `KV read ${mbs(r.kvReadRate)}, AES-GCM decrypt ${mbs(r.aesDecryptRate)} (so the get's limit ` +
    `is ${mbs(limit)}), server bare download ${mbs(r.serverDownloadRate)}.`,
    "",
    `| peak RSS (VmHWM) | 1 MiB file |${r.rssMid ? " 64 MiB file |" : ""} ${mib(r.bytes)} file |`,
    `| --- | --- |${r.rssMid ? " --- |" : ""} --- |`,
    ...RSS_ROWS.map(([name, who]) =>
      `| ${name} | ${mib(r.rssSmall[who])} |${r.rssMid ? ` ${mib(r.rssMid[who])} |` : ""} ` +
      `${mib(r.rssLarge[who])} |`
    ),
  ];
}

function bundleSection(r: BundleBenchResult): string[] {
  return [
    "The share script as the server serves it (static/build from `deno task build`), fetched the way",
    "Deno's module loader fetches it (accepting gzip and brotli), and `deno run -NR <server>/share.js",
    "--help` timed from process start to exit, with an empty `DENO_DIR` (a first run: download,",
    "parse, run) and with the script cached. Standalone: `deno run -A bench/bundle.ts`.",
    "",
    "| | value |",
    "| --- | --- |",
    `| /share.js (share, get, delete, sessions) | ${servedSize(r.share)} |`,
    `| /share-mcp.js (loaded only by \`share.js mcp\`) | ${servedSize(r.mcp)} |`,
    `| \`--help\`, empty Deno cache (median of ${r.runs}, machine-dependent) | ${
      r.coldMs.toFixed(0)
    } ms |`,
    `| \`--help\`, cached (median of ${r.runs}, machine-dependent) | ${r.warmMs.toFixed(0)} ms |`,
  ];
}

function phaseRow(name: string, p: Phase, base: Phase): string {
  const cpu = p.serverCpu === null || p.requests === 0
    ? "n/a"
    : `${(p.serverCpu / p.requests * 1e6).toFixed(0)} µs`;
  const main = p.serverMainCpu === null ? "n/a" : pct(p.serverMainCpu / p.seconds) +
    (p.serverMainWaited === null ? "" : ` (+${pct(p.serverMainWaited / p.seconds)})`);
  const client = p.clientCpu === null ? "n/a" : (p.clientCpu / p.seconds).toFixed(2);
  const others = otherCores(p);
  return `| ${name} | ${pct(p.perSecond / base.perSecond)} | ${p.perSecond.toFixed(0)}/s | ${
    ms(p.p50)
  } | ${ms(p.p99)} | ${ms(p.max)} | ${p.errors} | ${cpu} | ${main} | ${client} | ${
    others === null
      ? "n/a"
      : others.others.toFixed(2) + (others.steal === null ? "" : ` (${others.steal.toFixed(2)})`)
  } | ${p.requests} |`;
}

/**
 * Cores other processes (neither the server nor the load generator) used during a phase, and
 * those the host took from the machine (steal), which /proc/stat counts as busy.
 */
function otherCores(p: Phase): { others: number; steal: number | null } | null {
  if (p.machineCpu === null || p.serverCpu === null) return null;
  const steal = p.machineSteal ?? null;
  return {
    others: Math.max(0, p.machineCpu - (steal ?? 0) - p.serverCpu - (p.clientCpu ?? 0)) /
      p.seconds,
    steal: steal === null ? null : steal / p.seconds,
  };
}

/**
 * Whether other work took a noticeable share of the machine during the load phases. The load
 * average can't tell: it also counts the bench's own earlier steps.
 */
function sharedMachine(run: BenchRun): boolean {
  if (!run.load.ok) return false;
  const { service } = run.load.value;
  return [service.create, service.read].some((p) => {
    const o = otherCores(p);
    return o !== null && o.others + (o.steal ?? 0) > 0.25;
  });
}

function loadSection(r: LoadResult): string[] {
  const s = r.service;
  const b = r.baseline;
  const l = r.large;
  return [
    `Server threads: ${r.threads} (\`WORKERS\`). Load generator: ${r.tool}${
      r.toolNote ? ` (${r.toolNote})` : ""
    }. ${r.clients} clients,`,
    `each one connection; ${s.create.seconds.toFixed(0)} s of creates of 1 KiB shares (one request`,
    "each, a fresh body per request: the client's counter and the run's nonce in the first bytes, a",
    "read token from a pool of 1,024), then the same time of reads (one `GET …/content` each) of the",
    "shares each client created, every body compared byte for byte with what was created. The same",
    "phases ran against bench/baseline_server.ts — bare `Deno.serve` keeping shares in a Map (no",
    `Hono, no KV, no token hashing), ${b.create.seconds.toFixed(0)} s each — so "vs bare" is the`,
    "fraction of what this machine's Deno HTTP stack allows under the same load generator. The load",
    "generator runs on the same cores as the server. Server CPU is read from /proc for the whole",
    "process and for its main thread, which runs the JavaScript and the HTTP event loop of the",
    "main thread and all KV writes (KV's SQLite work runs on other threads; with more than one",
    "server thread, worker threads serve HTTP and reads beside it): a main thread busy near 100 %",
    "is the ceiling of the writes. In brackets, the time it was ready to run but waited for a core",
    "(the kernel's schedstat): busy and waiting near 100 % together mean the main thread is the",
    "limit, and the cores it shares with the load generator and its own other threads slow it.",
    "",
    "| phase | vs bare | rate | p50 | p99 | max | errors | server CPU / request " +
    "| server main thread busy (waiting) | load-gen cores | other processes' cores (host's steal) " +
    "| requests |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    phaseRow("create (hushlink)", s.create, b.create),
    phaseRow("read (hushlink)", s.read, b.read),
    phaseRow("create (bare)", b.create, b.create),
    phaseRow("read (bare)", b.read, b.read),
    "",
    `${s.created} shares created; ${s.checkedInRead} checked during the read phase and ${s.checkedAfter}`,
    `after it (untimed), ${
      s.create.mismatches + s.read.mismatches + s.failedAfter
    } differed or failed. Server peak RSS after`,
    `the small-share load: ${s.peakRss === null ? "n/a" : mib(s.peakRss)}.`,
    "",
    `**Large shares:** ${l.shares} shares of ${
      mib(l.bytesEach)
    } uploaded concurrently through the API (4 MiB`,
    "parts, 4 in flight per share, as lib/client sends them; random bytes stand in for ciphertext),",
    "then downloaded concurrently and compared byte for byte.",
    "",
    "| | value |",
    "| --- | --- |",
    `| upload, all shares (machine-dependent) | ${mbs(l.uploadRate)} |`,
    `| download, all shares (machine-dependent) | ${mbs(l.downloadRate)} |`,
    `| errors / identical | ${l.errors} / ${l.identical} of ${l.shares} |`,
    `| server peak RSS: idle (after one 1 MiB share) | ${mib(l.rssStart)} |`,
    `| server peak RSS: after the uploads | ${mib(l.rssAfterUpload)} |`,
    `| server peak RSS: after the downloads | ${mib(l.rssPeak)} |`,
  ];
}

function webSection(r: WebBenchResult): string[] {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  return [
    "Headless Chromium against a local server; shares made with lib/client from Deno.",
    "",
    `- JavaScript fetched to show a 1 KiB text share: ${kb(r.textShareJs.raw)} raw, ` +
    `**${kb(r.textShareJs.gzip)} gzipped** (${r.textShareJs.files.join(", ")})`,
    `- Lazy bundles (gzipped, loaded only when needed): ${
      Object.entries(r.lazyJsGzip).map(([k, v]) => `${k} ${kb(v)}`).join(", ")
    }; fetched for the text share before it showed: ${
      r.lazyBeforeText.join(", ") || "none"
    }, after it showed: ${r.lazyAfterText.join(", ") || "none"}`,
    `- Navigation to decrypted 1 KiB text on the page (median, machine-dependent): ${
      r.text1KiBMs.toFixed(0)
    } ms`,
    `- Navigation to a decrypted ${
      mib(r.largeFileBytes)
    } file ready to save, opened in the page (the in-memory path) as soon as the large-share choice shows: ${
      r.largeFileMs.toFixed(0)
    } ms (${(r.largeFileBytes / MiB / (r.largeFileMs / 1000)).toFixed(0)} MiB/s)`,
  ];
}

function uploadSection(r: UploadBenchResult): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const browserMs = r.browser.map((b) => b.ms);
  return [
    `The same ${mib(r.bytes)} random file uploaded through the upload form in headless Chromium`,
    "(timed on the page, from the form's submit to the link on the page) and with `share.ts FILE`",
    "(process start to exit), against one main.ts process, alternating, in the same run; the",
    "page's main-thread tasks from the Long Tasks API, the CPU time of each upload from /proc.",
    "Standalone: `deno run -A bench/upload.ts`.",
    "",
    "| | value | target |",
    "| --- | --- | --- |",
    `| form / share script (medians) | ${r.ratio.toFixed(2)}× | ≤ 1.5× |`,
    `| longest main-thread task during an upload | ${r.longestTaskMs.toFixed(0)} ms | ≤ 100 ms |`,
    `| main-thread tasks over 100 ms (worst run) | ${r.tasksOver100} | 0 |`,
    `| longest the progress bar stood still | ${r.progressMaxGapMs.toFixed(0)} ms | — |`,
    "",
    `Runs (machine-dependent): form ${browserMs.map(s).join(", ")}; share script ${
      r.scriptMs.map(s).join(", ")
    }. CPU per upload (medians): ${formatUploadCpu(r)}.`,
  ];
}

function downloadSection(r: DownloadBenchResult): string[] {
  return [
    "A large random file shared with the client library and saved the way browsers without a",
    "save picker do: the page decrypts, the service worker streams the bytes into the browser's",
    "download (islands/sw/), in headless Chromium (its save picker taken away before the page",
    "runs) and Firefox. The smallest share is also opened in the page in Chromium and saved from",
    "memory, the path without a service worker. Memory is the PSS of all the browser's processes",
    "together, sampled every 50 ms; every saved file is compared byte for byte with its source.",
    "Standalone: `deno run -A bench/download.ts`.",
    "",
    "| browser | file | path | time | browser at rest | peak | peak, first / second half |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...r.runs.map((run) =>
      `| ${run.engine ?? "Chromium"} | ${mib(run.bytes)} | ${
        run.path === "stream" ? "streamed (service worker)" : "in memory"
      } | ${(run.ms / 1000).toFixed(2)} s | ${mib(run.baseline)} | ${mib(run.peak)} (+${
        mib(run.peak - run.baseline)
      }) | ${mib(run.halves[0])} / ${mib(run.halves[1])} |`
    ),
  ];
}

function conversationSection(r: ConversationBenchResult): string[] {
  return [
    `A generated Claude Code session of ${r.lines.toLocaleString("en")} lines (${
      (r.bytes / 1e6).toFixed(1)
    } MB, the line mix of a real 2.1 session: bench/conversation_session.ts) shared and opened`,
    "through the viewer in headless Chromium; main-thread tasks from the Long Tasks API (over",
    "50 ms), median of the runs. Both are taken in the page (Playwright's waits and round trips",
    "queue behind the page's tasks: read from outside, the first turn came ~0.4 s later).",
    "",
    `- Decrypted data → the frame that paints the first turn: **${r.firstTurnMs.toFixed(0)} ms**`,
    `- Longest task while rendering: ${r.renderMaxTaskMs.toFixed(0)} ms; scrolling to the end: ${
      r.scrollMaxTaskMs.toFixed(0)
    } ms; switching "Chat only" / "Everything": ${r.switchMaxTaskMs.toFixed(0)} ms`,
    `- Longest task before the data arrived (fetch, decrypt, decompress): ${
      r.beforeDataMaxTaskMs.toFixed(0)
    } ms`,
    "",
    "Profiled by hand (2026-12-03, Chromium's CPU profiler over the same phases): scrolling to the",
    "end cost ~19 s of main thread, over half of it layout and paint of a page that kept every batch",
    "(1,000 items, 25,000 elements) and 1.6 s in `toLocaleTimeString` building a date formatter per",
    "message; now batches 6,000 px off screen are dropped (~60 items stay) and each formatter is",
    "made once: ~6.5 s. Switching unmounted the whole rendered range, and the bench's own",
    "`getByRole` lookups (an accessible-name pass over every element) were counted as the page's",
    "tasks. The first turn waited for the whole transcript to be parsed (~300 ms of 20 MB) and",
    "rendered in the same task as the last slice; now it shows after the first slice, in a task of",
    "its own.",
  ];
}

function fuzzSection(r: FuzzResult): string[] {
  if (r.outcome === "skipped") return [`Skipped: ${r.note}.`];
  return [
    `\`HUSHLINK_FUZZ_RUNS=${r.runs} HUSHLINK_FUZZ_SEED=${r.seed} deno test --allow-all tests/fuzz/\`:`,
    `**${r.outcome}** in ${r.seconds.toFixed(0)} s (${r.passed ?? "?"} tests passed, ${
      r.failed ?? "?"
    } failed).`,
    ...(r.note ? ["", "```", r.note, "```"] : []),
  ];
}

const ROOT = new URL("../", import.meta.url).pathname;

/**
 * What this bench cannot measure, as written by hand in bench/by_hand.md: the peers as measured
 * side by side with hushlink (issue 16, 2026-12), which the targets' multiples refer to, and the
 * profiles the missed targets' notes refer to. Edit it there when a profile is re-taken.
 */
const BY_HAND = new URL("./by_hand.md", import.meta.url);

/** Keeps paths of this machine out of the report (error messages may carry them). */
function scrub(text: string): string {
  return text
    .replaceAll(`file://${ROOT}`, "")
    .replaceAll(ROOT, "")
    .replace(/file:\/\/\/\S*\/(?:\.cache|deno)\/\S*/g, "<dependency>")
    .replace(/\/tmp\/\S*/g, "<temp file>");
}

/**
 * Writes `report` to `path` and runs `deno fmt` on it, so the file passes the repository's
 * `deno fmt --check` as generated.
 * @example
 * ```ts
 * import { type BenchRun, renderReport, writeReport } from "./report.ts";
 * declare const run: BenchRun; // what bench/run.ts measured
 * await writeReport("docs/BENCHMARKS.md", renderReport(run));
 * ```
 */
export async function writeReport(path: string, report: string): Promise<void> {
  await Deno.writeTextFile(path, report);
  const fmt = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", "--config", `${ROOT}deno.json`, path],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!fmt.success) throw new Error(`deno fmt ${path}: ${new TextDecoder().decode(fmt.stderr)}`);
}

/**
 * The whole docs/BENCHMARKS.md for a run.
 * @example
 * ```ts
 * import { type BenchRun, renderReport } from "./report.ts";
 * declare const run: BenchRun; // what bench/run.ts measured
 * await Deno.writeTextFile("docs/BENCHMARKS.md", renderReport(run));
 * ```
 */
export function renderReport(run: BenchRun): string {
  const m = run.machine;
  const value = <T>(o: Outcome<T>) => (o.ok ? o.value : null);
  const rows = checkTargets({
    quick: run.quick,
    cpus: m.cpus,
    cli: value(run.cli),
    bundle: run.bundle ? value(run.bundle) : null,
    load: value(run.load),
    web: value(run.web),
    upload: run.upload ? value(run.upload) : null,
    download: run.download ? value(run.download) : null,
    conversation: run.conversation ? value(run.conversation) : null,
  });
  const load = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" / ");
  const missed = rows.filter((r) => r.verdict !== "MET").length;
  return [
    "# Benchmarks",
    "",
    `Generated by \`deno task bench${run.quick ? " --quick" : ""}\` (bench/run.ts) on ${
      run.date.slice(0, 10)
    }; the run took ${(run.seconds / 60).toFixed(1)} min.` +
    (run.quick ? " **Quick run:** smaller files and shorter load phases." : ""),
    "Reproduce with `deno task bench` (full: a 1 GiB file, 30 s load phases and the long fuzz run;",
    "rewrites this file) or `deno task bench --quick` (a few minutes: 64 MiB, 5 s phases, no",
    "fuzz; prints the report, or writes it with `--out FILE`). The load bench uses wrk when it is",
    "installed (`apt-get install wrk`), else a Deno load generator (slower, noted in the table).",
    "Ratios are measured against a reference measured in the same run on the same machine, so they",
    "carry across machines far better than the absolute figures, which are machine-dependent.",
    "",
    "## Machine",
    "",
    `- CPU: ${m.cpuModel}, ${m.cpus} logical CPUs`,
    `- Memory: ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    `- ${m.os}; ${m.runtime}`,
    `- Load average (1 / 5 / 15 min): ${load(m.loadAtStart)} at the start, ${
      load(run.loadAtEnd)
    } at the end`,
    "",
    "## Targets (DESIGN.md, Performance targets)",
    "",
    `${rows.length - missed} of ${rows.length} met.`,
    "",
    "| target | measured | verdict | why / note |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) =>
      `| ${cell(r.target)} | ${cell(r.measured)} | **${r.verdict}** | ${cell(r.note)} |`
    ),
    "",
    "## Notes on the measurements",
    "",
    `- Every process — server, load generator, share script, browser — runs on the same ${m.cpus}`,
    "  CPUs, so a client's CPU is taken from the server (the load table shows how much the load",
    "  generator used). PrivateBin's and Send's figures in DESIGN.md were measured the same way.",
    "- Other work on the machine (see the load average above) makes every figure noisy; compare",
    "  ratios, and re-run before reading much into a few per cent.",
    "- Peak RSS is the kernel's VmHWM of each process.",
    ...(sharedMachine(run)
      ? [
        "- **This run shared the machine with other work** (the load table's last CPU column shows",
        "  how much went to other processes, and in brackets to the host's other guests, during",
        "  each phase), so its",
        "  absolute figures and the service's share of the baseline are lower than a quiet machine",
        "  would give. Re-run on an idle machine before taking a MISSED rate at face value.",
      ]
      : []),
    "",
    ...Deno.readTextFileSync(BY_HAND).trimEnd().split("\n"),
    "",
    ...section("Format: AES-256-GCM streams", run.crypto, cryptoSection),
    ...section("Storage: raw Deno KV", run.kv, (r) => [
      `${mib(r.kvBytes)} as 64 KiB values in atomic operations of 12, 4 in flight (how the store`,
      "writes chunks), read back with `list`, in a temp KV file. Machine-dependent: ingest " +
      `${mbs(r.kvIngestRate)}, read ${mbs(r.kvReadRate)}.`,
    ]),
    ...section("Share script (share.ts)", run.cli, cliSection),
    ...(run.bundle ? section("Share script bundles", run.bundle, bundleSection) : []),
    ...section("Server under load", run.load, loadSection),
    ...section("Web viewer", run.web, webSection),
    ...(run.upload ? section("Web upload", run.upload, uploadSection) : []),
    ...(run.download ? section("Web download", run.download, downloadSection) : []),
    ...(run.conversation
      ? section("Conversation view, large session", run.conversation, conversationSection)
      : []),
    ...(run.fuzz ? section("Long fuzz run", run.fuzz, fuzzSection) : []),
  ].map(scrub).join("\n").replace(/\n+$/, "\n");
}

if (import.meta.main) {
  const [results, out] = Deno.args;
  if (!results) throw new Error("usage: bench/report.ts RESULTS.json [OUT.md]");
  const report = renderReport(JSON.parse(await Deno.readTextFile(results)));
  if (out) await writeReport(out, report);
  else console.log(report);
}
