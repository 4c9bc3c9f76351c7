/**
 * The processes a bench started, from /proc: a browser's many processes are counted together.
 * @module
 */

/**
 * The ids of every process below this one, except `exclude` and the processes below it (a server
 * the bench started beside the browser). Throws where there is no /proc.
 * @example
 * ```ts
 * import { descendants } from "./processes.ts";
 * const server = 12345; // the pid of a server the bench spawned
 * const browser = descendants(server); // Chromium's processes, say
 * ```
 */
export function descendants(exclude: number): number[] {
  const parent = new Map<number, number>();
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      parent.set(Number(e.name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [Deno.pid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    for (const [child, of] of parent) {
      if (of !== pid || child === exclude) continue;
      queue.push(child);
      found.push(child);
    }
  }
  return found;
}

/**
 * User + system CPU seconds of a process and, with `reapedChildren`, of the children it has
 * waited for (a child's CPU is counted there once it has exited and been waited for: around a
 * child's run, the difference is the child's CPU, and the caller's own). Throws where there is no
 * /proc.
 * @example
 * ```ts
 * import { cpuSeconds } from "./processes.ts";
 * const before = cpuSeconds(Deno.pid, true);
 * await new Deno.Command(Deno.execPath(), { args: ["--version"] }).output();
 * console.log(cpuSeconds(Deno.pid, true) - before); // the child's CPU, and this process's
 * ```
 */
export function cpuSeconds(pid: number, reapedChildren = false): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  // Fields after the parenthesised command name: utime, stime, cutime, cstime are 12th–15th.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
  return (f[11] + f[12] + (reapedChildren ? f[13] + f[14] : 0)) / 100;
}
