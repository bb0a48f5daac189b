import type { CacheProvider, SamlConfig } from "@node-saml/node-saml";
import { ValidateInResponseTo } from "@node-saml/node-saml";
import type { AccountRecord } from "../domain/account.js";
import { replyUrl, spEntityId } from "./sp-identifiers.js";

export const UNSPECIFIED_NAMEID_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

export interface SamlOptionsContext {
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  cacheProvider: CacheProvider;
  /** Verify the Response's own signature: true when the posted Response carries one. */
  responseSigned?: boolean;
}

/**
 * node-saml options for one account, every security-relevant default set explicitly (node-saml's
 * own defaults are SHA-1, InResponseTo never checked, Response signature required).
 */
export function buildSamlOptions(account: AccountRecord, ctx: SamlOptionsContext): SamlConfig {
  const certificates = account.sso.idpCertificates;
  return {
    issuer: spEntityId(account, ctx.publicUrl),
    callbackUrl: replyUrl(account, ctx.publicUrl),
    audience: spEntityId(account, ctx.publicUrl),
    entryPoint: account.sso.idpSignInUrl || undefined,
    // node-saml refuses an empty list at construction; a certificate that matches nothing keeps
    // an unconfigured account failing closed (the ACS refuses it earlier with a clear code).
    idpCert: certificates.length > 0 ? certificates : "MIIBunconfigured",
    signatureAlgorithm: "sha256",
    digestAlgorithm: "sha256",
    // Entra signs only the assertion by default: require that, and verify a Response signature
    // whenever the Response carries one.
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: ctx.responseSigned === true,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: ctx.requestTtlMs,
    cacheProvider: ctx.cacheProvider,
    acceptedClockSkewMs: ctx.clockSkewMs,
    // Entra rejects a Subject in the request and any NameIDPolicy it cannot honour (AADSTS75016):
    // ask for "unspecified" so Entra's own Name ID setting decides.
    identifierFormat: UNSPECIFIED_NAMEID_FORMAT,
    allowCreate: true,
    // A RequestedAuthnContext of PasswordProtectedTransport fails for MFA or passwordless users
    // (AADSTS75011); Entra picks the method.
    disableRequestedAuthnContext: true,
    forceAuthn: false,
    passive: false,
    skipRequestCompression: false,
    disableRequestAcsUrl: false,
    maxAssertionAgeMs: 0,
    signMetadata: false,
  };
}
