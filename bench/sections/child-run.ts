import { WORKERS_LISTENING_LINE } from "../../src/workers.js";
import type { PreparedLogin } from "../fixtures/logins.js";
import { totalCpuMs } from "../load/cpu-time.js";
import { runLoad } from "../load/run-load.js";
import { type LevelFigures, summariseLoad } from "../load/stats.js";
import { startChildServer } from "../server/child-server.js";

export interface ChildFigures extends LevelFigures {
  workers: number;
  /** VmHWM of the process that serves (the primary when WORKERS > 1, which serves nothing). */
  peakRssMb: number | null;
  /** RSS right after start-up, before any sign-in. */
  rssAtReadyMb: number | null;
  readyMs: number;
  /**
   * CPU of this bench process (the load generator's thread and its own) per login: the share of
   * the machine the service cannot have. On 2 cores it bounds what WORKERS=2 can gain.
   */
  generatorCpuMsPerLogin: number | null;
}

export interface ChildRunInput {
  dataDir: string;
  port: number;
  workers: number;
  concurrency: number;
  warmup: readonly PreparedLogin[];
  logins: readonly PreparedLogin[];
  timeLimitMs: number;
}

/**
 * One `node dist/mitel-mock-sp.js` on a prepared data directory: wait until it is ready (and, with
 * WORKERS > 1, until every worker listens, or keep-alive connections would all stick to the
 * first), warm it up, then time the prepared sign-ins.
 */
export async function measureChild(input: ChildRunInput): Promise<ChildFigures> {
  const child = startChildServer({
    port: input.port,
    dataDir: input.dataDir,
    env: { WORKERS: String(input.workers) },
  });
  try {
    const readyMs = await child.waitReady();
    const rssAtReadyMb = child.rssMb();
    const pids = [child.pid];
    if (input.workers > 1) {
      const line = await child.waitForOutput(WORKERS_LISTENING_LINE);
      pids.push(...(/pids ([\d, ]+)/.exec(line)?.[1] ?? "").split(",").map(Number).filter(Boolean));
    }
    const load = (logins: readonly PreparedLogin[]) =>
      runLoad({
        host: "127.0.0.1",
        port: input.port,
        concurrency: input.concurrency,
        posts: logins.map((l) => l.post),
        timeLimitMs: input.timeLimitMs,
      });
    await load(input.warmup);
    const cpuBefore = totalCpuMs(pids);
    const generatorBefore = process.cpuUsage();
    const result = await load(input.logins);
    const generator = process.cpuUsage(generatorBefore);
    const cpuAfter = totalCpuMs(pids);
    const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    const figures = summariseLoad(input.concurrency, result, cpuMs);
    return {
      ...figures,
      workers: input.workers,
      peakRssMb: child.peakRssMb(),
      rssAtReadyMb,
      readyMs: Math.round(readyMs),
      generatorCpuMsPerLogin:
        result.completed > 0
          ? Math.round(((generator.user + generator.system) / 1000 / result.completed) * 100) / 100
          : null,
    };
  } finally {
    await child.stop();
  }
}
