import type { AccountRecord } from "../domain/account.js";
import { failure, type SamlFailure } from "../errors.js";
import { platformOf } from "../platforms/index.js";

/** The settings a sign-in needs; used to refuse enabling SSO and to explain IDP_NOT_CONFIGURED. */
export function missingSsoFields(account: AccountRecord): string[] {
  const missing: string[] = [];
  if (!account.sso.idpSignInUrl) missing.push("Sign-in URL");
  if (!account.sso.idpEntityId) missing.push(platformOf(account.platform).wording.idpEntityIdField);
  if (account.sso.idpCertificates.length === 0) missing.push("Signing Certificate");
  return missing;
}

/**
 * Why this account cannot take a sign-in now (SSO off, or settings incomplete), or null. The
 * sign-on URL and the ACS both refuse with it, so the two say the same thing.
 */
export function ssoNotReady(account: AccountRecord): SamlFailure | null {
  if (!account.sso.enabled) {
    const { productName } = platformOf(account.platform).wording;
    return failure(
      "SSO_DISABLED",
      `Single Sign-On is not enabled for ${account.displayName} (${productName}).`,
      {
        check: "SSO enabled",
        expected: "enabled",
        actual: "disabled",
      },
    );
  }
  const missing = missingSsoFields(account);
  if (missing.length === 0) return null;
  return failure(
    "IDP_NOT_CONFIGURED",
    `Single Sign-On settings are incomplete: ${missing.join(", ")} missing.`,
    {
      check: "SSO settings",
      expected: "Sign-in URL, Entity ID and Signing Certificate",
      actual: `missing ${missing.join(", ")}`,
    },
  );
}
