import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IssueSettings, PreparedLogin } from "../fixtures/logins.js";
import { prepareLogins } from "../fixtures/logins.js";
import { pickIndex, seededRandom } from "../fixtures/seeded-random.js";
import { createSmallDirectory, type LoginTarget } from "../fixtures/small-directory.js";
import { startCpuProfile } from "../load/cpu-profile.js";
import { mainThreadCpuMs } from "../load/cpu-time.js";
import { runLoad } from "../load/run-load.js";
import { type LevelFigures, summariseLoad } from "../load/stats.js";
import type { Counts } from "../options.js";
import { type InProcessServer, startInProcessServer } from "../server/in-process-server.js";

export interface AcsFixture {
  server: InProcessServer;
  settings: IssueSettings;
  warmup: PreparedLogin[];
  levels: Array<{ concurrency: number; logins: PreparedLogin[] }>;
  /** Time to create the directory, issue the requests and sign the responses (not timed below). */
  fixtureMs: number;
  dispose(): Promise<void>;
}

export interface AcsStorage {
  kind: "sqlite" | "postgres";
  databaseUrl?: string;
  pgSchema?: string;
}

/** The service in this process on a fresh database, with the small directory and every sign-in prepared. */
export async function buildAcsFixture(
  counts: Counts,
  storage: AcsStorage,
  logLevel: string,
): Promise<AcsFixture> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), "mms-bench-acs-"));
  const server = await startInProcessServer({
    dataDir,
    databaseUrl: storage.databaseUrl,
    pgSchema: storage.pgSchema,
    logLevel,
  });
  const { config, storage: store } = server.runtime.ctx;
  const settings: IssueSettings = {
    publicUrl: config.server.publicUrl,
    requestTtlMs: config.server.requestTtlMinutes * 60_000,
    clockSkewMs: config.server.clockSkewSeconds * 1000,
  };
  const targets = await createSmallDirectory(store, {
    accounts: counts.smallAccounts,
    usersPerAccount: counts.smallUsersPerAccount,
  });
  const random = seededRandom(7);
  const pick = (n: number): LoginTarget[] =>
    Array.from({ length: n }, () => targets[pickIndex(random, targets.length)] as LoginTarget);
  const prepare = (n: number) => prepareLogins(store.authnRequests, pick(n), settings);
  const warmup = await prepare(counts.warmup);
  const levels = [
    { concurrency: 1, logins: await prepare(counts.c1) },
    { concurrency: 8, logins: await prepare(counts.c8) },
    { concurrency: 32, logins: await prepare(counts.c32) },
  ];
  return {
    server,
    settings,
    warmup,
    levels,
    fixtureMs: Math.round(performance.now() - started),
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * (2) End-to-end ACS over HTTP: every check, the user match, the sign-in recorded, the session
 * stored (at the /saml/complete hand-over the ACS redirects to, which the load generator follows
 * as a browser does), and the 303 to the landing page. Warm-up first, then concurrency 1, 8, 32.
 */
export async function measureAcsLevels(
  fixture: AcsFixture,
  counts: Counts,
  profile?: { dir: string; prefix: string },
): Promise<LevelFigures[]> {
  const load = (concurrency: number, logins: PreparedLogin[]) =>
    runLoad({
      host: "127.0.0.1",
      port: fixture.server.port,
      concurrency,
      posts: logins.map((l) => l.post),
      timeLimitMs: counts.levelTimeLimitMs,
    });
  await load(8, fixture.warmup);
  const figures: LevelFigures[] = [];
  for (const level of fixture.levels) {
    const profiler = profile ? await startCpuProfile() : null;
    const cpuBefore = mainThreadCpuMs();
    const result = await load(level.concurrency, level.logins);
    const cpuAfter = mainThreadCpuMs();
    const cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    figures.push(summariseLoad(level.concurrency, result, cpuMs));
    if (profiler && profile) await profiler.stop(profile.dir, `${profile.prefix}-c${level.concurrency}`);
  }
  return figures;
}

/** The level at a concurrency, for the ratio. */
export function levelAt(figures: readonly LevelFigures[], concurrency: number): LevelFigures | undefined {
  return figures.find((f) => f.concurrency === concurrency);
}
