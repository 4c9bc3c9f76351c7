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
  const main = p.serverMainCpu === null ? "n/a" : pct(p.serverMainCpu / p.seconds);
  const client = p.clientCpu === null ? "n/a" : (p.clientCpu / p.seconds).toFixed(2);
  const others = otherCores(p);
  return `| ${name} | ${pct(p.perSecond / base.perSecond)} | ${p.perSecond.toFixed(0)}/s | ${
    ms(p.p50)
  } | ${ms(p.p99)} | ${ms(p.max)} | ${p.errors} | ${cpu} | ${main} | ${client} | ${
    others === null ? "n/a" : others.toFixed(2)
  } | ${p.requests} |`;
}

/** Cores other processes (neither the server nor the load generator) used during a phase. */
function otherCores(p: Phase): number | null {
  if (p.machineCpu === null || p.serverCpu === null) return null;
  return Math.max(0, p.machineCpu - p.serverCpu - (p.clientCpu ?? 0)) / p.seconds;
}

/**
 * Whether other work took a noticeable share of the machine during the load phases. The load
 * average can't tell: it also counts the bench's own earlier steps.
 */
function sharedMachine(run: BenchRun): boolean {
  if (!run.load.ok) return false;
  const { service } = run.load.value;
  return [service.create, service.read].some((p) => (otherCores(p) ?? 0) > 0.25);
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
    "is the ceiling of the writes.",
    "",
    "| phase | vs bare | rate | p50 | p99 | max | errors | server CPU / request " +
    "| server main thread busy | load-gen cores | other processes' cores | requests |",
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
 * The peers as measured side by side with hushlink on one 2-core machine in one interleaved run
 * (issue 16, 2026-12): the comparison the targets' multiples refer to. Fixed text, not measured
 * by this bench (it cannot run PrivateBin or Send).
 */
const PEERS = [
  "## Peers (same-machine run, 2026-12)",
  "",
  "Measured side by side on one 2-core machine in one interleaved run, before the work of issue",
  "16: PrivateBin 2.0.5 on php-fpm + nginx, Send 3.4.27 on Node 20, hushlink from main. Not",
  "re-measured by this bench; the targets above scale these figures (small shares: by bare",
  "`Deno.serve`, ~27,700 creates/s in that run).",
  "",
  "| work | PrivateBin | Send | hushlink then |",
  "| --- | --- | --- | --- |",
  "| 1 KiB creates, 50 connections (wrk) | ~1,400–1,900/s, both cores busy | — | 1.64–2.37× PrivateBin |",
  "| 1 KiB reads | ~2,700–3,100/s | — | 1.85–2.19× PrivateBin |",
  "| upload 256 MiB–1 GiB | — | ~115–150 MB/s (its client, no encryption) | 0.62–0.83× Send |",
  "| download | — | ~170–230 MB/s | 0.88–1.10× Send (decryption included) |",
  "| server peak RSS during a 1 GiB transfer | — | 102–125 MiB | 165 MiB |",
  "",
];

/**
 * Where the time of the missed targets goes, from profiles taken by hand (issue 16, 2026-12-02
 * and -03):
 * the "measured profile" the targets' notes refer to. Fixed text, not measured by this bench.
 */
const PROFILES = [
  "## Where the time goes (profiles, 2026-12-02 and -03)",
  "",
  "Taken by hand on the 2-core build machine, not by this bench; re-take them after changing the",
  "paths they cover.",
  "",
  "**1 KiB reads** (server with `--cpu-prof`, `wrk -t2 -c50`, one thread): the main thread was",
  "busy ~109 µs per read (profiler included) and is the limit once the load generator leaves it a",
  "core. Each sample is counted under the innermost of these it was in:",
  "",
  "| part | µs per read | share |",
  "| --- | --- | --- |",
  "| KV read: the op and V8's deserialisation of the share record | 29 | 26 % |",
  "| Deno's HTTP serving: request and response objects, headers handed to Rust | 27 | 25 % |",
  "| access log line and metrics | 13 | 12 % |",
  "| timers, streams, other | 10 | 9 % |",
  "| read token: base64url and SHA-256 (node:crypto) | 9 | 9 % |",
  "| Hono: routing and the middleware chain | 7 | 6 % |",
  "| garbage collection | 6 | 5 % |",
  "| response headers: download, security, no-store | 4 | 4 % |",
  "| route handler and store logic | 5 | 5 % |",
  "",
  "Besides, KV's SQLite thread spent ~50 µs per read on a 10 MB KV file and ~90 µs on a 1.1 GB",
  "one holding a 1 GiB share (same reads, same run). Cut in this stop: Hono's RegExpRouter in",
  "place of the TrieRouter it had fallen back to, and no per-route error wrapper (−15 % main-thread",
  "CPU per read, heap allocation 30 → 23.5 KB per read); V8's default young generation instead of",
  "1 MiB semi-spaces (GC 20 % → 5 % of the samples, ~15 % more reads per second). A SHA-256 in",
  "plain TypeScript measured no faster than node:crypto's for a 32-byte token.",
  "",
  "**1 KiB creates** are bound by commit latency, not CPU: at ~3,500/s (`wrk -t2`) the main",
  "thread used 171 µs per create but was ~60 % busy, and SQLite's thread used ~110 µs per create.",
  "Creates are grouped into commits of up to 64 writes, 2 in flight; a single commit on this disk",
  "does 315–400/s (fsync), so the rate is how many creates each commit gathers, and the p99 is the",
  "slowest fsyncs. Timed inside the server (2026-12-03, 4 runs of 10 s, 50 clients, wrk): 2,000–3,100",
  "creates/s, ~10 per commit, the commits' own latency p50 4–6 ms, p99 19–50 ms, max 31–132 ms;",
  "the requests' p99 54–108 ms, as a create waits for the commit in flight and then its own. Three",
  "commits in flight instead of two: ~7 creates per commit, commit p99 21–35 ms, requests' p99",
  "54–62 ms at 2,700–2,800/s: within the noise, so two stay.",
  "",
  "**`get` of 1 GiB** (2026-12-03, per-thread CPU of the share script, 4 records decrypting): main",
  "thread ~3.0 s, Tokio's threads (WebCrypto decryption, file writes) ~3.0 s, V8's GC threads",
  "~0.4 s. Calling WebCrypto costs the main thread in proportion to the bytes, before the work",
  "moves to a Tokio thread: a 64 KiB `decrypt` call returned after ~100 µs (16 bytes: ~20 µs;",
  "256 KiB: ~210 µs), so ~1.7 s of a 1 GiB get's main thread is handing records to WebCrypto. Cut",
  "this stop: the file was written 64 KiB per awaited write, in series with decryption; written in",
  "1 MiB writes from two buffers taking turns (lib/share_io/file_sink.ts), a 256 MiB get took",
  "2.7–4.0 s instead of 3.8–6.5 s (same minutes, interleaved) and ~25 % less CPU.",
  "",
  "**Share-script upload of 1 GiB** (2026-12-03, a local server, per-thread CPU from /proc): KV",
  "commits run one after another on Deno KV's SQLite writer thread (`sw-0`). With SQLite's",
  "default 4 KiB pages a 64 KiB chunk spanned 17 pages, each a WAL frame: strace counted 215,000",
  "`pwrite`s and ~660 `fsync`s for a 256 MiB upload. A new KV file now gets 16 KiB pages",
  "(lib/store/kv_file.ts): 60,000 `pwrite`s; the writer's CPU for 1 GiB 5.7–6.0 → 4.1–4.2 s and",
  "the upload 89–95 → 106–113 MB/s (two runs each, interleaved); the raw ingest of 1 GiB rose",
  "from 143 to 208 MB/s and from 93 to 126 MB/s in two interleaved rounds, so the ratio above",
  "compares with a faster ceiling. What the rest of the upload is (8.3–11 s): the script ~4.4–5",
  "CPU s (its main thread 2.4–3.0, Deno's Tokio threads ~2.3: file reads, WebCrypto, sockets),",
  "the server 7.3–8.8 (main thread 3.3–4.0, of which reading request bodies — `op_read` — was",
  "~2 s in a CPU profile; the writer 3.6–4.8); vmstat during it: 50 % user, 20 % system, 22 %",
  "idle, 7 % I/O wait, ~270 MB/s written to disk for ~110 MB/s of data (the WAL, then the",
  "checkpoints). No single step is saturated, yet every thread queues for a core",
  "(`/proc/…/schedstat`: the writer waited 1.2–1.9 s, the server's main thread 1.3–1.7 s, the",
  "script's main thread 2.5–2.8 s): the steps run in bursts on two cores that client and server",
  "share. Tried without a clear gain (run-to-run noise here is ±15 %): 8 parts in flight instead",
  "of 4 (~+7 %, +25 MiB on the script's peak), 2 or 4 records encrypting at once instead of 8, a",
  "write budget of 16 commits or 6 in flight per part. Kept, for memory: a budget of 4 commits",
  "instead of 8 (the server's peak 109–110 instead of 114–120 MiB in four runs each, at the same",
  "or a better rate).",
  "",
  "**Share script memory** (2026-12-03): a 1 GiB get peaked at 114 MiB and a share at 167 MiB",
  "(full bench of 2026-12-02); now ~70 and ~95. What grew was dead ArrayBuffers, which V8 frees",
  "only after ~64 MiB of them: fetch body chunks, a fresh copy of each record that spanned two",
  "chunks, WebCrypto's outputs, file reads, and the padding (up to 3 % of a share, 32 MiB for",
  "1 GiB) decrypted and dropped. Each is now freed by whoever holds the last reference as soon as",
  "it is copied, encrypted or written (`freeBuffer`: `ArrayBuffer.prototype.transfer(0)`), and",
  "records are copied into reused buffers. What remains was measured with /proc/self/smaps, 1 MiB",
  "against 1 GiB: V8's heap 7 → 12.5 MiB committed (its young generation grows with the",
  "allocation rate: ~150 young collections in a 1 GiB get), a malloc arena per thread of Deno's",
  "blocking pool (a 512 MiB get with 2, 4 or 8 records decrypting at once peaked at ~64, ~66 and",
  "~69 MiB, and took 3.5–11.1, 3.3–9.3 and 2.8–6.3 s: the script keeps lib/crypto's 8), ~3 MiB",
  "more of the Deno binary's code paged in; for a share, the 4 MiB part buffers (a 512 MiB share",
  "peaked at ~92 MiB with 4 parts in flight and took 12–16 s, ~82 MiB and 15–18 s with 2: the",
  "script keeps 4). The server collects its young generation every 4 MiB sent (`--expose-gc`,",
  "lib/store/garbage.ts); the script cannot take V8 flags.",
  "",
  "**Server memory, 8 × 64 MiB side by side** (the load bench's large phase, same machine, one",
  "run each): peak RSS 193 MiB with this stop's collections every 4 MiB (134 after the uploads),",
  "201 MiB (142) with the 1 MiB semi-spaces used before, 257 MiB (134) with V8's defaults and no",
  "collections, 196 MiB with one every 32 MiB; `MALLOC_ARENA_MAX=2` or a fixed",
  "`MALLOC_MMAP_THRESHOLD_` changed nothing then (the arenas did later: see below). The uploads",
  "hold live data per part request (the",
  "64 KiB chunk batch being filled, besides the 3 MiB write budget shared by all). The downloads'",
  "spent chunks waited for the collector: since 2026-12-03 each is freed as soon as the response",
  "asks for the next (`freeWhenRead`, lib/store/chunk_stream.ts): the 8 downloads side by side",
  "then added ~32 MiB instead of ~60 (peak 168 instead of 196–199 MiB, bench/large_shares.ts",
  "alone), and a 1 GiB get nothing over the upload's peak (115 vs 138–149 MiB). The other ~40 MiB",
  "of the server's RSS is the Deno binary's mapped code. Tried besides: V8's young generation",
  "capped at 4 MiB semi-spaces (`--max-semi-space-size=4`): ~5 MiB lower peaks, but reads per",
  "second fell in one of two load runs (5,320 vs 6,917–7,391): not kept.",
  "",
  "**Server memory, one 1 GiB share then get** (bench/cli.ts alone, one run each, all with the",
  "collections): peak 128 MiB with 1 MiB semi-spaces, 124 with 2, 115 and 131 with 4, 134 with 8",
  "and 135 with 16 (V8's default) — the young generation's size is not what holds it. During a",
  "1 GiB upload V8's heap stayed under 18 MB (`--trace-gc`: 47 young and 1 full collection) while",
  "the anonymous memory grew 21 → 67 MiB. Which part (2026-12-03; one 1 GiB share-script upload",
  "each, the server sampling `Deno.memoryUsage()` and /proc/self/smaps_rollup every 200 ms): with",
  "the KV writes, peak 113–120 MiB in 11.6–12.3 s; with the chunks' KV writes left out (an",
  "experiment's patch), peak 105–106 MiB in 5.1–5.6 s. So SQLite holds 7–14 MiB of the growth and",
  "takes half the upload's time (the upload's ceiling, as the ingest ratio says); the rest grows in",
  "the HTTP path either way: V8's committed heap 12.5 → 27–33 MiB (heap used 10–21 MiB: the young",
  "generation grown under the allocation rate) and other anonymous memory (Deno's HTTP layer,",
  "malloc) ~+18 MiB. The same bench's `get` rate varies",
  "widely between runs on this machine: 78 MB/s in the full run above, 129–154 MB/s in three runs",
  "of bench/cli.ts alone.",
  "",
  "**Server memory, the last MiB** (2026-12-03, interleaved runs of bench/large_shares.ts",
  "(8 × 64 MiB) and of a 1 GiB share-script share then get, 2–4 each): a young collection every",
  "4 MiB stored as well as sent (lib/store/garbage.ts) lowered the 1 GiB peak to 105–107 MiB from",
  "111–117 (every 16 MiB: 110–115) — the upload's small objects had grown V8's young generation;",
  "one batch read ahead per download instead of two took 8 × 64 MiB from 164–165 to 158–161 MiB",
  "at the same rate; and glibc's arenas: with `MALLOC_ARENA_MAX=2` (now in the start task, see",
  "docs/DEPLOY.md) the 8 × 64 MiB peak is 138–143 MiB instead of 162–167, the 1 GiB one 104–105,",
  "with 1 KiB reads and creates the same within the noise. (Likely why, not traced: KV's values",
  "are read on its SQLite thread and freed on the main thread, so with an arena per thread freed",
  "memory is not where the next allocations look.) Tried and not kept: freeing the upload's pool of chunk",
  "buffers whenever no upload runs (no change), 10-chunk reads (148–151 MiB but downloads at",
  "162 MB/s instead of 195–235), `MALLOC_ARENA_MAX=1` (as low as 2), a fixed",
  "`MALLOC_MMAP_THRESHOLD_=65536` (as low, but uploads at 55–58 MB/s instead of ~150).",
  "",
];

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
        "  how much went to other processes during each phase), so its",
        "  absolute figures and the service's share of the baseline are lower than a quiet machine",
        "  would give. Re-run on an idle machine before taking a MISSED rate at face value.",
      ]
      : []),
    "",
    ...PEERS,
    ...PROFILES,
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
