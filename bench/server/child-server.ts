import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/project-root.js";

export interface ChildServerOptions {
  port: number;
  /** Variables on top of PATH, DATA_DIR, PORT and PUBLIC_URL (the child gets nothing else of ours). */
  env?: Record<string, string>;
  dataDir: string;
}

export interface ChildServer {
  pid: number;
  port: number;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  waitReady(timeoutMs?: number): Promise<number>;
  /** Resolves with the first stdout line containing `text` (or rejects after the timeout). */
  waitForOutput(text: string, timeoutMs?: number): Promise<string>;
  /**
   * Peak resident set size so far (VmHWM), in MB, summed over the service and its WORKERS
   * processes (each one's own peak, so an upper bound of the whole); null when /proc is not readable.
   */
  peakRssMb(): number | null;
  /** Resident set size now (VmRSS), in MB, summed the same way. */
  rssMb(): number | null;
  stop(): Promise<void>;
}

// The bundled service, which `npm start` and the image run (scripts/build.mjs).
const MAIN = join(PROJECT_ROOT, "dist", "mitel-mock-sp.js");

/**
 * `node dist/mitel-mock-sp.js` as its own process, as `npm start` runs it (minus the build check).
 * Its stdout is drained (a full pipe would block its synchronous logger) and watched for
 * marker lines; the tail of stderr is kept to explain a failed start.
 */
export function startChildServer(options: ChildServerOptions): ChildServer {
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      DATA_DIR: options.dataDir,
      PORT: String(options.port),
      PUBLIC_URL: `http://localhost:${options.port}`,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdoutTail = "";
  let stderrTail = "";
  const watchers: Array<{ text: string; found: (line: string) => void }> = [];
  const lineWith = (text: string) => stdoutTail.split("\n").find((line) => line.includes(text));
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitWaiters: Array<() => void> = [];

  child.stdout?.on("data", (chunk: Buffer) => {
    stdoutTail = (stdoutTail + chunk.toString("utf8")).slice(-8192);
    for (const watcher of [...watchers]) {
      const line = lineWith(watcher.text);
      if (line !== undefined) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.found(line);
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-4096);
  });
  child.on("exit", (code, signal) => {
    exited = { code, signal };
    for (const wake of exitWaiters.splice(0)) wake();
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not start node dist/mitel-mock-sp.js");

  const describeExit = () =>
    `the server exited (${exited?.code ?? exited?.signal}) before it was ready:\n${stderrTail || stdoutTail}`;

  return {
    pid,
    port: options.port,
    async waitReady(timeoutMs = 30_000) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        if (exited) throw new Error(describeExit());
        if ((await readyzStatus(options.port)) === 200) return performance.now() - spawnedAt;
        await sleep(5);
      }
      throw new Error(`the server did not answer /readyz within ${timeoutMs} ms`);
    },
    waitForOutput(text, timeoutMs = 30_000) {
      const seen = lineWith(text);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the server did not print "${text}" within ${timeoutMs} ms`)),
          timeoutMs,
        );
        watchers.push({
          text,
          found: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    peakRssMb: () => treeStatusMb(pid, "VmHWM"),
    rssMb: () => treeStatusMb(pid, "VmRSS"),
    async stop() {
      if (exited) return;
      const done = new Promise<void>((resolve) => exitWaiters.push(resolve));
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await done;
      clearTimeout(killer);
    },
  };
}

/** The process and its descendants (the WORKERS primary's workers), from /proc. */
function processTree(pid: number): number[] {
  const pids = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      for (const child of children ? children.split(/\s+/) : []) pids.push(...processTree(Number(child)));
    }
  } catch {
    // The process ended meanwhile: what was found so far is the tree.
  }
  return pids;
}

function treeStatusMb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  const root = procStatusKb(pid, field);
  if (root === null) return null;
  const rest = processTree(pid)
    .slice(1)
    .reduce((sum, child) => sum + (procStatusKb(child, field) ?? 0), 0);
  return Math.round((root + rest) / 102.4) / 10;
}

function procStatusKb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1];
    return kb ? Number(kb) : null;
  } catch {
    return null;
  }
}

function readyzStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/readyz", timeout: 1000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
