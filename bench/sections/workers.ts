import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/cli/start-service.js";
import { createStorage } from "../../src/storage/create-storage.js";
import { type IssueSettings, type PreparedLogin, prepareLogins } from "../fixtures/logins.js";
import { pickIndex, seededRandom } from "../fixtures/seeded-random.js";
import { createSmallDirectory, type LoginTarget } from "../fixtures/small-directory.js";
import { round } from "../load/stats.js";
import type { Counts } from "../options.js";
import { benchConfig } from "../server/bench-config.js";
import { type ChildFigures, measureChild } from "./child-run.js";

export interface WorkersFigures {
  one: ChildFigures;
  two: ChildFigures;
  /** logins/s with WORKERS=2 over WORKERS=1. */
  ratio: number;
  fixtureMs: number;
}

/** Request TTL, clock skew and Reply URLs as the child will have them (default config + PUBLIC_URL). */
export function childIssueSettings(port: number, dataDir: string): IssueSettings {
  const config = benchConfig({ port, dataDir, logLevel: "silent" });
  return {
    publicUrl: config.server.publicUrl,
    requestTtlMs: config.server.requestTtlMinutes * 60_000,
    clockSkewMs: config.server.clockSkewSeconds * 1000,
  };
}

export interface ChildLoginSet {
  warmup: PreparedLogin[];
  logins: PreparedLogin[];
}

export interface SmallDataDir {
  dataDir: string;
  port: number;
  sets: ChildLoginSet[];
  fixtureMs: number;
  remove(): void;
}

/**
 * The small directory in a fresh SQLite data directory, created through the service's own
 * storage, with `runs` separate sets of issued requests and signed responses (one per child run).
 */
export async function prepareSmallDataDir(counts: Counts, runs: number): Promise<SmallDataDir> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), "mms-bench-small-"));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const port = await freePort();
    const settings = childIssueSettings(port, dataDir);
    const storage = await createStorage({ dataDir });
    try {
      const targets = await createSmallDirectory(storage, {
        accounts: counts.smallAccounts,
        usersPerAccount: counts.smallUsersPerAccount,
      });
      const random = seededRandom(11);
      const prepare = (n: number) =>
        prepareLogins(
          storage.authnRequests,
          Array.from({ length: n }, () => targets[pickIndex(random, targets.length)] as LoginTarget),
          settings,
        );
      const sets: ChildLoginSet[] = [];
      for (let r = 0; r < runs; r++) {
        sets.push({ warmup: await prepare(counts.warmup), logins: await prepare(counts.child) });
      }
      return { dataDir, port, sets, fixtureMs: Math.round(performance.now() - started), remove };
    } finally {
      await storage.close();
    }
  } catch (err) {
    remove();
    throw err;
  }
}

export function runChild(
  counts: Counts,
  dir: { dataDir: string; port: number },
  workers: number,
  set: ChildLoginSet,
) {
  return measureChild({
    dataDir: dir.dataDir,
    port: dir.port,
    workers,
    concurrency: counts.childConcurrency,
    warmup: set.warmup,
    logins: set.logins,
    timeLimitMs: counts.levelTimeLimitMs,
  });
}

/**
 * (4) Scale-out over cores: `node dist/mitel-mock-sp.js` with WORKERS=1 then WORKERS=2 on the same
 * small data directory; each run posts its own request IDs, all issued before the first start.
 */
export async function measureWorkers(counts: Counts): Promise<WorkersFigures> {
  const dir = await prepareSmallDataDir(counts, 2);
  try {
    const [first, second] = dir.sets as [ChildLoginSet, ChildLoginSet];
    const one = await runChild(counts, dir, 1, first);
    const two = await runChild(counts, dir, 2, second);
    return { one, two, ratio: round(two.loginsPerSecond / one.loginsPerSecond), fixtureMs: dir.fixtureMs };
  } finally {
    dir.remove();
  }
}
