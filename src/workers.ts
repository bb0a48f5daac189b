import cluster, { type Worker } from "node:cluster";

/** Printed once every worker listens: until then the port is not shared by all of them. */
export const WORKERS_LISTENING_LINE = "workers are listening";

/** Set in the environment of the one worker that prepares the storage before the others start. */
const ROLE_VARIABLE = "MMS_WORKER_ROLE";

/** What this process is: the WORKERS primary, the worker preparing storage, or a serving one. */
export function workerRole(): "primary" | "prepare" | "serve" {
  if (cluster.isPrimary) return "primary";
  return process.env[ROLE_VARIABLE] === "prepare" ? "prepare" : "serve";
}

/**
 * WORKERS > 1, in the primary: first one worker prepares the storage (migrations, generated
 * secrets, simulator keys, seeds) and exits; only then do `count` workers start, sharing the port
 * (node:cluster) and the storage. Workers racing to create the same tables in a fresh data
 * directory made one of them fail; and the primary itself stays small (it loads none of the
 * service). A worker that dies after it was serving is restarted; SIGTERM is forwarded.
 *
 * A start that fails (the preparation, or a worker before it ever listened: bad configuration,
 * unreachable database) is not retried in a loop: the primary stops with that exit code, after
 * stopping the others.
 */
export function runWorkers(count: number): void {
  let stopping = false;
  let announced = false;
  const listening = new Set<number>();

  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  };
  const failStart = (code: number | null) => {
    process.exitCode = code || 1;
    stop();
  };

  cluster.on("listening", (worker) => {
    listening.add(worker.id);
    if (!announced && listening.size >= count) {
      announced = true;
      process.stdout.write(`  ${count} ${WORKERS_LISTENING_LINE} (pids ${workerPids().join(", ")})\n`);
    }
  });
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  const preparer = cluster.fork({ [ROLE_VARIABLE]: "prepare" });
  preparer.on("exit", (code) => {
    // Stopped while preparing: the preparer was the only process to wait for.
    if (stopping) process.exit();
    if (code !== 0) return failStart(code);
    cluster.on("exit", (worker, workerCode, signal) => onWorkerExit(worker, workerCode, signal));
    for (let i = 0; i < count; i++) cluster.fork({ [ROLE_VARIABLE]: "serve" });
  });

  function onWorkerExit(worker: Worker, code: number | null, signal: string | null) {
    const wasServing = listening.delete(worker.id);
    if (!stopping && code !== 0) {
      // Said on stderr so that a worker dying mid-run (out of memory, a crash) is never silent.
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      const next = wasServing ? "starting a new one" : "it never listened, so stopping";
      process.stderr.write(`  worker ${worker.process.pid} stopped (${how}); ${next}\n`);
      if (wasServing) cluster.fork({ [ROLE_VARIABLE]: "serve" });
      else failStart(code);
    }
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  }
}

function workerPids(): number[] {
  return Object.values(cluster.workers ?? {})
    .map((w) => w?.process.pid)
    .filter((pid): pid is number => typeof pid === "number");
}
