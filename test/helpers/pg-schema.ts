import pg from "pg";

/** A fresh Postgres schema name per test runtime (isolation on the shared `test` database). */
export function newPgSchema(prefix: string): string | undefined {
  return process.env.DATABASE_URL ? `${prefix}_${Math.random().toString(36).slice(2, 10)}` : undefined;
}

/** Drops a test schema so runs leave nothing behind in the shared database. */
export async function dropPgSchema(schema: string | undefined): Promise<void> {
  if (!schema || !process.env.DATABASE_URL) return;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, "")}" CASCADE`);
  } finally {
    await client.end();
  }
}
