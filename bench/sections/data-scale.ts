import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/cli/start-service.js";
import type { AccountRecord } from "../../src/domain/account.js";
import { createStorage } from "../../src/storage/create-storage.js";
import { SQLITE_FILE_NAME } from "../../src/storage/sql/database.js";
import { bigAccountId, bigUserDisplayName, insertBigDirectory } from "../fixtures/big-directory.js";
import { prepareLogins } from "../fixtures/logins.js";
import { pickIndex, seededRandom } from "../fixtures/seeded-random.js";
import { benchUserEmail, type LoginTarget } from "../fixtures/small-directory.js";
import { round } from "../load/stats.js";
import type { Counts } from "../options.js";
import type { ChildFigures } from "./child-run.js";
import { type ChildLoginSet, childIssueSettings, prepareSmallDataDir, runChild } from "./workers.js";

export interface ScaleFigures {
  accounts: number;
  users: number;
  insertMs: number;
  databaseFileMb: number;
  /** The small directory under the same conditions (WORKERS=1, same concurrency). */
  small: ChildFigures;
  big: ChildFigures;
  /** big logins/s over small logins/s. */
  ratio: number;
}

/**
 * (5) Scale of data: users across many accounts in the service's SQLite file, then the server
 * (WORKERS=1) signing in users picked at random over all accounts, so the account cache mostly
 * misses, as on a shared instance. Compared with the small directory measured the same way;
 * peak RSS is the server process's VmHWM.
 */
export async function measureScale(
  counts: Counts,
  reference: ChildFigures | undefined,
  log: (line: string) => void,
): Promise<ScaleFigures> {
  const small = reference ?? (await measureSmallReference(counts));
  const dataDir = mkdtempSync(join(tmpdir(), "mms-bench-scale-"));
  try {
    const size = { accounts: counts.scaleAccounts, usersPerAccount: counts.scaleUsersPerAccount };
    const users = size.accounts * size.usersPerAccount;
    const insertStarted = performance.now();
    let lastReport = 0;
    await insertBigDirectory(dataDir, size, (done) => {
      if (done - lastReport >= 200_000 || done === users) {
        lastReport = done;
        log(`  ${done.toLocaleString("en")} of ${users.toLocaleString("en")} users inserted`);
      }
    });
    const insertMs = Math.round(performance.now() - insertStarted);
    const databaseFileMb = round(statSync(join(dataDir, SQLITE_FILE_NAME)).size / 1024 / 1024, 1);

    const port = await freePort();
    const settings = childIssueSettings(port, dataDir);
    const storage = await createStorage({ dataDir });
    let set: ChildLoginSet;
    try {
      const accounts = new Map<number, AccountRecord>();
      const random = seededRandom(13);
      const pick = async (): Promise<LoginTarget> => {
        const a = pickIndex(random, size.accounts);
        const u = pickIndex(random, size.usersPerAccount);
        let account = accounts.get(a);
        if (!account) {
          account = await storage.accounts.get(bigAccountId(a));
          if (!account) throw new Error(`account ${bigAccountId(a)} was not inserted`);
          accounts.set(a, account);
        }
        return { account, nameId: benchUserEmail(a, u), displayName: bigUserDisplayName(a, u) };
      };
      const prepare = async (n: number) => {
        const targets: LoginTarget[] = [];
        for (let i = 0; i < n; i++) targets.push(await pick());
        return prepareLogins(storage.authnRequests, targets, settings);
      };
      set = { warmup: await prepare(counts.warmup), logins: await prepare(counts.child) };
    } finally {
      await storage.close();
    }
    const big = await runChild(counts, { dataDir, port }, 1, set);
    return {
      accounts: size.accounts,
      users,
      insertMs,
      databaseFileMb,
      small,
      big,
      ratio: round(big.loginsPerSecond / small.loginsPerSecond),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureSmallReference(counts: Counts): Promise<ChildFigures> {
  const dir = await prepareSmallDataDir(counts, 1);
  try {
    return await runChild(counts, dir, 1, dir.sets[0] as ChildLoginSet);
  } finally {
    dir.remove();
  }
}
