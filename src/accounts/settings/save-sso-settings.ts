import type { AccountPatch, AccountRecord, SsoSettings } from "../../domain/account.js";
import { platformOf } from "../../platforms/index.js";
import { type FieldMessage, type SsoSettingsInput, validateSsoSettings } from "./validate-sso-settings.js";

/** What saving needs: where accounts are kept, the service's clock, the origins allowed over http. */
export interface SaveSsoDeps {
  accounts: { update(id: string, patch: AccountPatch): Promise<AccountRecord> };
  now: () => number;
  /** Origins allowed over plain http besides localhost (the configured simulator's). */
  httpOrigins: string[];
}

export type SaveSsoResult =
  | { ok: true; account: AccountRecord; warnings: FieldMessage[] }
  | { ok: false; errors: FieldMessage[]; warnings: FieldMessage[] };

/**
 * Validate-then-save of an account's SSO settings, for the settings form and
 * PUT /api/v1/accounts/{id}/sso alike: refused as a whole when a value is wrong (nothing saved),
 * saved with its warnings otherwise. `alsoSet` carries the API's signature options, saved with them.
 */
export async function saveSsoSettings(
  deps: SaveSsoDeps,
  account: AccountRecord,
  input: SsoSettingsInput,
  alsoSet: Partial<SsoSettings> = {},
): Promise<SaveSsoResult> {
  const check = validateSsoSettings(account, platformOf(account.platform), input, {
    now: new Date(deps.now()),
    httpOrigins: deps.httpOrigins,
  });
  if (!check.ok) return { ok: false, errors: check.errors, warnings: check.warnings };
  const saved = await deps.accounts.update(account.id, { sso: { ...check.patch, ...alsoSet } });
  return { ok: true, account: saved, warnings: check.warnings };
}
