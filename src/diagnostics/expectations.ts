import { missingSsoFields } from "../accounts/sso-readiness.js";
import type { AccountRecord } from "../domain/account.js";
import { platformOf } from "../platforms/index.js";
import { replyUrl, signOnUrl, spEntityId } from "../saml/sp-identifiers.js";
import { summariseConfigured } from "./certificate-summary.js";
import type { Expectations } from "./types.js";

/** What an account's current settings make the ACS expect. */
export function expectationsOf(account: AccountRecord, publicUrl: string, at: number): Expectations {
  return {
    spEntityId: spEntityId(account, publicUrl),
    replyUrl: replyUrl(account, publicUrl),
    idpEntityId: account.sso.idpEntityId,
    configuredThumbprints: summariseConfigured(account.sso.idpCertificates, at).map((c) => c.sha1Thumbprint),
    allowSha1: account.sso.allowSha1,
    requireResponseSignature: account.sso.requireResponseSignature,
    ssoEnabled: account.sso.enabled,
    missingSettings: missingSsoFields(account),
  };
}

/** The account's default Sign-on URL: where SP-initiated SSO starts (Entra's "Sign on URL"). */
export function signOnUrlOf(account: AccountRecord, publicUrl: string): string {
  const app = platformOf(account.platform).apps[0];
  return app ? signOnUrl(account, app, publicUrl) : `${publicUrl}/`;
}
