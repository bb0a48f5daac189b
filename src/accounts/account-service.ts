import { AppError, notFound } from "../errors.js";
import { type Platform, platformOf } from "../platforms/index.js";
import { DuplicateKeyError } from "../storage/errors.js";
import type { AccountPatch, AccountRecord, AccountStore, NewAccount } from "../storage/ports.js";

export const ACCOUNT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * Accounts (Mitel tenants). Reads go through a small cache because every sign-on and ACS request
 * needs the account; writes through this service invalidate it. Other replicas see a change
 * within `cacheTtlMs`.
 */
export class AccountService {
  private readonly cache = new Map<string, { record: AccountRecord | undefined; at: number }>();

  constructor(
    private readonly store: AccountStore,
    private readonly now: () => number = Date.now,
    private readonly cacheTtlMs = 2000,
  ) {}

  async get(id: string): Promise<AccountRecord | undefined> {
    const hit = this.cache.get(id);
    if (hit && this.now() - hit.at < this.cacheTtlMs) return hit.record;
    const record = await this.store.get(id);
    this.cache.set(id, { record, at: this.now() });
    return record;
  }

  async require(id: string): Promise<AccountRecord> {
    const account = await this.get(id);
    if (!account) throw notFound(`Account "${id}"`);
    return account;
  }

  list(): Promise<AccountRecord[]> {
    return this.store.list();
  }

  async create(input: NewAccount): Promise<AccountRecord> {
    if (!ACCOUNT_ID_PATTERN.test(input.id)) {
      throw new AppError(
        "INVALID_ACCOUNT_ID",
        "Account id: use 2-63 lower-case letters, digits and dashes.",
        {
          details: { field: "id" },
        },
      );
    }
    if (!input.displayName.trim()) {
      throw new AppError("INVALID_DISPLAY_NAME", "Display name is required.", {
        details: { field: "displayName" },
      });
    }
    const exists = () =>
      new AppError("ACCOUNT_EXISTS", `An account with id "${input.id}" already exists.`, {
        status: 409,
        details: { field: "id" },
      });
    if (await this.store.get(input.id)) throw exists();
    try {
      const created = await this.store.create({ ...input, displayName: input.displayName.trim() });
      this.cache.delete(created.id);
      return created;
    } catch (err) {
      // Created by another request or replica between the check and the insert.
      if (err instanceof DuplicateKeyError) throw exists();
      throw err;
    }
  }

  async update(id: string, patch: AccountPatch): Promise<AccountRecord> {
    const updated = await this.store.update(id, patch);
    this.cache.delete(id);
    if (!updated) throw notFound(`Account "${id}"`);
    return updated;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.store.delete(id);
    this.cache.delete(id);
    return deleted;
  }

  platformOf(account: AccountRecord): Platform {
    return platformOf(account.platform);
  }
}
