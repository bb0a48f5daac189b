import { randomBytes } from "node:crypto";
import pg from "pg";

/** A fresh schema per run so the benchmark never touches anyone's tables. */
export function newPgSchemaName(): string {
  return `mms_bench_${randomBytes(4).toString("hex")}`;
}

export async function dropPgSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!/^mms_bench_[0-9a-f]{8}$/.test(schema)) throw new Error(`refusing to drop schema ${schema}`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
