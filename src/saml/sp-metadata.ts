import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import type { AccountRecord } from "../domain/account.js";
import { singleSignOutOn } from "../domain/account.js";
import type { SpKeyRecord } from "../domain/sp-key.js";
import { UNSPECIFIED_NAMEID_FORMAT } from "./saml-options.js";
import { replyUrl, singleLogoutUrl, spEntityId } from "./sp-identifiers.js";

const HTTP_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const HTTP_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/** The account's SP key pairs the metadata publishes (mock only). */
export interface MetadataKeys {
  /** Every signing key, active first: Entra may verify with any uploaded one during a rotation. */
  signing: SpKeyRecord[];
  /** The active encryption key: Entra's Token encryption uses one certificate. */
  encryption: SpKeyRecord | undefined;
}

/**
 * SP metadata of one account: Entity ID, ACS (HTTP-POST), wants signed assertions; with single
 * sign-out on, the Single Logout endpoint (SingleLogoutService); with signed AuthnRequests,
 * AuthnRequestsSigned="true" and a signing KeyDescriptor per published key; with encrypted
 * assertions, a KeyDescriptor use="encryption".
 */
export function spMetadataXml(
  account: AccountRecord,
  publicUrl: string,
  keys: MetadataKeys = { signing: [], encryption: undefined },
): string {
  const slo = singleSignOutOn(account.sso) ? singleLogoutUrl(account, publicUrl) : undefined;
  const signing = account.sso.signAuthnRequests
    ? [...keys.signing].sort((a, b) => Number(b.active) - Number(a.active))
    : [];
  const encryption = account.sso.encryptedAssertions ? keys.encryption : undefined;
  // One base64 line per certificate (node-saml keeps a PEM body's line breaks in the element).
  const oneLine = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
  const xml = generateServiceProviderMetadata({
    issuer: spEntityId(account, publicUrl),
    callbackUrl: replyUrl(account, publicUrl),
    identifierFormat: UNSPECIFIED_NAMEID_FORMAT,
    wantAssertionsSigned: true,
    ...(slo ? { logoutCallbackUrl: slo } : {}),
    // node-saml writes a KeyDescriptor only when it is given the private key too (it never prints it).
    ...(signing[0]
      ? { privateKey: signing[0].privateKeyPem, publicCerts: signing.map((k) => oneLine(k.certificatePem)) }
      : {}),
    ...(encryption
      ? { decryptionPvk: encryption.privateKeyPem, decryptionCert: oneLine(encryption.certificatePem) }
      : {}),
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
