import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import { singleSignOutOn } from "../accounts/settings/single-sign-out.js";
import type { AccountRecord } from "../storage/ports.js";
import { UNSPECIFIED_NAMEID_FORMAT } from "./saml-options.js";
import { replyUrl, singleLogoutUrl, spEntityId } from "./sp-identifiers.js";

const HTTP_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const HTTP_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/**
 * SP metadata of one account: Entity ID, ACS (HTTP-POST), wants signed assertions; with single
 * sign-out on, the Single Logout endpoint (SingleLogoutService).
 */
export function spMetadataXml(account: AccountRecord, publicUrl: string): string {
  const slo = singleSignOutOn(account.sso) ? singleLogoutUrl(account, publicUrl) : undefined;
  const xml = generateServiceProviderMetadata({
    issuer: spEntityId(account, publicUrl),
    callbackUrl: replyUrl(account, publicUrl),
    identifierFormat: UNSPECIFIED_NAMEID_FORMAT,
    wantAssertionsSigned: true,
    ...(slo ? { logoutCallbackUrl: slo } : {}),
  });
  // node-saml always advertises SingleLogoutService as HTTP-POST; the endpoint speaks the
  // HTTP-Redirect binding, the only one Entra uses for sign-out.
  return slo ? advertiseRedirectSlo(xml) : xml;
}

function advertiseRedirectSlo(xml: string): string {
  return xml.replace(
    /(<SingleLogoutService\b[^>]*\bBinding=")([^"]*)(")/,
    (_all, before: string, binding: string, after: string) =>
      `${before}${binding === HTTP_POST ? HTTP_REDIRECT : binding}${after}`,
  );
}
