import cluster from "node:cluster";

/** Printed once every worker listens: until then the port is not shared by all of them. */
export const WORKERS_LISTENING_LINE = "workers are listening";

/**
 * WORKERS > 1: the primary forks that many workers sharing the port (node:cluster) and the
 * storage, restarts a worker that dies after it was serving, and forwards SIGTERM. Returns true
 * in the primary (which then serves nothing itself), false in a worker (which goes on to serve).
 *
 * A worker that dies before it ever listened is not restarted: its start-up failed (bad
 * configuration, unreachable database) and would fail again in a loop; the primary stops with
 * that worker's exit code instead, after stopping the others.
 */
export function runWorkers(count: number): boolean {
  if (!cluster.isPrimary) return false;
  let stopping = false;
  let announced = false;
  const listening = new Set<number>();

  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };

  cluster.on("listening", (worker) => {
    listening.add(worker.id);
    if (!announced && listening.size >= count) {
      announced = true;
      process.stdout.write(`  ${count} ${WORKERS_LISTENING_LINE} (pids ${workerPids().join(", ")})\n`);
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    const wasServing = listening.delete(worker.id);
    if (!stopping && code !== 0) {
      // Said on stderr so that a worker dying mid-run (out of memory, a crash) is never silent.
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      const next = wasServing ? "starting a new one" : "it never listened, so stopping";
      process.stderr.write(`  worker ${worker.process.pid} stopped (${how}); ${next}\n`);
      if (wasServing) cluster.fork();
      else {
        process.exitCode = code ?? 1;
        stop();
      }
    }
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  });
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  for (let i = 0; i < count; i++) cluster.fork();
  return true;
}

function workerPids(): number[] {
  return Object.values(cluster.workers ?? {})
    .map((w) => w?.process.pid)
    .filter((pid): pid is number => typeof pid === "number");
}
