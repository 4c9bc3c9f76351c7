/**
 * Drives wrk (Debian's `wrk`, a C load generator with LuaJIT scripting) through
 * bench/wrk_shares.lua: the create phase of 1 KiB shares, then the read phase that checks every
 * body against what was created. One connection per wrk thread keeps each thread's responses in
 * request order, which is how a response is paired with the share it created or read.
 * @module
 */

import type { Created, Phase, ShareSet } from "./small_shares.ts";

const SCRIPT = new URL("wrk_shares.lua", import.meta.url).pathname;

/**
 * wrk's version line, or null when wrk is not installed.
 * @example
 * ```ts
 * import { wrkVersion } from "./wrk.ts";
 * if (await wrkVersion() === null) console.log("apt-get install wrk");
 * ```
 */
export async function wrkVersion(): Promise<string | null> {
  try {
    const out = await new Deno.Command("wrk", { args: ["--version"], stdout: "piped" }).output();
    // wrk prints its version and usage, and exits 1.
    return new TextDecoder().decode(out.stdout).split("\n")[0].split(" Copyright")[0].trim();
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) from a /proc stat file. */
async function statCpu(path: string): Promise<number> {
  const stat = await Deno.readTextFile(path);
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/**
 * CPU seconds used so far: a process, its main (JavaScript) thread, its Deno KV SQLite writer
 * (the threads Deno names `sw-…`, which run every KV commit), and the whole machine.
 */
export interface CpuSample {
  total: number;
  main: number;
  /**
   * Seconds the main thread was ready to run but waited for a core (the kernel's schedstat),
   * null where the kernel does not keep it.
   */
  mainWaited: number | null;
  kvWriter: number;
  /** Busy seconds of every CPU of the machine, steal included. */
  machine: number;
  /** Of `machine`, the seconds the host gave this machine's CPUs to other work (steal). */
  steal: number;
}

/** Seconds a thread has waited on a run queue so far (schedstat's second field), or null. */
async function runQueueWait(path: string): Promise<number | null> {
  try {
    const [, waited] = (await Deno.readTextFile(path)).split(" ").map(Number);
    return Number.isFinite(waited) ? waited / 1e9 : null;
  } catch {
    return null; // a kernel without schedstats
  }
}

/** CPU seconds of the threads of `pid` whose name starts with `prefix`. */
async function threadsCpu(pid: number, prefix: string): Promise<number> {
  let sum = 0;
  for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
    try {
      const comm = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/comm`);
      if (comm.startsWith(prefix)) sum += await statCpu(`/proc/${pid}/task/${task.name}/stat`);
    } catch {
      // the thread ended meanwhile
    }
  }
  return sum;
}

/**
 * CPU seconds of the whole machine (all CPUs) from /proc/stat: busy, and of that, stolen (the
 * time a virtual machine's CPUs were ready to run but the host ran something else).
 */
async function machineCpu(): Promise<{ busy: number; steal: number }> {
  const line = (await Deno.readTextFile("/proc/stat")).split("\n")[0];
  // cpu user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq + steal) / 100, steal: steal / 100 };
}

/**
 * CPU seconds a process and its main thread have used so far, from /proc; null when unknown.
 * @example
 * ```ts
 * import { processCpu } from "./wrk.ts";
 * declare const server: Deno.ChildProcess; // the server under load
 * const before = await processCpu(server.pid); // null where /proc is missing
 * console.log(before?.total);
 * ```
 */
export async function processCpu(pid: number): Promise<CpuSample | null> {
  try {
    const machine = await machineCpu();
    return {
      total: await statCpu(`/proc/${pid}/stat`),
      main: await statCpu(`/proc/${pid}/task/${pid}/stat`),
      mainWaited: await runQueueWait(`/proc/${pid}/task/${pid}/schedstat`),
      kvWriter: await threadsCpu(pid, "sw-"),
      machine: machine.busy,
      steal: machine.steal,
    };
  } catch {
    return null;
  }
}

/**
 * Puts the server CPU used between two samples on `phase`.
 * @example
 * ```ts
 * import { addServerCpu, processCpu } from "./wrk.ts";
 * import type { Phase } from "./small_shares.ts";
 * declare const phase: Phase, pid: number; // a measured phase, the server's process id
 * const before = await processCpu(pid);
 * // ... the load runs ...
 * addServerCpu(phase, before, await processCpu(pid));
 * ```
 */
export function addServerCpu(phase: Phase, before: CpuSample | null, after: CpuSample | null) {
  if (before === null || after === null) return;
  phase.serverCpu = after.total - before.total;
  phase.serverMainCpu = after.main - before.main;
  phase.serverMainWaited = after.mainWaited === null || before.mainWaited === null
    ? null
    : after.mainWaited - before.mainWaited;
  phase.machineCpu = after.machine - before.machine;
  phase.machineSteal = after.steal - before.steal;
}

/** Output of the script's done(): wrk's summary (microseconds) plus the script's own counts. */
interface WrkSummary {
  requests: number;
  duration: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  p50: number;
  p99: number;
  max: number;
  bad: number;
  covered: Record<string, number>;
}

/** Runs one wrk phase against `origin`; `serverPid` is sampled for the server's CPU time. */
async function runWrk(
  mode: "create" | "read",
  origin: string,
  dir: string,
  clients: number,
  seconds: number,
  serverPid: number,
): Promise<{ phase: Phase; covered: Record<string, number> }> {
  // `times` reports the CPU time of the shell's children, i.e. wrk's own.
  const shell = 'wrk "$@"; code=$?; times >&2; exit $code';
  const args = [
    "-c",
    shell,
    "wrk",
    "-t",
    String(clients),
    "-c",
    String(clients),
    "-d",
    `${seconds}s`,
    "--timeout",
    "10s",
    "-s",
    SCRIPT,
    origin,
  ];
  const cpuBefore = await processCpu(serverPid);
  const out = await new Deno.Command("bash", {
    args,
    env: { HL_DIR: dir, HL_MODE: mode },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const cpuAfter = await processCpu(serverPid);
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  const line = stdout.split("\n").find((l) => l.startsWith("HLRESULT "));
  if (!out.success || line === undefined) {
    throw new Error(`wrk ${mode} failed (exit ${out.code}): ${stderr.trim() || stdout.trim()}`);
  }
  const s: WrkSummary = JSON.parse(line.slice("HLRESULT ".length));
  // `times` prints two lines: the shell's own user/sys time, then its children's.
  const children = stderr.trim().split("\n").at(-1)!.match(/(\d+)m([\d.]+)s/g) ?? [];
  const clientCpu = children.length === 2
    ? children.reduce((sum, t) => {
      const [, m, sec] = /(\d+)m([\d.]+)s/.exec(t)!;
      return sum + Number(m) * 60 + Number(sec);
    }, 0)
    : null;
  const secondsTaken = s.duration / 1e6;
  const result = {
    covered: s.covered,
    phase: {
      tool: "wrk",
      clients,
      requests: s.requests,
      seconds: secondsTaken,
      perSecond: s.requests / secondsTaken,
      p50: s.p50 / 1000,
      p99: s.p99 / 1000,
      max: s.max / 1000,
      errors: s.connect + s.read + s.write + s.status + s.timeout,
      mismatches: s.bad,
      clientCpu,
      serverCpu: null,
      serverMainCpu: null,
      serverMainWaited: null,
      machineCpu: null,
      machineSteal: null,
    } as Phase,
  };
  addServerCpu(result.phase, cpuBefore, cpuAfter);
  return result;
}

/**
 * Create phase with wrk: `clients` connections create shares for `seconds`. `dir` is a scratch
 * directory for the script's files.
 * @example
 * ```ts
 * import { wrkCreate } from "./wrk.ts";
 * import { ShareSet } from "./small_shares.ts";
 * declare const origin: string, server: Deno.ChildProcess; // a running server
 * const dir = await Deno.makeTempDir();
 * const set = await ShareSet.create();
 * const { phase, created } = await wrkCreate(origin, set, dir, 50, 30, server.pid);
 * console.log(phase, created.flat().length);
 * ```
 */
export async function wrkCreate(
  origin: string,
  set: ShareSet,
  dir: string,
  clients: number,
  seconds: number,
  serverPid: number,
): Promise<{ phase: Phase; created: Created[][] }> {
  await set.writeFiles(dir);
  const { phase } = await runWrk("create", origin, dir, clients, seconds, serverPid);
  const created: Created[][] = [];
  for (let tid = 0; tid < clients; tid++) {
    const text = await Deno.readTextFile(`${dir}/ids-${tid}.txt`);
    created.push(
      text.split("\n").filter(Boolean).map((line) => {
        const [c, id] = line.split(" ");
        return { tid, c: Number(c), id };
      }),
    );
  }
  return { phase, created };
}

/**
 * Read phase with wrk: thread `tid` reads the shares thread `tid` created (files left in `dir` by
 * {@link wrkCreate}), round and round, checking each body byte for byte.
 * @example
 * ```ts
 * import { wrkRead } from "./wrk.ts";
 * declare const origin: string, server: Deno.ChildProcess; // a running server
 * declare const dir: string; // where wrkCreate(origin, set, dir, ...) left its shares
 * const { phase, covered } = await wrkRead(origin, dir, 50, 30, server.pid);
 * console.log(phase, covered);
 * ```
 */
export async function wrkRead(
  origin: string,
  dir: string,
  clients: number,
  seconds: number,
  serverPid: number,
): Promise<{ phase: Phase; covered: number[] }> {
  const { phase, covered } = await runWrk("read", origin, dir, clients, seconds, serverPid);
  return {
    phase,
    covered: Array.from({ length: clients }, (_, tid) => covered[String(tid)] ?? 0),
  };
}
