import { readFileSync } from "node:fs";

/** Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
const MS_PER_TICK = 10;

/**
 * CPU time (user + system) of one process or of one of its threads, in milliseconds, from
 * /proc; null where /proc is missing. CPU time per sign-in is steadier than throughput on a
 * shared machine: other work delays a request but does not add to the server's CPU time.
 */
export function cpuTimeMs(pid: number, tid?: number): number | null {
  const file = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  try {
    const stat = readFileSync(file, "utf8");
    // Fields after the command name (which may contain spaces and parentheses): state is
    // field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * MS_PER_TICK : null;
  } catch {
    return null;
  }
}

/** The main thread of this process (the in-process server's event loop; its tid is the pid). */
export function mainThreadCpuMs(): number | null {
  return cpuTimeMs(process.pid, process.pid);
}

export function totalCpuMs(pids: readonly number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const ms = cpuTimeMs(pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}
