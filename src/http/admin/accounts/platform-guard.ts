import type { AccountRecord } from "../../../domain/account.js";
import { notFound } from "../../../errors.js";
import type { PlatformId } from "../../../platforms/index.js";

/** A screen of one portal does not exist for the other platform's accounts: 404, as for any unknown page. */
export function requirePlatform(account: AccountRecord, platform: PlatformId): void {
  if (account.platform !== platform) throw notFound("This page");
}

/** MiCloud's Single Sign-On add-on counts as activated once Activate was pressed or anything was configured. */
export function isSsoActivated(account: AccountRecord): boolean {
  const sso = account.sso;
  return (
    sso.integrationAdded ||
    sso.enabled ||
    Boolean(sso.idpSignInUrl || sso.idpEntityId || sso.idpCertificates.length)
  );
}
