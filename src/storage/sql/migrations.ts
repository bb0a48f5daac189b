/**
 * Schema migrations, kept in code (not files) so they ship inside dist/ and need no path lookup.
 * Every migration must run unchanged on SQLite and Postgres: only text, integer and bigint
 * columns, no booleans (they live inside JSON), no engine-specific DDL.
 * Never edit a migration that has shipped; add the next one ("0002_...") instead.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, type Migration, Migrator, sql } from "kysely";
import type { Tables } from "./schema.js";

/** Kysely's Migration takes Kysely<any>; schema builders do not need the table types. */
type SchemaDb = Kysely<unknown>;

async function createAccounts(db: SchemaDb): Promise<void> {
  await db.schema
    .createTable("accounts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("platform", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("sso_json", "text", (c) => c.notNull())
    .addColumn("sp_entity_id_override", "text")
    .addColumn("reply_url_override", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
}

async function createUsers(db: SchemaDb): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("first_name", "text")
    .addColumn("last_name", "text")
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("username", "text")
    .addColumn("login_email_norm", "text", (c) => c.notNull())
    .addColumn("login_username_norm", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  // The unique indexes double as the per-account login lookup indexes. NULL usernames never
  // collide on either engine, so no partial index is needed.
  await db.schema
    .createIndex("users_account_id_login_email_norm_uq")
    .unique()
    .on("users")
    .columns(["account_id", "login_email_norm"])
    .execute();
  await db.schema
    .createIndex("users_account_id_login_username_norm_uq")
    .unique()
    .on("users")
    .columns(["account_id", "login_username_norm"])
    .execute();
  // Sign-on page discovery looks a login up across every account of a platform.
  await db.schema.createIndex("users_login_email_norm_idx").on("users").column("login_email_norm").execute();
  await db.schema
    .createIndex("users_login_username_norm_idx")
    .on("users")
    .column("login_username_norm")
    .execute();
  // The directory lists an account's users ordered by name.
  await db.schema
    .createIndex("users_account_id_name_idx")
    .on("users")
    .columns(["account_id", "name"])
    .execute();
}

async function createAuthnRequests(db: SchemaDb): Promise<void> {
  await db.schema
    .createTable("authn_requests")
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("browser_binding_hash", "text")
    .addColumn("relay_state", "text")
    .addColumn("login_hint", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("consumed_at", "bigint")
    .addPrimaryKeyConstraint("authn_requests_pk", ["account_id", "id"])
    .execute();
  await db.schema
    .createIndex("authn_requests_expires_at_idx")
    .on("authn_requests")
    .column("expires_at")
    .execute();
}

async function createReplays(db: SchemaDb): Promise<void> {
  await db.schema
    .createTable("replays")
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("assertion_id", "text", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("replays_pk", ["account_id", "assertion_id"])
    .execute();
  await db.schema.createIndex("replays_expires_at_idx").on("replays").column("expires_at").execute();
}

async function createSignIns(db: SchemaDb): Promise<void> {
  await db.schema
    .createTable("sign_ins")
    .addColumn("trace_id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("failure_code", "text")
    .addColumn("cause", "text")
    .addColumn("fix", "text")
    .addColumn("details_json", "text", (c) => c.notNull())
    .addColumn("name_id", "text")
    .addColumn("name_id_format", "text")
    .addColumn("user_id", "text")
    .addColumn("request_id", "text")
    .addColumn("relay_state", "text")
    .addColumn("saml_response", "text")
    .execute();
  await db.schema
    .createIndex("sign_ins_account_id_at_idx")
    .on("sign_ins")
    .columns(["account_id", "at"])
    .execute();
  // prune() deletes by age across all accounts.
  await db.schema.createIndex("sign_ins_at_idx").on("sign_ins").column("at").execute();
}

async function createSessions(db: SchemaDb): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("sid", "text", (c) => c.primaryKey())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_expires_at_idx").on("sessions").column("expires_at").execute();
}

async function createKeyValues(db: SchemaDb): Promise<void> {
  await db.schema
    .createTable("key_values")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

/**
 * Issue 13: each account gets a stable UUID (the Mitel-shaped Identifier ends with it) and an
 * optional URL profile (null = the instance's). Existing rows get a UUID here, one by one: neither
 * engine has a portable UUID function.
 */
async function addAccountUuidAndUrlProfile(db: SchemaDb): Promise<void> {
  await db.schema.alterTable("accounts").addColumn("uuid", "text").execute();
  await db.schema.alterTable("accounts").addColumn("url_profile", "text").execute();
  const accounts = db as unknown as Kysely<{ accounts: { id: string; uuid: string | null } }>;
  const rows = await accounts.selectFrom("accounts").select("id").execute();
  for (const row of rows) {
    await accounts.updateTable("accounts").set({ uuid: randomUUID() }).where("id", "=", row.id).execute();
  }
  await db.schema.createIndex("accounts_uuid_uq").unique().on("accounts").column("uuid").execute();
}

/**
 * Kysely wraps migrations in a transaction on Postgres but not on SQLite (although SQLite DDL is
 * transactional). On SQLite the whole run already sits inside the migration lock's transaction
 * (sqlite-dialect.ts), so each migration gets a savepoint: a failed migration never leaves half
 * its tables behind, and the ones before it stay applied.
 */
export function atomicMigration(up: (db: SchemaDb) => Promise<void>): Migration {
  return {
    up: async (db: SchemaDb) => {
      if (db.isTransaction) return up(db);
      await sql`savepoint migration`.execute(db);
      try {
        await up(db);
      } catch (err) {
        await sql`rollback to migration`.execute(db);
        await sql`release migration`.execute(db);
        throw err;
      }
      await sql`release migration`.execute(db);
    },
  };
}

/** Key pairs of the SP side per account (signed AuthnRequests, encrypted assertions). */
async function createSpKeys(db: SchemaDb): Promise<void> {
  await db.schema
    .createTable("sp_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("accounts.id").onDelete("cascade"))
    .addColumn("key_use", "text", (c) => c.notNull())
    .addColumn("certificate_pem", "text", (c) => c.notNull())
    .addColumn("private_key_pem", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sp_keys_account_id_idx").on("sp_keys").column("account_id").execute();
}

/** Names sort in the order they run; Kysely refuses to run them out of order. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_initial": atomicMigration(async (db) => {
    await createAccounts(db);
    await createUsers(db);
    await createAuthnRequests(db);
    await createReplays(db);
    await createSignIns(db);
    await createSessions(db);
    await createKeyValues(db);
  }),
  // Issue 11: throttle and recorded-failure counters shared by workers and replicas.
  "0002_rate_counters": atomicMigration(async (db) => {
    await db.schema
      .createTable("rate_counters")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("hits", "integer", (c) => c.notNull())
      .addColumn("window_ends_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("rate_counters_window_ends_at_idx")
      .on("rate_counters")
      .column("window_ends_at")
      .execute();
  }),
  "0003_account_uuid_url_profile": atomicMigration(addAccountUuidAndUrlProfile),
  "0005_sp_keys": atomicMigration(createSpKeys),
};

export interface MigrateOptions {
  /**
   * Postgres: the schema holding the tables (OpenedDatabase.schema). Kysely otherwise looks for
   * its bookkeeping table in *any* schema and gets confused when another schema has one.
   */
  migrationTableSchema?: string | null;
  /** Tests substitute their own list. */
  migrations?: Readonly<Record<string, Migration>>;
}

export async function migrateToLatest(db: Kysely<Tables>, options: MigrateOptions = {}): Promise<void> {
  const migrations = options.migrations ?? MIGRATIONS;
  const schema = options.migrationTableSchema ?? undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === "Error")?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  const what = failed !== undefined ? `Database migration "${failed}" failed` : "Database migration failed";
  throw new Error(`${what}: ${reason}`, { cause: error });
}
