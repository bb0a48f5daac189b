import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

export interface ProbeSpec {
  host: "127.0.0.1";
  port: number;
  path: string;
  durationMs: number;
  /** Pause between one answer and the next request. */
  intervalMs: number;
}

export interface ProbeResult {
  latenciesMs: number[];
  failures: number;
}

/**
 * A patient client in its own thread: GETs one path over a keep-alive connection again and again
 * for a while and reports each answer's latency (how long a monitoring probe waits).
 */
async function probe(spec: ProbeSpec): Promise<ProbeResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latenciesMs: number[] = [];
  let failures = 0;
  const end = performance.now() + spec.durationMs;
  while (performance.now() < end) {
    const started = performance.now();
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: spec.host, port: spec.port, path: spec.path, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 200));
      });
      req.setTimeout(30_000, () => req.destroy());
      req.on("error", () => resolve(false));
    });
    if (ok) latenciesMs.push(performance.now() - started);
    else failures++;
    await new Promise((r) => setTimeout(r, spec.intervalMs));
  }
  agent.destroy();
  return { latenciesMs, failures };
}

if (parentPort) {
  probe(workerData as ProbeSpec).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (err: unknown) =>
      parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
}
