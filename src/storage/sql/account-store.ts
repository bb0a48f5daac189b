/** AccountStore over the accounts table; SSO settings are one JSON column. */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable, Updateable } from "kysely";
import {
  type AccountPatch,
  type AccountRecord,
  DEFAULT_SSO_SETTINGS,
  type NewAccount,
  type SsoSettings,
} from "../../domain/account.js";
import { isNameIdPolicyFormat } from "../../domain/name-id-policy.js";
import { isPlatformId } from "../../platforms/platform-id.js";
import { isUrlProfileId } from "../../platforms/url-profile.js";
import { DuplicateKeyError } from "../errors.js";
import type { AccountStore } from "../ports.js";
import { isUniqueViolation } from "./db-errors.js";
import { toCount } from "./query-helpers.js";
import type { AccountsTable, Tables } from "./schema.js";

type AccountRow = Selectable<AccountsTable>;

/** Attempts of the compare-and-swap in update() before giving up under heavy contention. */
const MAX_UPDATE_ATTEMPTS = 5;

export class SqlAccountStore implements AccountStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => number = Date.now,
  ) {}

  async create(account: NewAccount): Promise<AccountRecord> {
    const now = this.now();
    const row: AccountRow = {
      id: account.id,
      platform: account.platform,
      display_name: account.displayName,
      sso_json: JSON.stringify(mergeSso(DEFAULT_SSO_SETTINGS, account.sso)),
      sp_entity_id_override: account.spEntityIdOverride ?? null,
      reply_url_override: account.replyUrlOverride ?? null,
      uuid: account.uuid ?? randomUUID(),
      url_profile: account.urlProfile ?? null,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.insertInto("accounts").values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DuplicateKeyError("account", `Account "${account.id}" already exists`, { cause: err });
      }
      throw err;
    }
    return toRecord(row);
  }

  async get(id: string): Promise<AccountRecord | undefined> {
    const row = await this.#row(id);
    return row && toRecord(row);
  }

  async list(): Promise<AccountRecord[]> {
    const rows = await this.db
      .selectFrom("accounts")
      .selectAll()
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(toRecord);
  }

  async getByUuid(uuid: string): Promise<AccountRecord | undefined> {
    const row = await this.db.selectFrom("accounts").selectAll().where("uuid", "=", uuid).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByOverrideUrl(urls: string[]): Promise<AccountRecord[]> {
    if (urls.length === 0) return [];
    const rows = await this.db
      .selectFrom("accounts")
      .selectAll()
      .where((eb) => eb.or([eb("sp_entity_id_override", "in", urls), eb("reply_url_override", "in", urls)]))
      .orderBy("created_at")
      .orderBy("id")
      .limit(10)
      .execute();
    return rows.map(toRecord);
  }

  async update(id: string, patch: AccountPatch): Promise<AccountRecord | undefined> {
    // sso is merged in application code, so the write only succeeds if sso_json is still what we
    // read (compare-and-swap); otherwise two concurrent partial edits could drop each other's fields.
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.#row(id);
      if (current === undefined) return undefined;
      const changes: Updateable<AccountsTable> = { updated_at: Math.max(this.now(), current.updated_at) };
      if (patch.displayName !== undefined) changes.display_name = patch.displayName;
      if (patch.sso !== undefined)
        changes.sso_json = JSON.stringify(mergeSso(parseSso(current.sso_json), patch.sso));
      if (patch.spEntityIdOverride !== undefined) changes.sp_entity_id_override = patch.spEntityIdOverride;
      if (patch.replyUrlOverride !== undefined) changes.reply_url_override = patch.replyUrlOverride;
      if (patch.urlProfile !== undefined) changes.url_profile = patch.urlProfile;
      const result = await this.db
        .updateTable("accounts")
        .set(changes)
        .where("id", "=", id)
        .where("sso_json", "=", current.sso_json)
        .executeTakeFirst();
      if (toCount(result.numUpdatedRows) === 1) return toRecord({ ...current, ...changes });
    }
    throw new Error(`Account "${id}" is being updated concurrently; try again`);
  }

  async delete(id: string): Promise<boolean> {
    // users and sign_ins go by ON DELETE CASCADE. Pending requests and replay entries have no
    // foreign key (they are written on the hot path and expire on their own), so they are removed
    // here: an account re-created under the same id must not inherit them.
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("authn_requests").where("account_id", "=", id).execute();
      await trx.deleteFrom("replays").where("account_id", "=", id).execute();
      const result = await trx.deleteFrom("accounts").where("id", "=", id).executeTakeFirst();
      return toCount(result.numDeletedRows) > 0;
    });
  }

  #row(id: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom("accounts").selectAll().where("id", "=", id).executeTakeFirst();
  }
}

function toRecord(row: AccountRow): AccountRecord {
  if (!isPlatformId(row.platform)) {
    throw new Error(`Account "${row.id}" has unknown platform "${row.platform}"`);
  }
  return {
    id: row.id,
    platform: row.platform,
    displayName: row.display_name,
    sso: parseSso(row.sso_json),
    spEntityIdOverride: row.sp_entity_id_override,
    replyUrlOverride: row.reply_url_override,
    // Every row has one after migration 0002; the id stands in only if a row was hand-edited.
    uuid: row.uuid ?? row.id,
    urlProfile: isUrlProfileId(row.url_profile) ? row.url_profile : null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * Copies the fields of `patch` that are actually set. A plain spread would let an explicit
 * `undefined` (allowed by Partial<>) wipe a stored value.
 */
function mergeSso(base: SsoSettings, patch: Partial<SsoSettings> | undefined): SsoSettings {
  const merged: SsoSettings = { ...base, idpCertificates: [...base.idpCertificates] };
  if (patch === undefined) return merged;
  if (patch.enabled !== undefined) merged.enabled = patch.enabled;
  if (patch.idpSignInUrl !== undefined) merged.idpSignInUrl = patch.idpSignInUrl;
  if (patch.idpEntityId !== undefined) merged.idpEntityId = patch.idpEntityId;
  if (patch.idpCertificates !== undefined) merged.idpCertificates = [...patch.idpCertificates];
  if (patch.mitelCredentialsAllowed !== undefined)
    merged.mitelCredentialsAllowed = patch.mitelCredentialsAllowed;
  if (patch.allowSha1 !== undefined) merged.allowSha1 = patch.allowSha1;
  if (patch.requireResponseSignature !== undefined)
    merged.requireResponseSignature = patch.requireResponseSignature;
  if (patch.integrationAdded !== undefined) merged.integrationAdded = patch.integrationAdded;
  if (patch.forceAuthn !== undefined) merged.forceAuthn = patch.forceAuthn;
  if (patch.nameIdPolicyFormat !== undefined) merged.nameIdPolicyFormat = patch.nameIdPolicyFormat;
  if (patch.idpLogoutUrl !== undefined) merged.idpLogoutUrl = patch.idpLogoutUrl;
  if (patch.signAuthnRequests !== undefined) merged.signAuthnRequests = patch.signAuthnRequests;
  if (patch.encryptedAssertions !== undefined) merged.encryptedAssertions = patch.encryptedAssertions;
  return merged;
}

/**
 * Reads stored settings onto the defaults, field by field with a type check, so a row written
 * before a field existed (or hand-edited) still yields a complete, well-typed SsoSettings.
 */
function parseSso(json: string): SsoSettings {
  const stored: unknown = JSON.parse(json);
  const s = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  const bool = (key: keyof SsoSettings, fallback: boolean): boolean => {
    const value = s[key];
    return typeof value === "boolean" ? value : fallback;
  };
  const text = (key: keyof SsoSettings, fallback: string): string => {
    const value = s[key];
    return typeof value === "string" ? value : fallback;
  };
  const certs = s.idpCertificates;
  const d = DEFAULT_SSO_SETTINGS;
  return {
    enabled: bool("enabled", d.enabled),
    idpSignInUrl: text("idpSignInUrl", d.idpSignInUrl),
    idpEntityId: text("idpEntityId", d.idpEntityId),
    idpCertificates: Array.isArray(certs) ? certs.filter((c): c is string => typeof c === "string") : [],
    mitelCredentialsAllowed: bool("mitelCredentialsAllowed", d.mitelCredentialsAllowed),
    allowSha1: bool("allowSha1", d.allowSha1),
    requireResponseSignature: bool("requireResponseSignature", d.requireResponseSignature),
    integrationAdded: bool("integrationAdded", d.integrationAdded),
    forceAuthn: bool("forceAuthn", d.forceAuthn),
    nameIdPolicyFormat: isNameIdPolicyFormat(s.nameIdPolicyFormat)
      ? s.nameIdPolicyFormat
      : d.nameIdPolicyFormat,
    idpLogoutUrl: typeof s.idpLogoutUrl === "string" ? s.idpLogoutUrl : d.idpLogoutUrl,
    signAuthnRequests: bool("signAuthnRequests", d.signAuthnRequests),
    encryptedAssertions: bool("encryptedAssertions", d.encryptedAssertions),
  };
}
