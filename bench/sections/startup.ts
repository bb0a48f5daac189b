import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/cli/start-service.js";
import { startChildServer } from "../server/child-server.js";

export interface StartupFigures {
  /** Milliseconds from spawn to ready, fresh DATA_DIR (migrations, secrets, seeds, simulator keys). */
  freshMs: number[];
  /** The same data directory started again. */
  existingMs: number[];
  freshMedianMs: number;
  existingMedianMs: number;
}

/**
 * (6) Start-up time: `node dist/mitel-mock-sp.js` with the default configuration (demo seeds, Entra
 * simulator on) from spawn until /readyz answers 200, on a fresh data directory and again on
 * the one it just created.
 */
export async function measureStartup(repeats: number): Promise<StartupFigures> {
  const freshMs: number[] = [];
  const existingMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), "mms-bench-start-"));
    try {
      const port = await freePort();
      freshMs.push(await timeOneStart(dataDir, port));
      existingMs.push(await timeOneStart(dataDir, port));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { freshMs, existingMs, freshMedianMs: median(freshMs), existingMedianMs: median(existingMs) };
}

async function timeOneStart(dataDir: string, port: number): Promise<number> {
  const child = startChildServer({ port, dataDir });
  try {
    return Math.round(await child.waitReady());
  } finally {
    await child.stop();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
