import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createRuntime } from "../../../src/composition.js";
import { loadConfig } from "../../../src/config/load-config.js";
import { createLogger } from "../../../src/log.js";
import { TEST_PUBLIC_URL, type TestRuntime } from "../../helpers/test-runtime.js";

/**
 * Storage that outlives one runtime: a data directory (SQLite) or a Postgres schema (when
 * DATABASE_URL is set) that several runtimes open, one after another (a restart) or at once
 * (replicas behind a load balancer).
 */
export interface SharedStorage {
  open(): Promise<TestRuntime>;
  /** Removes the data directory or drops the schema; close every runtime first. */
  destroy(): Promise<void>;
}

export function sharedStorage(): SharedStorage {
  const dataDir = mkdtempSync(join(tmpdir(), "mms-shared-"));
  const databaseUrl = process.env.DATABASE_URL;
  const pgSchema = databaseUrl ? `mms_shared_${Math.random().toString(36).slice(2, 10)}` : undefined;
  return {
    async open() {
      const config = loadConfig({
        env: databaseUrl ? { DATABASE_URL: databaseUrl } : {},
        overrides: {
          server: { publicUrl: TEST_PUBLIC_URL, port: 0 },
          storage: { dataDir },
          simulator: { enabled: false },
          admin: { password: "operator-password-1", token: "test-admin-token-0123456789abcdef" },
          seeds: [],
          log: { level: "silent" },
        },
      });
      const runtime = await createRuntime(config, {
        logger: createLogger("silent"),
        backgroundJobs: false,
        ...(pgSchema ? { pgSchema } : {}),
      });
      return { ...runtime, dataDir, dispose: () => runtime.close() };
    },
    async destroy() {
      rmSync(dataDir, { recursive: true, force: true });
      if (!databaseUrl || !pgSchema) return;
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${pgSchema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
