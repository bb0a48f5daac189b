import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime, type Runtime } from "../../src/composition.js";
import { loadConfig } from "../../src/config/load-config.js";
import type { NewAccount } from "../../src/domain/account.js";
import { createLogger } from "../../src/log.js";
import { dropPgSchema, newPgSchema } from "./pg-schema.js";
import { TEST_IDP } from "./test-idp.js";

export const TEST_PUBLIC_URL = "http://localhost:3999";

export interface TestRuntime extends Runtime {
  dataDir: string;
  dispose(): Promise<void>;
}

/**
 * A runtime on a fresh SQLite data directory (or a fresh Postgres schema when DATABASE_URL is
 * set), no seeds, simulator off unless asked: each test file builds exactly what it needs.
 */
export async function createTestRuntime(
  options: {
    simulator?: boolean;
    seeds?: string[];
    overrides?: Record<string, unknown>;
    /** The service's one clock; tests freeze or move it instead of faking the global Date. */
    now?: () => number;
  } = {},
): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), "mms-test-"));
  const config = loadConfig({
    env: { ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) },
    overrides: {
      server: { publicUrl: TEST_PUBLIC_URL, port: 0 },
      storage: { dataDir },
      simulator: { enabled: options.simulator ?? false },
      admin: { password: "operator-password-1", token: "test-admin-token-0123456789abcdef" },
      seeds: options.seeds ?? [],
      log: { level: "silent" },
      ...options.overrides,
    },
  });
  const pgSchema = newPgSchema("mms_http");
  const runtime = await createRuntime(config, {
    logger: createLogger("silent"),
    backgroundJobs: false,
    ...(options.now ? { now: options.now } : {}),
    ...(pgSchema ? { pgSchema } : {}),
  });
  return {
    ...runtime,
    dataDir,
    async dispose() {
      await runtime.close();
      await dropPgSchema(pgSchema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An account wired to the test IdP, SSO enabled, with B.Simon active. */
export async function createWiredAccount(
  runtime: Runtime,
  account: Partial<NewAccount> & Pick<NewAccount, "id" | "platform">,
) {
  const { accounts, directory } = runtime.ctx;
  const created = await accounts.create({ displayName: `Test ${account.id}`, ...account });
  const updated = await accounts.update(created.id, {
    sso: {
      enabled: true,
      idpSignInUrl: TEST_IDP.signInUrl,
      idpEntityId: TEST_IDP.entityId,
      idpCertificates: [TEST_IDP.certificatePem],
      ...account.sso,
    },
  });
  const user =
    updated.platform === "micloud"
      ? await directory.create(updated, {
          name: "Britta Simon",
          email: "B.Simon@contoso.com",
          status: "active",
        })
      : await directory.create(updated, {
          firstName: "Britta",
          lastName: "Simon",
          email: "B.Simon@contoso.com",
          status: "active",
        });
  return { account: updated, user };
}
