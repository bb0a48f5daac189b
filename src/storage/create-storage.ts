/** Builds the Storage the service runs on: open the database, migrate it, wire the SQL stores. */
import { sql } from "kysely";
import type { Storage } from "./ports.js";
import { SqlAccountStore } from "./sql/account-store.js";
import { SqlAuthnRequestStore } from "./sql/authn-request-store.js";
import { type OpenDatabaseOptions, openDatabase } from "./sql/database.js";
import { SqlKeyValueStore } from "./sql/key-value-store.js";
import { migrateToLatest } from "./sql/migrations.js";
import { SqlRateCounterStore } from "./sql/rate-counter-store.js";
import { SqlReplayStore } from "./sql/replay-store.js";
import { SqlSessionStore } from "./sql/session-store.js";
import { SqlSignInStore } from "./sql/sign-in-store.js";
import { SqlSpKeyStore } from "./sql/sp-key-store.js";
import { SqlUserStore } from "./sql/user-store.js";

export type CreateStorageOptions = OpenDatabaseOptions & {
  /** The service's one clock (created/updated times). */
  now?: () => number;
};

export async function createStorage(opts: CreateStorageOptions): Promise<Storage> {
  const opened = await openDatabase(opts);
  try {
    await migrateToLatest(opened.db, { migrationTableSchema: opened.schema });
  } catch (err) {
    await opened.close();
    throw err;
  }
  const { db } = opened;
  const now = opts.now ?? Date.now;
  return {
    kind: opened.kind,
    accounts: new SqlAccountStore(db, now),
    spKeys: new SqlSpKeyStore(db),
    users: new SqlUserStore(db, now),
    authnRequests: new SqlAuthnRequestStore(db),
    replays: new SqlReplayStore(db),
    signIns: new SqlSignInStore(db),
    sessions: new SqlSessionStore(db),
    keyValues: new SqlKeyValueStore(db),
    rateCounters: new SqlRateCounterStore(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => opened.close(),
  };
}
