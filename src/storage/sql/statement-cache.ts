import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/** Enough for every distinct query text the service runs, with room for the odd one-off. */
const DEFAULT_MAX_STATEMENTS = 256;

/**
 * Kysely's SQLite driver calls prepare() for every query it runs, and better-sqlite3 compiles the
 * SQL text each time: on the ACS path that is about ten compilations per sign-in of the same few
 * texts. This keeps compiled statements by SQL text (bounded; the least recently used goes first).
 *
 * Reusing a statement is safe here: Kysely runs one query at a time on the single SQLite
 * connection (it holds a mutex until the query has finished, streams included), so a cached
 * statement is never in use twice at once; parameters are bound anew on every run; and SQLite
 * re-prepares a statement by itself when a migration changed the schema under it.
 */
export function withStatementCache(
  file: BetterSqlite3.Database,
  maxStatements = DEFAULT_MAX_STATEMENTS,
): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      statements.clear();
      file.close();
    },
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached) {
        // Map keeps insertion order: re-inserting marks the statement as recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = file.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > maxStatements) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
  };
}
