/**
 * Kysely's SQLite adapter takes no migration lock: it assumes one process owns the file. Two
 * processes starting together on a fresh data directory (two `npm start` on one DATA_DIR, or a
 * restarted WORKERS set) would then both create the tables, and the second fails with "table
 * accounts already exists". Here the lock is SQLite's own write lock, held for the whole run:
 * `BEGIN IMMEDIATE` waits (busy_timeout) for another migrating process, which has committed by
 * the time this one reads which migrations ran.
 */
import { type Kysely, SqliteAdapter, SqliteDialect, sql } from "kysely";

class CrossProcessMigrationLockAdapter extends SqliteAdapter {
  #holding = false;

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`begin immediate`.execute(db);
    this.#holding = true;
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    // Kysely calls this in a finally, also when acquiring failed: commit only what was begun.
    if (!this.#holding) return;
    this.#holding = false;
    await sql`commit`.execute(db);
  }
}

export class MigrationLockingSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new CrossProcessMigrationLockAdapter();
  }
}
