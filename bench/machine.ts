/**
 * What the bench ran on, for docs/BENCHMARKS.md: CPU model and count, memory, OS and Deno
 * versions, and the load average (other work on the machine skews every figure). No host name,
 * user or path is collected.
 * @module
 */

/** The machine a bench run measured. */
export interface MachineInfo {
  /** `model name` from /proc/cpuinfo, or "unknown". */
  cpuModel: string;
  /** Logical CPUs the OS reports. */
  cpus: number;
  /** Physical memory in bytes. */
  memoryBytes: number;
  /** e.g. "linux x86_64, kernel 6.1.0". */
  os: string;
  /** e.g. "Deno 2.9.6, V8 14.0". */
  runtime: string;
  /** 1-, 5- and 15-minute load averages when the run started. */
  loadAtStart: number[];
}

/**
 * Reads the machine's description.
 * @example
 * ```ts
 * import { machineInfo } from "./machine.ts";
 * const m = await machineInfo();
 * console.log(`${m.cpus} × ${m.cpuModel}`);
 * ```
 */
export async function machineInfo(): Promise<MachineInfo> {
  let cpuModel = "unknown";
  try {
    const cpuinfo = await Deno.readTextFile("/proc/cpuinfo");
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1].trim() ?? cpuModel;
  } catch {
    // not Linux
  }
  const kernel = Deno.osRelease().split("-")[0];
  return {
    cpuModel,
    cpus: navigator.hardwareConcurrency,
    memoryBytes: Deno.systemMemoryInfo().total,
    os: `${Deno.build.os} ${Deno.build.arch}, kernel ${kernel}`,
    runtime: `Deno ${Deno.version.deno}, V8 ${Deno.version.v8.split("-")[0]}`,
    loadAtStart: Deno.loadavg(),
  };
}
