import { parentPort, workerData } from "node:worker_threads";
import { generateLoad } from "./load-generator.js";
import type { LoadSpec } from "./load-types.js";

/**
 * Worker-thread entry of the load generator, so that the client's own work (HTTP parsing,
 * timers) runs beside the server's event loop instead of on it when both share a process.
 */
const spec = workerData as LoadSpec;
generateLoad(spec).then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (err: unknown) =>
    parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) }),
);
