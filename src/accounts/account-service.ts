import type { AccountPatch, AccountRecord, NewAccount } from "../domain/account.js";
import { checkDisplayName } from "../domain/display-name.js";
import { AppError, notFound } from "../errors.js";
import { type Platform, platformOf } from "../platforms/index.js";
import {
  DEFAULT_URL_PROFILE_SETTINGS,
  effectiveProfile,
  mitelUrlsOf,
  type UrlProfileSettings,
} from "../platforms/url-profile.js";
import { DuplicateKeyError } from "../storage/errors.js";
import type { AccountStore } from "../storage/ports.js";

export const ACCOUNT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Accounts kept in the cache at most: a shared instance may hold many thousands. */
const DEFAULT_CACHE_ENTRIES = 2000;

interface CacheEntry {
  record: AccountRecord | undefined;
  at: number;
}

/**
 * Accounts (Mitel tenants). Reads go through a small cache because every sign-on and ACS request
 * needs the account; writes through this service invalidate it. Other replicas (and the other
 * workers of WORKERS > 1) see a change within `cacheTtlMs`.
 *
 * The cache is bounded (least recently used out first), so a directory of 10,000 accounts does
 * not keep every record in memory, and concurrent misses for one account share one read.
 */
export class AccountService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly loading = new Map<string, Promise<AccountRecord | undefined>>();
  /** Bumped by every write, so that a read started before it is not cached after it. */
  private generation = 0;

  constructor(
    private readonly store: AccountStore,
    private readonly now: () => number = Date.now,
    private readonly cacheTtlMs = 2000,
    private readonly maxCacheEntries = DEFAULT_CACHE_ENTRIES,
    private readonly urlSettings: UrlProfileSettings = DEFAULT_URL_PROFILE_SETTINGS,
  ) {}

  /** The record with its Mitel-shaped URLs when its effective URL profile is "mitel". */
  private withUrls(record: AccountRecord): AccountRecord;
  private withUrls(record: AccountRecord | undefined): AccountRecord | undefined;
  private withUrls(record: AccountRecord | undefined): AccountRecord | undefined {
    if (!record) return record;
    const { mitelUrls: _stale, ...plain } = record;
    if (effectiveProfile(record.urlProfile, this.urlSettings) !== "mitel") return plain;
    return {
      ...plain,
      mitelUrls: mitelUrlsOf(record.uuid, platformOf(record.platform), this.urlSettings.mitel),
    };
  }

  /** The instance's URL profile settings (config `urls`). */
  get urls(): UrlProfileSettings {
    return this.urlSettings;
  }

  async get(id: string): Promise<AccountRecord | undefined> {
    const hit = this.cache.get(id);
    if (hit && this.now() - hit.at < this.cacheTtlMs) {
      // Map keeps insertion order: re-inserting marks the entry as recently used.
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit.record;
    }
    const pending = this.loading.get(id);
    if (pending) return pending;
    const generation = this.generation;
    const load = this.store.get(id).then(
      (stored) => {
        const record = this.withUrls(stored);
        this.loading.delete(id);
        if (generation === this.generation) this.remember(id, { record, at: this.now() });
        return record;
      },
      (err: unknown) => {
        this.loading.delete(id);
        throw err;
      },
    );
    this.loading.set(id, load);
    return load;
  }

  private remember(id: string, entry: CacheEntry): void {
    this.cache.delete(id);
    this.cache.set(id, entry);
    if (this.cache.size > this.maxCacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  private invalidate(id: string): void {
    this.generation++;
    this.cache.delete(id);
    this.loading.delete(id);
  }

  async require(id: string): Promise<AccountRecord> {
    const account = await this.get(id);
    if (!account) throw notFound(`Account "${id}"`);
    return account;
  }

  async list(): Promise<AccountRecord[]> {
    return (await this.store.list()).map((r) => this.withUrls(r));
  }

  /** The account whose Mitel-shaped Identifier ends with this UUID (not cached: routing only). */
  async getByUuid(uuid: string): Promise<AccountRecord | undefined> {
    return this.withUrls(await this.store.getByUuid(uuid));
  }

  async findByOverrideUrl(urls: string[]): Promise<AccountRecord[]> {
    return (await this.store.findByOverrideUrl(urls)).map((r) => this.withUrls(r));
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
    const nameError = checkDisplayName(input.displayName);
    if (nameError) {
      throw new AppError("INVALID_DISPLAY_NAME", nameError, { details: { field: "displayName" } });
    }
    const exists = () => {
      // Created elsewhere (another replica or worker): a miss this process cached is now wrong,
      // and the caller (a seed that lost the race) reads the account right after.
      this.invalidate(input.id);
      return new AppError("ACCOUNT_EXISTS", `An account with id "${input.id}" already exists.`, {
        status: 409,
        details: { field: "id" },
      });
    };
    if (await this.store.get(input.id)) throw exists();
    try {
      const created = await this.store.create({ ...input, displayName: input.displayName.trim() });
      this.invalidate(created.id);
      return this.withUrls(created);
    } catch (err) {
      // Created by another request or replica between the check and the insert.
      if (err instanceof DuplicateKeyError) throw exists();
      throw err;
    }
  }

  async update(id: string, patch: AccountPatch): Promise<AccountRecord> {
    const updated = await this.store.update(id, patch);
    this.invalidate(id);
    if (!updated) throw notFound(`Account "${id}"`);
    return this.withUrls(updated);
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.store.delete(id);
    this.invalidate(id);
    return deleted;
  }

  platformOf(account: AccountRecord): Platform {
    return platformOf(account.platform);
  }
}
