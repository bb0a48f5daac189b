/** AccountService's cache: TTL, invalidation on writes, the size bound, one read per miss. */
import { describe, expect, it } from "vitest";
import { AccountService } from "../../../src/accounts/account-service.js";
import {
  type AccountPatch,
  type AccountRecord,
  DEFAULT_SSO_SETTINGS,
  type NewAccount,
} from "../../../src/domain/account.js";
import type { AccountStore } from "../../../src/storage/ports.js";

class CountingStore implements AccountStore {
  reads = 0;
  readonly rows = new Map<string, AccountRecord>();
  /** When set, get() waits for this before answering (to hold reads in flight). */
  gate: Promise<void> | null = null;

  async create(input: NewAccount): Promise<AccountRecord> {
    const record: AccountRecord = {
      id: input.id,
      platform: input.platform,
      displayName: input.displayName,
      sso: { ...DEFAULT_SSO_SETTINGS, ...input.sso },
      spEntityIdOverride: null,
      replyUrlOverride: null,
      uuid: "00000000-0000-4000-8000-000000000000",
      urlProfile: null,
      createdAt: 0,
      updatedAt: 0,
    };
    this.rows.set(record.id, record);
    return record;
  }
  async get(id: string): Promise<AccountRecord | undefined> {
    this.reads++;
    const row = this.rows.get(id);
    if (this.gate) await this.gate;
    return row;
  }
  async list(): Promise<AccountRecord[]> {
    return [...this.rows.values()];
  }
  async getByUuid(): Promise<AccountRecord | undefined> {
    return undefined;
  }
  async findByOverrideUrl(): Promise<AccountRecord[]> {
    return [];
  }
  async update(id: string, patch: AccountPatch): Promise<AccountRecord | undefined> {
    const current = this.rows.get(id);
    if (!current) return undefined;
    const updated = { ...current, ...(patch.displayName ? { displayName: patch.displayName } : {}) };
    this.rows.set(id, updated);
    return updated;
  }
  async delete(id: string): Promise<boolean> {
    return this.rows.delete(id);
  }
}

const account = (id: string): NewAccount => ({ id, platform: "micloud", displayName: id });

describe("AccountService cache", () => {
  it("serves repeated reads from the cache until the TTL passes", async () => {
    const store = new CountingStore();
    let now = 1000;
    const service = new AccountService(store, () => now, 2000);
    await store.create(account("acme"));
    await service.get("acme");
    await service.get("acme");
    expect(store.reads).toBe(1);
    now += 2500;
    await service.get("acme");
    expect(store.reads).toBe(2);
  });

  it("drops the cached record when the account is changed through the service", async () => {
    const store = new CountingStore();
    const service = new AccountService(store);
    await service.create(account("acme"));
    expect((await service.get("acme"))?.displayName).toBe("acme");
    await service.update("acme", { displayName: "Acme Corp" });
    expect((await service.get("acme"))?.displayName).toBe("Acme Corp");
    await service.delete("acme");
    expect(await service.get("acme")).toBeUndefined();
  });

  it("shares one store read between concurrent misses", async () => {
    const store = new CountingStore();
    const service = new AccountService(store);
    await store.create(account("acme"));
    let open = () => {};
    store.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const reads = Promise.all([service.get("acme"), service.get("acme"), service.get("acme")]);
    open();
    const records = await reads;
    expect(records.map((r) => r?.id)).toEqual(["acme", "acme", "acme"]);
    expect(store.reads).toBe(1);
  });

  it("does not cache a read that was in flight when the account changed", async () => {
    const store = new CountingStore();
    const service = new AccountService(store);
    await store.create(account("acme"));
    let open = () => {};
    store.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const stale = service.get("acme");
    store.gate = null;
    await service.update("acme", { displayName: "Acme Corp" });
    open();
    expect((await stale)?.displayName).toBe("acme");
    expect((await service.get("acme"))?.displayName).toBe("Acme Corp");
  });

  it("keeps at most the configured number of accounts, least recently used out first", async () => {
    const store = new CountingStore();
    const service = new AccountService(store, Date.now, 60_000, 2);
    for (const id of ["a1", "a2", "a3"]) await store.create(account(id));
    await service.get("a1");
    await service.get("a2");
    await service.get("a1"); // a2 is now the least recently used
    await service.get("a3"); // evicts a2
    expect(store.reads).toBe(3);
    await service.get("a1");
    await service.get("a3");
    expect(store.reads).toBe(3);
    await service.get("a2");
    expect(store.reads).toBe(4);
  });
});

describe("AccountService: an account created by another process", () => {
  it("a create that finds it existing drops the cached miss, so the account can be read at once", async () => {
    const store = new CountingStore();
    const accounts = new AccountService(store, () => 0, 2000);
    expect(await accounts.get("raced")).toBeUndefined(); // a miss, cached for 2 s
    // Another replica creates it meanwhile (straight into the shared store).
    await store.create({ id: "raced", platform: "micloud", displayName: "Raced" } as NewAccount);
    await expect(
      accounts.create({ id: "raced", platform: "micloud", displayName: "Raced" } as NewAccount),
    ).rejects.toMatchObject({
      code: "ACCOUNT_EXISTS",
    });
    expect((await accounts.require("raced")).id).toBe("raced");
  });
});
