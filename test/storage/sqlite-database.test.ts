/** SQLite-only behaviour: the file, its pragmas, reopening, and how migrations fail. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createStorage } from "../../src/storage/create-storage.js";
import { openDatabase, SQLITE_FILE_NAME } from "../../src/storage/sql/database.js";
import { atomicMigration, MIGRATIONS, migrateToLatest } from "../../src/storage/sql/migrations.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "mms-sqlite-db-"));
let dirs = 0;
const freshDir = () => path.join(root, `nested-${++dirs}`, "data");

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("sqlite database", () => {
  it("creates the data directory and file, with the expected pragmas", async () => {
    const dataDir = freshDir();
    const opened = await openDatabase({ dataDir, databaseUrl: "  " });
    try {
      expect(opened.kind).toBe("sqlite");
      expect(opened.schema).toBeNull();
      expect(fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
      const pragma = async (name: string) => {
        const result = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(
          opened.db,
        );
        return Object.values(result.rows[0] ?? {})[0];
      };
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("foreign_keys")).toBe(1);
      expect(await pragma("busy_timeout")).toBe(5000);
      // synchronous is per connection: NORMAL is 1.
      expect(await pragma("synchronous")).toBe(1);
    } finally {
      await opened.close();
    }
  });

  it("keeps data across reopening and migrates idempotently", async () => {
    const dataDir = freshDir();
    const first = await createStorage({ dataDir, databaseUrl: null });
    await first.accounts.create({ id: "persist", platform: "micloud", displayName: "P" });
    await first.close();
    const second = await createStorage({ dataDir });
    try {
      expect((await second.accounts.get("persist"))?.displayName).toBe("P");
    } finally {
      await second.close();
    }
  });

  it("migration 0002 gives every existing account its own UUID and no URL profile", async () => {
    const opened = await openDatabase({ dataDir: freshDir() });
    try {
      const first = { "0001_initial": MIGRATIONS["0001_initial"] as (typeof MIGRATIONS)[string] };
      await migrateToLatest(opened.db, { migrations: first });
      for (const id of ["old-a", "old-b"]) {
        await sql`insert into accounts (id, platform, display_name, sso_json, created_at, updated_at)
          values (${id}, 'micloud', ${id}, '{}', 1, 1)`.execute(opened.db);
      }
      await migrateToLatest(opened.db);
      const rows = await sql<{ id: string; uuid: string; url_profile: string | null }>`
        select id, uuid, url_profile from accounts order by id`.execute(opened.db);
      expect(rows.rows.map((r) => r.url_profile)).toEqual([null, null]);
      const uuids = rows.rows.map((r) => r.uuid);
      expect(new Set(uuids).size).toBe(2);
      for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await opened.close();
    }
  });

  it("names the failed migration and rolls back its partial work", async () => {
    const opened = await openDatabase({ dataDir: freshDir() });
    try {
      const migrations = {
        ...MIGRATIONS,
        "0002_broken": atomicMigration(async (db) => {
          await db.schema.createTable("half_done").addColumn("x", "text").execute();
          await sql`this is not sql`.execute(db);
        }),
      };
      await expect(migrateToLatest(opened.db, { migrations })).rejects.toThrow(
        /Database migration "0002_broken" failed/,
      );
      const tables = (await opened.db.introspection.getTables()).map((t) => t.name);
      expect(tables).toContain("accounts");
      expect(tables).not.toContain("half_done");
    } finally {
      await opened.close();
    }
  });

  it("lets several processes migrate one fresh file at once: one creates the tables, the rest wait", async () => {
    const dataDir = freshDir();
    const script = path.join(import.meta.dirname, "support", "migrate-data-dir.ts");
    // Each child needs a moment to load tsx; all of them start migrating at the same instant.
    const startAt = String(Date.now() + 1_500);
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ["--import", "tsx", script, dataDir, startAt], {
            stdio: ["ignore", "ignore", "pipe"],
          });
          let stderr = "";
          child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString("utf8");
          });
          child.on("exit", (code) => resolve({ code, stderr }));
        }),
    );
    const results = await Promise.all(runs);
    expect(results, JSON.stringify(results)).toEqual(results.map(() => ({ code: 0, stderr: "" })));
    const opened = await openDatabase({ dataDir });
    try {
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(opened.db);
      expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
    } finally {
      await opened.close();
    }
  }, 30_000);
});

describe("openDatabase", () => {
  it("rejects a DATABASE_URL that is not a Postgres URL", async () => {
    await expect(openDatabase({ dataDir: freshDir(), databaseUrl: "mysql://x" })).rejects.toThrow(
      /postgres:\/\//,
    );
  });
});
