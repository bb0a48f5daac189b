import { generateServiceProviderMetadata } from "@node-saml/node-saml";
import type { AccountRecord, SpKeyRecord } from "../storage/ports.js";
import { UNSPECIFIED_NAMEID_FORMAT } from "./saml-options.js";
import { replyUrl, spEntityId } from "./sp-identifiers.js";

/** The account's SP key pairs the metadata publishes (mock only). */
export interface MetadataKeys {
  /** Every signing key, active first: Entra may verify with any uploaded one during a rotation. */
  signing: SpKeyRecord[];
  /** The active encryption key: Entra's Token encryption uses one certificate. */
  encryption: SpKeyRecord | undefined;
}

/**
 * SP metadata of one account: Entity ID, ACS (HTTP-POST), wants signed assertions; with signed
 * AuthnRequests, AuthnRequestsSigned="true" and a signing KeyDescriptor per published key; with
 * encrypted assertions, a KeyDescriptor use="encryption".
 */
export function spMetadataXml(
  account: AccountRecord,
  publicUrl: string,
  keys: MetadataKeys = { signing: [], encryption: undefined },
): string {
  const signing = account.sso.signAuthnRequests
    ? [...keys.signing].sort((a, b) => Number(b.active) - Number(a.active))
    : [];
  const encryption = account.sso.encryptedAssertions ? keys.encryption : undefined;
  // One base64 line per certificate (node-saml keeps a PEM body's line breaks in the element).
  const oneLine = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
  return generateServiceProviderMetadata({
    issuer: spEntityId(account, publicUrl),
    callbackUrl: replyUrl(account, publicUrl),
    identifierFormat: UNSPECIFIED_NAMEID_FORMAT,
    wantAssertionsSigned: true,
    // node-saml writes a KeyDescriptor only when it is given the private key too (it never prints it).
    ...(signing[0]
      ? { privateKey: signing[0].privateKeyPem, publicCerts: signing.map((k) => oneLine(k.certificatePem)) }
      : {}),
    ...(encryption
      ? { decryptionPvk: encryption.privateKeyPem, decryptionCert: oneLine(encryption.certificatePem) }
      : {}),
  });
}
