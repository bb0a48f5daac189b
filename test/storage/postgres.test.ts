/**
 * The storage contract on Postgres, when DATABASE_URL is set. Every test gets a fresh schema
 * (mms_test_<run>_<n>) so runs never see each other's rows; all are dropped at the end.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createStorage } from "../../src/storage/create-storage.js";
import { openDatabase } from "../../src/storage/sql/database.js";
import { runStorageContract } from "./storage-contract.js";

const databaseUrl = process.env.DATABASE_URL;

if (!databaseUrl) {
  console.info("DATABASE_URL is not set: skipping the Postgres storage contract");
  describe.skip("storage contract: postgres (needs DATABASE_URL)", () => {
    it("runs against Postgres", () => {});
  });
} else {
  const url = databaseUrl;
  const run = `mms_test_${randomBytes(4).toString("hex")}`;
  const schemas: string[] = [];
  const nextSchema = () => {
    const schema = `${run}_${schemas.length}`;
    schemas.push(schema);
    return schema;
  };
  const open = (pgSchema: string) => createStorage({ databaseUrl: url, dataDir: os.tmpdir(), pgSchema });

  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  });

  runStorageContract("postgres", () => open(nextSchema()));

  describe("postgres database", () => {
    it("keeps schemas apart and re-migrates an existing one without error", async () => {
      const schemaA = nextSchema();
      const a = await open(schemaA);
      const b = await open(nextSchema());
      try {
        expect(a.kind).toBe("postgres");
        await a.accounts.create({ id: "only-a", platform: "micloud", displayName: "A" });
        expect(await b.accounts.get("only-a")).toBeUndefined();
        const again = await open(schemaA);
        expect((await again.accounts.get("only-a"))?.createdAt).toEqual(expect.any(Number));
        await again.close();
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("refuses a schema name that is not a plain identifier", async () => {
      await expect(
        openDatabase({ databaseUrl: url, dataDir: os.tmpdir(), pgSchema: "x; drop" }),
      ).rejects.toThrow(/Invalid Postgres schema name/);
    });
  });
}
