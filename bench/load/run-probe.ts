import { Worker } from "node:worker_threads";
import type { ProbeResult, ProbeSpec } from "./probe-worker.js";

type ProbeReply = { ok: true; result: ProbeResult } | { ok: false; error: string };

/** Runs the latency probe in its own thread (the in-process server owns the main one). */
export function runProbe(spec: ProbeSpec): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./probe-worker.js", import.meta.url), { workerData: spec });
    worker.once("message", (reply: ProbeReply) => {
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`probe failed: ${reply.error}`));
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}
