import { type CacheProvider, SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import { buildSamlOptions } from "../saml/saml-options.js";
import type { AccountRecord } from "../storage/ports.js";
import type { SignatureVerification } from "./types.js";

export interface SignatureCheck {
  verification: SignatureVerification;
  detail: string;
  /** The assertion XML node-saml verified, when the signature is valid. */
  signedAssertionXml: string | null;
}

/** The request-ID cache of an analysis: remembers nothing, answers nothing, consumes nothing. */
const NO_REQUESTS: CacheProvider = {
  saveAsync: async () => null,
  getAsync: async () => null,
  removeAsync: async () => null,
};

/**
 * Runs node-saml on a SAMLResponse for its signature only: InResponseTo never checked (no
 * request ID is read or consumed), time checks off (the caller evaluates them at the time it
 * chooses), audience off (checked separately with its own verdict). Used only to explain and to
 * analyze; the ACS's own decision never depends on it.
 */
export async function verifySignatureOnly(
  account: AccountRecord,
  publicUrl: string,
  samlResponse: string,
  responseSigned: boolean,
): Promise<SignatureCheck> {
  if (account.sso.idpCertificates.length === 0) {
    return {
      verification: "not-checked",
      detail: "no signing certificate is configured",
      signedAssertionXml: null,
    };
  }
  const options = buildSamlOptions(account, {
    publicUrl,
    clockSkewMs: 0,
    requestTtlMs: 60_000,
    cacheProvider: NO_REQUESTS,
    responseSigned,
  });
  const saml = new SAML({
    ...options,
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: -1,
    audience: false,
  });
  try {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    const xml = profile?.getAssertionXml?.() ?? null;
    return {
      verification: "valid",
      detail: "verifies with a configured certificate",
      signedAssertionXml: xml,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/signature/i.test(message)) {
      return { verification: "invalid", detail: message, signedAssertionXml: null };
    }
    return { verification: "not-checked", detail: message, signedAssertionXml: null };
  }
}
