/** Secrets not configured are generated once, kept in storage, and shown only on the start that made them. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/load-config.js";
import { loadSecrets } from "../../../src/config/secrets.js";
import { verifyPassword } from "../../../src/security/passwords.js";
import { createStorage } from "../../../src/storage/create-storage.js";
import type { Storage } from "../../../src/storage/ports.js";

const opened: Array<{ storage: Storage; dir: string }> = [];

afterEach(async () => {
  for (const { storage, dir } of opened.splice(0)) {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function freshStorage(): Promise<{ storage: Storage; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "mms-secrets-"));
  const storage = await createStorage({ dataDir });
  opened.push({ storage, dir: dataDir });
  return { storage, dataDir };
}

function configFor(dataDir: string, admin: Record<string, string> = {}) {
  return loadConfig({ env: {}, overrides: { storage: { dataDir }, admin, seeds: [] } });
}

describe("loadSecrets", () => {
  it("generates the admin password and token on the first start only, and keeps them", async () => {
    const { storage, dataDir } = await freshStorage();
    const first = await loadSecrets(configFor(dataDir), storage.keyValues);
    expect(first.generatedAdminPassword).toMatch(/\S{12,}/);
    expect(first.generatedAdminToken).not.toBeNull();
    expect(await verifyPassword(first.generatedAdminPassword ?? "", first.adminPasswordHash)).toBe(true);

    const second = await loadSecrets(configFor(dataDir), storage.keyValues);
    expect(second.generatedAdminPassword).toBeNull();
    expect(second.generatedAdminToken).toBeNull();
    expect(second.adminPasswordHash).toBe(first.adminPasswordHash);
    expect(second.adminToken).toBe(first.adminToken);
    expect(second.sessionSecret).toBe(first.sessionSecret);
  });

  it("uses ADMIN_PASSWORD and ADMIN_TOKEN when given, and shows nothing", async () => {
    const { storage, dataDir } = await freshStorage();
    const config = configFor(dataDir, {
      password: "chosen-operator-password",
      token: "chosen-token-0123456789abcdef",
    });
    const secrets = await loadSecrets(config, storage.keyValues);
    expect(secrets.generatedAdminPassword).toBeNull();
    expect(secrets.generatedAdminToken).toBeNull();
    expect(secrets.adminToken).toBe("chosen-token-0123456789abcdef");
    expect(await verifyPassword("chosen-operator-password", secrets.adminPasswordHash)).toBe(true);
  });
});
