import { Worker } from "node:worker_threads";
import type { LoadResult, LoadSpec } from "./load-types.js";

type WorkerReply = { ok: true; result: LoadResult } | { ok: false; error: string };

/** Runs the load generator in its own thread and waits for its figures. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./load-worker.js", import.meta.url), { workerData: spec });
    let settled = false;
    worker.once("message", (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`load generator failed: ${reply.error}`));
      void worker.terminate();
    });
    worker.once("error", (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`load generator exited with code ${code}`));
      settled = true;
    });
  });
}
