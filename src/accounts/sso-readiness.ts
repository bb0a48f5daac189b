import type { AccountRecord } from "../storage/ports.js";

/** The settings a sign-in needs; used to refuse enabling SSO and to explain IDP_NOT_CONFIGURED. */
export function missingSsoFields(account: AccountRecord): string[] {
  const missing: string[] = [];
  if (!account.sso.idpSignInUrl) missing.push("Sign-in URL");
  if (!account.sso.idpEntityId)
    missing.push(account.platform === "cloudlink" ? "IDP Identifier (Entity ID)" : "Entity ID");
  if (account.sso.idpCertificates.length === 0) missing.push("Signing Certificate");
  return missing;
}
