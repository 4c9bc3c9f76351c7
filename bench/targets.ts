/**
 * The performance targets of DESIGN.md ("Performance targets") checked against one bench run:
 * each row has the target, the measured value, MET or MISSED, and — when missed — why, worked out
 * from the figures measured in the same run.
 * @module
 */

import { type BundleBenchResult, servedSize } from "./bundle.ts";
import { availableCores, type CliBenchResult, describeCpu, type TransferCpu } from "./cli.ts";
import type { ConversationBenchResult } from "./conversation.ts";
import type { DownloadBenchResult } from "./download.ts";
import type { LoadResult } from "./load.ts";
import type { Phase } from "./small_shares.ts";
import type { UploadBenchResult } from "./upload.ts";
import type { WebBenchResult } from "./web.ts";

const MiB = 1024 * 1024;
/**
 * The peers' small-share figures (DESIGN.md: PrivateBin 2.0.5 on php-fpm + nginx, 1 KiB at 50
 * connections, same-machine run 2026-12; the top of each measured range) and what bare
 * `Deno.serve` did in that run, which scales them to the machine the bench runs on.
 */
const PRIVATEBIN_CREATES = 1_900;
const PRIVATEBIN_READS = 3_100;
const PEER_BARE = 27_700;

/** MET, MISSED, or NOT RUN (the bench that measures it failed or did not run). */
export type Verdict = "MET" | "MISSED" | "NOT RUN";

/** One row of the targets table. */
export interface TargetRow {
  target: string;
  measured: string;
  verdict: Verdict;
  /** Why it was missed, or a caveat about the measurement. */
  note: string;
}

/** The bench results the targets are checked against (null when that bench did not run). */
export interface TargetInputs {
  quick: boolean;
  cpus: number;
  cli: CliBenchResult | null;
  /** Absent in results saved before the bundle bench existed. */
  bundle?: BundleBenchResult | null;
  load: LoadResult | null;
  web: WebBenchResult | null;
  upload: UploadBenchResult | null;
  /** Absent in results saved before the download bench existed. */
  download?: DownloadBenchResult | null;
  conversation: ConversationBenchResult | null;
}

const mbs = (x: number) => `${(x / 1e6).toFixed(0)} MB/s`;
const mib = (x: number) => `${(x / MiB).toFixed(0)} MiB`;
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const verdict = (ok: boolean): Verdict => ok ? "MET" : "MISSED";

function notRun(target: string, what: string): TargetRow {
  return { target, measured: "—", verdict: "NOT RUN", note: `the ${what} bench did not run` };
}

/**
 * Why a small-share phase is short of `rate`: the CPU each request costs, who used the CPU, and
 * what that leaves as the limit: the server's main thread, the CPU itself (the server's and the
 * load generator's CPU per request, spread over every core, cannot reach `rate`), or, when
 * neither is saturated, `waitWhy`: what the requests wait for.
 */
function smallWhy(p: Phase, base: Phase, cpus: number, rate: number, waitWhy: string): string {
  const parts = [
    `${pct(p.perSecond / base.perSecond)} of bare Deno.serve with the same load generator ` +
    `(${base.perSecond.toFixed(0)}/s)`,
  ];
  if (p.serverCpu !== null && p.serverMainCpu !== null && p.requests > 0) {
    const perRequest = p.serverCpu / p.requests;
    const mainPerRequest = p.serverMainCpu / p.requests;
    const mainBusy = p.serverMainCpu / p.seconds;
    const mainWaited = p.serverMainWaited === null ? null : p.serverMainWaited / p.seconds;
    const mainSaturated = mainBusy + (mainWaited ?? 0) > 0.85;
    parts.push(
      `the server used ${(perRequest * 1e6).toFixed(0)} µs of CPU per request, ${
        (mainPerRequest * 1e6).toFixed(0)
      } µs of it on its main thread, which was busy ${pct(mainBusy)} of the time` +
        (mainWaited === null ? "" : ` and waited for a core another ${pct(mainWaited)}`) +
        (mainSaturated
          ? ` — the main thread is the limit: on a core of its own, at that cost, it would serve ~${
            (1 / mainPerRequest).toFixed(0)
          }/s`
          : ""),
    );
    const cores = (x: number) => (x / p.seconds).toFixed(2);
    const client = p.clientCpu ?? 0;
    parts.push(
      `of the ${cpus} cores the server used ${cores(p.serverCpu)}` +
        (p.clientCpu === null ? "" : `, the load generator ${cores(client)}`) +
        (p.machineCpu === null
          ? ""
          : ` and other processes on the machine ${
            cores(Math.max(0, p.machineCpu - (p.machineSteal ?? 0) - p.serverCpu - client))
          }`) +
        ((p.machineSteal ?? 0) / p.seconds >= 0.01
          ? `; the host took ${cores(p.machineSteal!)} cores from the machine (steal)`
          : ""),
    );
    // The most the cores the host left could serve at this CPU per request (server and load
    // generator).
    const had = availableCores({ seconds: p.seconds, steal: p.machineSteal ?? undefined }, cpus);
    const ceiling = p.clientCpu === null ? null : had * p.requests / (p.serverCpu + client);
    if (ceiling !== null && ceiling < rate) {
      parts.push(
        `even with ${
          cpus - had < 0.01 ? "every core" : `the ${had.toFixed(2)} cores the host left`
        } ` +
          `busy, that CPU per request (the server's and the load ` +
          `generator's) allows at most ~${ceiling.toFixed(0)}/s: reaching the target needs ` +
          "less CPU per request",
      );
    } else if (
      !mainSaturated &&
      (p.machineCpu === null || (p.machineCpu - (p.machineSteal ?? 0)) / p.seconds < 0.9 * had)
    ) {
      parts.push(`neither the main thread nor the cores were saturated: ${waitWhy}`);
    }
  }
  return parts.join("; ");
}

/** Why a peak RSS grew with the file, from what the run measured. */
function rssWhy(
  who: "share" | "get" | "server",
  grew: number,
  large: LoadResult["large"] | null,
  mid: { small: number; mid: number; large: number } | null = null,
): string {
  if (who !== "server") {
    const split = mid
      ? ` (${mib(mid.mid - mid.small)} of it by a 64 MiB file, which fills the working set, ` +
        `${mib(mid.large - mid.mid)} from there on)`
      : "";
    return `grew by ${mib(grew)} with the file${split}. ` +
      "The script frees each buffer it is done with at " +
      "once rather than leave ~64 MiB of dead ones to V8; what still grows is live or native: " +
      (who === "share"
        ? "5 part buffers of 4 MiB (4 parts in flight, one filling), "
        : "two 1 MiB write buffers and the records in flight, ") +
      "V8's young generation grown under the allocation rate, and a malloc arena for each " +
      "thread of Deno's blocking pool (every WebCrypto call and file read runs on one). " +
      (who === "share"
        ? "Measured by hand: only one part in flight with one arena and 1 MiB semi-spaces meets " +
          "the target, at 1.8× the upload's time (the last two are settings a script run with " +
          "`deno run URL` cannot make for itself)"
        : "Measured by hand: one arena and 1 MiB semi-spaces meet the target, settings a script " +
          "run with `deno run URL` cannot make for itself") +
      ' (see "Where the time goes" below)';
  }
  const perPart = large ? (large.rssAfterUpload - large.rssStart) / (large.shares * 4) : null;
  return `${mib(grew)} above its peak for 1 MiB. A download frees each chunk once the next is ` +
    "asked for (lib/store/chunk_stream.ts), so the upload sets the peak; it grows in the HTTP " +
    "path, not in SQLite (without the KV writes the peak was only 7–14 MiB lower): V8's " +
    'committed heap and native memory, see "Where the time goes" below' +
    (perPart === null
      ? ""
      : `; in the load bench the RSS grew ~${mib(perPart)} per 4 MiB part request in flight`);
}

/**
 * When even the CPU a transfer used, spread evenly over the cores it had, leaves it below
 * `target` bytes per second: says that the target needs less CPU, not less waiting.
 */
function cpuBound(c: TransferCpu | null, cores: number, bytes: number, target: number): string {
  if (!c || bytes / ((c.script + c.server) / availableCores(c, cores)) >= target) return "";
  return `; even with no waiting, that CPU keeps it below the target's ${mbs(target)}: ` +
    "reaching it needs less CPU";
}

/** Why a share ran below the raw ingest, from where its CPU went. */
function shareWhy(r: CliBenchResult, cores: number): string {
  const base = "encryption, HTTP and the server's part handling come on top of the raw KV " +
    "writes, all on the same cores as the script";
  const c = r.shareCpu;
  if (!c) return base;
  // The host's steal counts as busy in /proc/stat: what the machine's own work left idle.
  const busy = c.machine / (c.seconds * cores);
  const writer = c.kvWriter / c.seconds;
  const limit = busy >= 0.9
    ? "the cores were the limit"
    : writer >= 0.9
    ? "KV's one writer was the limit"
    : "neither the cores nor KV's one writer were saturated, so the steps waited on one " +
      "another (by hand, /proc's schedstat showed each thread queueing for a core: see " +
      '"Where the time goes")';
  return `${base}: ${describeCpu(c, cores, r.bytes)}; KV's writer ran ${
    pct(writer)
  } of the time (in ` +
    `the raw ingest it needed ${
      r.kvIngestWriterCpu.toFixed(1)
    } CPU s for the same bytes): ${limit}` +
    cpuBound(c, cores, r.bytes, 0.9 * r.kvIngestRate);
}

function cliRows(
  r: CliBenchResult,
  quick: boolean,
  largeLoad: LoadResult["large"] | null,
): TargetRow[] {
  const size = quick ? `quick run: ${mib(r.bytes)} file, not 1 GiB` : "";
  const join = (...parts: string[]) => parts.filter(Boolean).join("; ");
  const shareOk = r.shareVsIngest >= 0.9;
  const getOk = r.getVsLimit >= 0.8;
  const limit = Math.min(r.kvReadRate, r.aesDecryptRate);
  const cores = navigator.hardwareConcurrency;
  const rows: TargetRow[] = [{
    target: "CLI share of 1 GiB ≥ 90 % of raw KV ingest of the same bytes",
    measured: `${mbs(r.shareRate)} = ${pct(r.shareVsIngest)} of ${mbs(r.kvIngestRate)}`,
    verdict: verdict(shareOk),
    note: join(
      shareOk
        ? ""
        : shareWhy(r, cores) + (largeLoad
          ? `; the API alone ingested ${mbs(largeLoad.uploadRate)} of unencrypted parts in the ` +
            `load bench (${largeLoad.shares} × ${mib(largeLoad.bytesEach)} at once)`
          : ""),
      size,
    ),
  }, {
    target: "CLI get ≥ 80 % of min(KV read, parallel AES-GCM decrypt)",
    measured: `${mbs(r.getRate)} = ${pct(r.getVsLimit)} of ${mbs(limit)}`,
    verdict: verdict(getOk),
    note: join(
      getOk
        ? ""
        : `the server's bare download of the same share ran at ${
          mbs(r.serverDownloadRate)
        } (the get reached ${pct(r.getRate / r.serverDownloadRate)} of it), ` +
          (r.serverDownloadRate < limit * 0.8
            ? `itself far below KV's own read of ${mbs(r.kvReadRate)}: the server's streaming ` +
              "of chunks limits the get" + (r.getRate < r.serverDownloadRate * 0.9
                ? " first, the script's decrypt-and-write second"
                : " and the script keeps up with it") +
              "; script and server share the cores"
            : "so the script's decrypt-and-write path limits the get; script and server share " +
              "the cores") +
          (r.getCpu ? `: ${describeCpu(r.getCpu, cores, r.bytes)}` : "") +
          cpuBound(r.getCpu, cores, r.bytes, 0.8 * limit),
      size,
    ),
  }];
  for (const who of ["share", "get"] as const) {
    const small = r.rssSmall[who];
    const large = r.rssLarge[who];
    const ok = large - small < 16 * MiB && large < 80 * MiB;
    const mid = r.rssMid && { small, mid: r.rssMid[who], large };
    rows.push({
      target: `Peak RSS of CLI ${who}: grows < 16 MiB from a 1 MiB to a 1 GiB file, stays < 80 MiB`,
      measured: mid
        ? `${mib(small)} vs ${mib(large)} (${mib(mid.mid)} for 64 MiB)`
        : `${mib(small)} vs ${mib(large)}`,
      verdict: verdict(ok),
      note: join(ok ? "" : rssWhy(who, large - small, largeLoad, mid), size),
    });
  }
  const server = r.rssLarge.server;
  rows.push({
    target: "Peak RSS of the server during a 1 GiB share and get ≤ 110 MiB (Send 102–125 MiB)",
    measured: `${mib(server)} (${mib(r.rssSmall.server)} for 1 MiB)`,
    verdict: verdict(server <= 110 * MiB),
    note: join(
      server <= 110 * MiB ? "" : rssWhy("server", server - r.rssSmall.server, largeLoad),
      size,
    ),
  });
  rows.push({
    target: "Share script upload matches Send's ingest (~115–150 MB/s, same-machine run 2026-12)",
    measured: mbs(r.shareRate),
    verdict: verdict(r.shareRate >= 115e6),
    note: r.shareRate >= 115e6
      ? "absolute rates are machine-dependent: the share-vs-ingest row is the portable one"
      : "below Send's range as measured on the peers' machine (Send was not run here): see " +
        "the share-vs-ingest row for the portable ratio",
  }, {
    target: "Share script get ≥ 1.5× Send's serving (~170–230 MB/s, so ≥ 345 MB/s)",
    measured: mbs(r.getRate),
    verdict: verdict(r.getRate >= 345e6),
    note: r.getRate >= 345e6
      ? ""
      : (r.aesDecryptRate < 345e6
        ? `decryption alone ran at ${mbs(r.aesDecryptRate)} here, below the target; `
        : "") +
        `the get includes decryption and writing the file; ` +
        `raw KV read ${mbs(r.kvReadRate)}, AES-GCM decrypt ${mbs(r.aesDecryptRate)}, ` +
        `the server's bare download ${mbs(r.serverDownloadRate)} in this run; what limits the ` +
        "get: see the row of the get against min(KV read, decrypt) above",
  });
  return rows;
}

function loadRows(r: LoadResult, cpus: number, quick: boolean): TargetRow[] {
  const s = r.service;
  const short = quick ? "quick run: 5 s phases; " : "";
  const phaseRow = (
    name: string,
    p: Phase,
    base: Phase,
    times: number,
    privatebin: number,
    tailWhy: string,
    waitWhy: string,
  ) => {
    // PrivateBin's figure, measured where bare Deno.serve did PEER_BARE/s, scaled to this
    // machine by what bare Deno.serve does here under the same load generator.
    const rate = times * privatebin * base.perSecond / PEER_BARE;
    // A baseline that erred (wrk's timeouts: the server stalled) ran slow: the target scaled from
    // it is too low to count as met.
    const ok = p.perSecond >= rate && p.p99 < 50 && base.errors === 0;
    const why = [
      base.errors === 0 ? "" : `bare Deno.serve's phase had ${base.errors} errors (timeouts), ` +
        "so its rate, and the target scaled from it, are not to be trusted: re-run",
      p.perSecond < rate ? smallWhy(p, base, cpus, rate, waitWhy) : "",
      p.p99 >= 50 ? `p99 ${p.p99.toFixed(0)} ms: ${tailWhy}` : "",
    ].filter(Boolean).join("; ");
    return {
      target: `1 KiB ${name} ≥ ${times}× PrivateBin (~${
        privatebin.toLocaleString("en")
      }/s where bare Deno.serve did ~${PEER_BARE.toLocaleString("en")}/s), p99 < 50 ms, 50 clients`,
      measured: `${p.perSecond.toFixed(0)}/s, p99 ${p.p99.toFixed(1)} ms; ${
        (p.perSecond / (privatebin * base.perSecond / PEER_BARE)).toFixed(2)
      }× PrivateBin scaled to this machine (${rate.toFixed(0)}/s needed)`,
      verdict: verdict(ok),
      note: short + why + (r.toolNote ? `; ${r.toolNote}` : ""),
    };
  };
  const mismatches = s.create.mismatches + s.read.mismatches + s.failedAfter;
  const errors = s.create.errors + s.read.errors;
  const checked = s.checkedInRead + s.checkedAfter;
  const l = r.large;
  return [
    phaseRow(
      "creates",
      s.create,
      r.baseline.create,
      2.5,
      PRIVATEBIN_CREATES,
      "a create waits for the KV commit in flight, then for its own (about 10 creates each), and " +
        "the commits' own latency has a long tail (measured by hand: p50 4–6 ms, p99 19–50 ms: " +
        'SQLite\'s write and fsync); see "Where the time goes"',
      "each create waits for a KV commit (SQLite's write and fsync, a few ms) shared with the " +
        "creates waiting at the time: with 50 clients about 10 share one (measured by hand), " +
        'so the commits\' latency sets the rate; see "Where the time goes"',
    ),
    phaseRow(
      "reads",
      s.read,
      r.baseline.read,
      3,
      PRIVATEBIN_READS,
      "reads queue behind one another on the server's main thread, which itself waits for a " +
        "core (above)",
      "what the reads waited for is not measured here",
    ),
    {
      target: "Under load: 0 errors, every share read back byte-identical",
      measured:
        `${errors} errors; ${checked} of ${s.created} shares checked, ${mismatches} differed`,
      verdict: verdict(errors === 0 && mismatches === 0 && checked === s.created),
      note: "",
    },
    {
      target: "A read of a share without password takes one request",
      measured: "1 request (GET …/content with the read token) per read in the load bench",
      verdict: "MET",
      note: "the read token comes from the link; nothing is fetched first",
    },
    {
      target: `${l.shares} concurrent ${mib(l.bytesEach)} uploads then downloads: ` +
        "byte-identical, server RSS bounded (< 160 MiB, Send ~120 MiB)",
      measured:
        `up ${mbs(l.uploadRate)}, down ${mbs(l.downloadRate)}; ${l.identical}/${l.shares} ` +
        `identical; server peak RSS ${mib(l.rssPeak)} (${mib(l.rssStart)} idle)`,
      verdict: verdict(l.identical === l.shares && l.errors === 0 && l.rssPeak < 160 * MiB),
      note: (quick ? "quick run: 16 MiB shares; " : "") +
        (l.rssPeak < 160 * MiB
          ? ""
          : `the uploads (${l.shares} shares × 4 parts in flight = ${
            l.shares * 4
          } concurrent 4 MiB part requests) grew the RSS by ${
            mib(l.rssAfterUpload - l.rssStart)
          }, ~${
            mib((l.rssAfterUpload - l.rssStart) / (l.shares * 4))
          } per part request in flight, and the ${l.shares} downloads side by side by ${
            mib(l.rssPeak - l.rssAfterUpload)
          } more; see "Where the time goes" below`),
    },
  ];
}

function bundleRows(r: BundleBenchResult): TargetRow[] {
  return [{
    target: "`deno run …/share.js`: the script fetched for share/get/delete ≤ 150 KB",
    measured: servedSize(r.share),
    verdict: verdict(r.share.bytes <= 150_000),
    note: `the MCP server loads apart for \`share.js mcp\`: /share-mcp.js ${servedSize(r.mcp)}`,
  }];
}

function webRows(r: WebBenchResult): TargetRow[] {
  return [{
    target: "Viewer JS to show a text share ≤ 25 KB gzipped",
    measured: `${(r.textShareJs.gzip / 1000).toFixed(1)} KB`,
    verdict: verdict(r.textShareJs.gzip <= 25_000),
    note: r.textShareJs.gzip <= 25_000 ? "" : `bundles: ${r.textShareJs.files.join(", ")}`,
  }, {
    target: "Heavy renderers load only when needed",
    measured: r.lazyBeforeText.length === 0
      ? "none fetched before a text share is shown"
      : `fetched before the text showed: ${r.lazyBeforeText.join(", ")}`,
    verdict: verdict(r.lazyBeforeText.length === 0),
    note: r.lazyAfterText.length === 0
      ? ""
      : `after the text showed: ${
        r.lazyAfterText.map((p) => p.split("/").at(-1)).join(", ")
      } (the highlighter colours text shares once they are on screen)`,
  }];
}

/** Why the form's upload is slower than the script's, from the CPU each one cost. */
function uploadWhy(r: UploadBenchResult, cpus: number): string {
  const { client, server } = r.browserCpu;
  if (client === null || server === null || r.scriptCpu.client === null) return "";
  const floor = (client + server) / cpus;
  return `Chromium's processes used ${client.toFixed(2)} s of CPU for the upload, the share ` +
    `script ${r.scriptCpu.client.toFixed(2)} s (the server ${server.toFixed(2)} s either way): ` +
    `with the server's share that is at least ${floor.toFixed(2)} s on ${cpus} cores` +
    (floor * 1000 >= r.browserMedianMs * 0.8
      ? ", so the form's upload is bound by the CPU it costs, not by waiting"
      : "");
}

function uploadRows(r: UploadBenchResult, cpus: number): TargetRow[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [{
    target: `${mib(r.bytes)} upload through the form ≤ 1.5× the share script's time, same run`,
    measured: `${r.ratio.toFixed(2)}× (${s(r.browserMedianMs)} vs ${s(r.scriptMedianMs)})`,
    verdict: verdict(r.ratio <= 1.5),
    note: r.ratio <= 1.5 ? "" : uploadWhy(r, cpus),
  }, {
    target: "Upload through the form: no main-thread task > 100 ms",
    measured: `longest ${r.longestTaskMs.toFixed(0)} ms, ${r.tasksOver100} over 100 ms`,
    verdict: verdict(r.tasksOver100 === 0),
    note: "",
  }];
}

/**
 * Flat memory while a large share downloads in the browser, per browser: from the smaller file to
 * the larger, what the browser holds at its peak grows by less than a quarter of the extra bytes.
 * A browser holding the file grows by all of them (the in-memory path); what a streamed download
 * adds is garbage the browser collects on its own schedule, so the measure leaves it room.
 */
function downloadRows(r: DownloadBenchResult): TargetRow[] {
  const memory = r.runs.find((run) => run.path === "memory");
  return r.flatness.map((f) => {
    const streams = r.runs.filter((run) =>
      run.path === "stream" && (run.engine ?? "Chromium") === f.engine
    );
    const [small, large] = [streams[0], streams[streams.length - 1]];
    const extra = large.bytes - small.bytes;
    return {
      target: `Browser download of a large share in ${f.engine} (no save picker): flat memory`,
      measured: `peak +${mib(small.peak - small.baseline)} for ${mib(small.bytes)}, +${
        mib(large.peak - large.baseline)
      } for ${mib(large.bytes)}: ${pct(f.streamGrowth / extra)} of the extra bytes`,
      verdict: verdict(f.streamGrowth < extra / 4),
      note: (f.streamGrowth < extra / 4 || f.engine !== "Chromium"
        ? ""
        : "the growth is garbage waiting for V8's collector in the page and its service " +
          "worker: measured by hand, with a collection forced every 250 ms it was 12 % of the " +
          'extra bytes (see "Where the time goes"); ') +
        `in the larger, the second half peaked ${mib(Math.abs(f.lateGrowth))} ${
          f.lateGrowth < 0 ? "below" : "above"
        } the first` +
        (memory && f.engine === "Chromium"
          ? `; the in-memory path took +${mib(memory.peak - memory.baseline)} for ${
            mib(memory.bytes)
          }`
          : ""),
    };
  });
}

function conversationRows(r: ConversationBenchResult): TargetRow[] {
  const worst = Math.max(r.renderMaxTaskMs, r.scrollMaxTaskMs, r.switchMaxTaskMs);
  const size = `${r.lines.toLocaleString("en")} lines, ${(r.bytes / 1e6).toFixed(1)} MB`;
  return [{
    target: "Large session: first turns ≤ 1 s after the decrypted data arrives",
    measured: `${r.firstTurnMs.toFixed(0)} ms (${size})`,
    verdict: verdict(r.firstTurnMs <= 1000),
    note: "",
  }, {
    target: "Large session: no main-thread task > 200 ms rendering, scrolling, switching",
    measured: `${r.renderMaxTaskMs.toFixed(0)} / ${r.scrollMaxTaskMs.toFixed(0)} / ${
      r.switchMaxTaskMs.toFixed(0)
    } ms`,
    verdict: verdict(worst <= 200),
    note: `before the data arrived (fetch, decrypt, decompress): ${
      r.beforeDataMaxTaskMs.toFixed(0)
    } ms`,
  }];
}

/**
 * Every DESIGN target, checked against the run's results.
 * @example
 * ```ts
 * import { checkTargets } from "./targets.ts";
 * // With no measurements every row reads "NOT RUN".
 * const none = { cli: null, load: null, web: null, upload: null, download: null, conversation: null };
 * for (const row of checkTargets({ quick: true, cpus: 2, ...none })) {
 *   console.log(row.verdict);
 * }
 * ```
 */
export function checkTargets(i: TargetInputs): TargetRow[] {
  return [
    ...(i.cli ? cliRows(i.cli, i.quick, i.load?.large ?? null) : [
      notRun("CLI share ≥ 90 % of raw KV ingest; get ≥ 80 % of min(KV read, decrypt)", "CLI"),
      notRun("Peak RSS of CLI share and get flat (< 16 MiB growth, < 80 MiB)", "CLI"),
      notRun("Peak RSS of the server during a 1 GiB transfer ≤ 110 MiB", "CLI"),
      notRun("Share script matches Send's ingest and gets ≥ 1.5× its serving rate", "CLI"),
    ]),
    ...(i.bundle ? bundleRows(i.bundle) : [
      notRun("`deno run …/share.js`: the script fetched for share/get/delete ≤ 150 KB", "bundle"),
    ]),
    ...(i.load ? loadRows(i.load, i.cpus, i.quick) : [
      notRun("1 KiB creates ≥ 4,500/s and reads ≥ 5,000/s, p99 < 50 ms", "load"),
      notRun("8 concurrent large uploads/downloads, server RSS bounded", "load"),
    ]),
    ...(i.web ? webRows(i.web) : [notRun("Viewer JS ≤ 25 KB gzipped", "web")]),
    ...(i.upload
      ? uploadRows(i.upload, i.cpus)
      : [notRun("Upload through the form ≤ 1.5× the share script, no task > 100 ms", "upload")]),
    ...(i.download
      ? downloadRows(i.download)
      : [notRun("Browser download of a large share: flat browser memory", "download")]),
    ...(i.conversation
      ? conversationRows(i.conversation)
      : [notRun("Large session renders without freezing the page", "conversation")]),
  ];
}
