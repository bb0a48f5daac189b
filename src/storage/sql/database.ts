/**
 * Opens the one database the service uses: a SQLite file under the data directory by default,
 * Postgres when a DATABASE_URL is configured (so several replicas can share state).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, sql } from "kysely";
import type pg from "pg";
import { errorCode } from "./db-errors.js";
import type { Tables } from "./schema.js";
import { MigrationLockingSqliteDialect } from "./sqlite-dialect.js";
import { withStatementCache } from "./statement-cache.js";

export const SQLITE_FILE_NAME = "mitel-mock-sp.sqlite";

export type DatabaseKind = "sqlite" | "postgres";

export interface OpenDatabaseOptions {
  /** postgres://... selects Postgres; null/undefined/empty selects SQLite. */
  databaseUrl?: string | null;
  /** Directory of the SQLite file (created if missing). Unused with Postgres. */
  dataDir: string;
  /** Postgres only: keep every table in this schema (created if missing). Tests use one per run. */
  pgSchema?: string | null;
  /** Postgres only: pool size. */
  pgPoolMax?: number;
  /** Postgres only: errors of idle pooled connections (e.g. the server restarted). */
  onPoolError?: (err: Error) => void;
}

export interface OpenedDatabase {
  db: Kysely<Tables>;
  kind: DatabaseKind;
  /** Postgres: the schema the tables live in (pass to migrateToLatest). SQLite: null. */
  schema: string | null;
  /** Destroys the pool / closes the file. Safe to call more than once. */
  close(): Promise<void>;
}

/** Plain identifiers only: the schema name ends up in a connection option and in DDL. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Postgres error codes for a schema that a concurrent "create schema if not exists" just made. */
const SCHEMA_RACE_CODES = new Set(["23505", "42P06"]);

const PG_INT8_OID = 20;

/**
 * pg returns BIGINT as strings to avoid precision loss. Our BIGINTs are epoch milliseconds and
 * counts, far below 2^53, so numbers are exact. Set on our own pool only: global pg.types is
 * shared with any other pg user in the process.
 */
function int8AsNumber(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser: (id, format) =>
      id === PG_INT8_OID && format !== "binary"
        ? (value: string) => Number(value)
        : types.getTypeParser(id, format),
  };
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const url = opts.databaseUrl?.trim();
  if (!url) return openSqlite(opts.dataDir);
  // Say so plainly instead of letting pg fail with a confusing connection error.
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new Error("DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for SQLite)");
  }
  return openPostgres(url, opts);
}

function openSqlite(dataDir: string): OpenedDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = new Database(path.join(dataDir, SQLITE_FILE_NAME));
  try {
    // WAL lets readers run while a write is in progress; busy_timeout waits out a writer in
    // another process instead of failing with SQLITE_BUSY; foreign keys are off by default in
    // SQLite and the cascades depend on them; NORMAL is durable enough with WAL.
    file.pragma("journal_mode = WAL");
    file.pragma("busy_timeout = 5000");
    file.pragma("foreign_keys = ON");
    file.pragma("synchronous = NORMAL");
  } catch (err) {
    file.close();
    throw err;
  }
  const db = new Kysely<Tables>({
    dialect: new MigrationLockingSqliteDialect({ database: withStatementCache(file) }),
  });
  return { db, kind: "sqlite", schema: null, close: once(() => db.destroy()) };
}

async function openPostgres(url: string, opts: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const schema = opts.pgSchema ?? null;
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid Postgres schema name "${schema}": use lower-case letters, digits and _`);
  }
  // Loaded only for Postgres: the default SQLite start-up does not pay for the driver (~50 ms).
  const { default: driver } = await import("pg");
  const pool = new driver.Pool({
    connectionString: url,
    max: opts.pgPoolMax ?? 10,
    types: int8AsNumber(driver.types),
    ...(schema !== null ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its connection emits "error" on the pool; unhandled, that event
  // would crash the process. The next query reports the outage anyway.
  pool.on("error", (err) => opts.onPoolError?.(err));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const close = once(() => db.destroy());
  try {
    if (schema !== null) await createSchema(db, schema);
    // Also a first round trip: a wrong URL fails here, at startup, not on the first request.
    const current = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const resolved = current.rows[0]?.schema ?? null;
    if (resolved === null) throw new Error("Postgres has no current schema: check search_path");
    return { db, kind: "postgres", schema: resolved, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function createSchema(db: Kysely<Tables>, schema: string): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (err) {
    // "if not exists" is not atomic in Postgres: two replicas starting together can both try.
    if (!SCHEMA_RACE_CODES.has(errorCode(err) ?? "")) throw err;
  }
}

/** Runs fn the first time only; later calls get the same promise (pg's Pool.end throws twice). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}
