import type { z } from "zod";
import type { AccountSummary } from "../../../accounts/account-summary.js";
import type { UserRecord } from "../../../domain/user.js";
import type { accountResponse, userResponse } from "../openapi/response-schemas.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** An account as the API shows it: settings, certificate details, SP values to copy, checklist. */
export function accountJson(summary: AccountSummary): z.output<typeof accountResponse> {
  const { account } = summary;
  return {
    id: account.id,
    platform: account.platform,
    displayName: account.displayName,
    ssoState: summary.ssoState,
    sso: {
      enabled: account.sso.enabled,
      idpSignInUrl: account.sso.idpSignInUrl,
      idpEntityId: account.sso.idpEntityId,
      idpCertificates: summary.certificates.map((c) => ({
        subject: c.subject,
        issuer: c.issuer,
        sha1Thumbprint: c.sha1Thumbprint,
        sha256Thumbprint: c.sha256Thumbprint,
        validFrom: c.validFrom,
        validTo: c.validTo,
        state: c.state,
        daysToExpiry: c.daysToExpiry,
        pem: c.pem,
      })),
      mitelCredentialsAllowed: account.sso.mitelCredentialsAllowed,
      allowSha1: account.sso.allowSha1,
      requireResponseSignature: account.sso.requireResponseSignature,
      integrationAdded: account.sso.integrationAdded,
      forceAuthn: account.sso.forceAuthn,
      nameIdPolicyFormat: account.sso.nameIdPolicyFormat,
      idpLogoutUrl: account.sso.idpLogoutUrl,
      signAuthnRequests: account.sso.signAuthnRequests,
      encryptedAssertions: account.sso.encryptedAssertions,
    },
    spEntityIdOverride: account.spEntityIdOverride,
    replyUrlOverride: account.replyUrlOverride,
    uuid: account.uuid,
    /** As set on the account; null = the instance's. */
    urlProfile: account.urlProfile,
    effectiveUrlProfile: account.mitelUrls ? "mitel" : "mock",
    sp: summary.sp,
    userCount: summary.userCount,
    latestSignIn: summary.latestSignIn
      ? {
          traceId: summary.latestSignIn.traceId,
          at: iso(summary.latestSignIn.at),
          outcome: summary.latestSignIn.outcome,
          failureCode: summary.latestSignIn.failureCode,
        }
      : null,
    checklist: summary.checklist,
    createdAt: iso(account.createdAt),
    updatedAt: iso(account.updatedAt),
  };
}

/** A user without its password hash (only whether one is set). */
export function userJson(user: UserRecord): z.output<typeof userResponse> {
  return {
    id: user.id,
    accountId: user.accountId,
    name: user.name,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    username: user.username,
    status: user.status,
    hasPassword: user.passwordHash !== null,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
  };
}
