import cluster from "node:cluster";

/**
 * WORKERS > 1: the primary forks that many workers sharing the port (node:cluster) and the
 * storage, restarts a worker that dies, and forwards SIGTERM. Returns true in the primary (which
 * then serves nothing itself), false in a worker (which goes on to serve).
 */
export function runWorkers(count: number): boolean {
  if (!cluster.isPrimary) return false;
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    if (!stopping && code !== 0) cluster.fork();
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    void worker;
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return true;
}
