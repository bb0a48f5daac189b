import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_SP_KEYS_PER_USE, SpKeyService } from "../../../src/accounts/sp-keys/sp-key-service.js";
import { keyPairProblem } from "../../../src/certificates/key-pair-check.js";
import { type AccountRecord, DEFAULT_SSO_SETTINGS } from "../../../src/domain/account.js";
import { createStorage } from "../../../src/storage/create-storage.js";
import type { SpKeyStore } from "../../../src/storage/ports.js";

/** A real SQLite storage per test, with the account the keys belong to. */
async function storeWithAccount(): Promise<{ store: SpKeyStore; close: () => Promise<void> }> {
  const storage = await createStorage({ dataDir: mkdtempSync(join(tmpdir(), "mms-sp-keys-")) });
  await storage.accounts.create({ id: "acme", platform: "micloud", displayName: "Acme" });
  return { store: storage.spKeys, close: () => storage.close() };
}

const account = (sso: Partial<AccountRecord["sso"]>): AccountRecord => ({
  id: "acme",
  platform: "micloud",
  displayName: "Acme",
  sso: { ...DEFAULT_SSO_SETTINGS, ...sso },
  spEntityIdOverride: null,
  replyUrlOverride: null,
  uuid: "00000000-0000-4000-8000-000000000000",
  urlProfile: null,
  createdAt: 0,
  updatedAt: 0,
});

describe("SpKeyService: a rotation with overlap", () => {
  it("the first key of a use is active, a second waits; the active one cannot go while its use is on", async () => {
    let t = 1_000;
    const { store, close } = await storeWithAccount();
    const service = new SpKeyService(store, () => t++);
    const signing = account({ signAuthnRequests: true });
    await service.ensureKeysFor(signing);
    const [first] = await service.list("acme", "signing");
    expect(first?.active).toBe(true);
    expect(keyPairProblem(first?.certificatePem ?? "", first?.privateKeyPem ?? "")).toBeNull();
    await service.ensureKeysFor(signing);
    expect(await service.list("acme", "signing")).toHaveLength(1);

    const second = await service.create("acme", "signing");
    expect(second.ok && second.key?.active).toBe(false);
    expect((await service.active("acme", "signing"))?.id).toBe(first?.id);
    expect(await service.remove(signing, first?.id ?? "")).toMatchObject({ ok: false, status: 400 });
    if (second.ok && second.key) await service.activate("acme", second.key.id);
    expect(await service.remove(signing, first?.id ?? "")).toEqual({ ok: true });
    // Off: even the active key may go.
    const [left] = await service.list("acme");
    expect(await service.remove(account({}), left?.id ?? "")).toEqual({ ok: true });
    await close();
  });

  it(`at most ${MAX_SP_KEYS_PER_USE} keys per use`, async () => {
    let t = 0;
    const { store, close } = await storeWithAccount();
    const service = new SpKeyService(store, () => t++);
    for (let i = 0; i < MAX_SP_KEYS_PER_USE; i++)
      expect((await service.create("acme", "encryption")).ok).toBe(true);
    expect(await service.create("acme", "encryption")).toMatchObject({ ok: false, status: 400 });
    expect((await service.create("acme", "signing")).ok).toBe(true);
    await close();
  });
});
