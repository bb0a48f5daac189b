/**
 * The application's page: the sections of Entra's "Set up single sign-on with SAML" blade (Basic
 * SAML Configuration, Attributes & Claims, SAML Certificates, Set up <app>), Users and groups,
 * Properties, Fault injection and Test this application. The forms of each section have their
 * own routes file; they all render this page.
 */
import type { Request, Response } from "express";
import type { BasicSamlErrors } from "../../config/basic-saml-configuration.js";
import { ENTRA_CLAIM, NAME_ID_FORMAT } from "../../saml/build-response.js";
import { FAULT_ERROR_LABELS } from "../../saml/entra-errors.js";
import { WRONG_AUDIENCE, WRONG_RECIPIENT, wrongTenantId } from "../../saml/issue-response.js";
import { TAMPERING_IDS, TAMPERINGS } from "../../saml/tampering.js";
import {
  activeCertificate,
  type BasicSamlConfiguration,
  FAULT_ERROR_CODES,
  isAssigned,
  MAX_CLOCK_OFFSET_MINUTES,
  NAME_ID_FORMAT_CHOICES,
  NAME_ID_SOURCES,
  type NameIdFormatChoice,
  type NameIdSource,
  SIGNING_ALGORITHMS,
  SIGNING_MODES,
  type SimApp,
  type SimFaults,
  type SimTenant,
  type SimUploadedCertificate,
} from "../../state/model.js";
import { appFederationMetadataUrl, displayTime, type SimulatorContext, tenantUrls } from "../context.js";
import { csrfToken } from "../csrf.js";
import { sendSimulatorView } from "../views.js";
import { activeFaultCount, defaultTenant, noticeFrom, TEST_UNAVAILABLE_WITH_VERIFICATION } from "./shared.js";

export const SIGNING_MODE_LABELS: Record<SimApp["signingMode"], string> = {
  assertion: "Sign SAML assertion",
  response: "Sign SAML response",
  "response-and-assertion": "Sign SAML response and assertion",
};

export const SIGNING_ALGORITHM_LABELS: Record<SimApp["signingAlgorithm"], string> = {
  sha256: "SHA-256",
  sha1: "SHA-1",
};

const NAME_ID_FORMAT_LABELS: Record<NameIdFormatChoice, string> = {
  default: "Default",
  emailAddress: "Email address",
  unspecified: "Unspecified",
  persistent: "Persistent",
  transient: "Transient",
};

const NAME_ID_SOURCE_LABELS: Record<NameIdSource, string> = {
  "user.userprincipalname": "user.userprincipalname",
  "user.mail": "user.mail",
  persistent: "persistent (opaque, per user and application)",
};

export interface AppPageExtras {
  basic?: { values: BasicSamlConfiguration; errors: BasicSamlErrors };
  errors?: Partial<
    Record<
      | "signing"
      | "claims"
      | "users"
      | "faults"
      | "certificates"
      | "test"
      | "verification"
      | "tokenEncryption",
      string
    >
  >;
  faultsForm?: SimFaults;
  status?: number;
}

export async function renderApp(
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  app: SimApp,
  extras: AppPageExtras = {},
): Promise<void> {
  const tenant = await defaultTenant(ctx);
  sendSimulatorView(
    res,
    "app",
    appPageModel(ctx, req, tenant, app, extras),
    extras.status ?? (extras.basic || extras.errors ? 400 : 200),
  );
}

function uploadedView(certificate: SimUploadedCertificate, base: string) {
  return {
    thumbprint: certificate.thumbprint,
    subject: certificate.subject,
    notAfter: displayTime(certificate.notAfter),
    added: displayTime(certificate.addedAt),
    active: certificate.active,
    removeAction: `${base}/${certificate.thumbprint}/remove`,
  };
}

function appPageModel(
  ctx: SimulatorContext,
  req: Request,
  tenant: SimTenant,
  app: SimApp,
  extras: AppPageExtras,
): Record<string, unknown> {
  const base = req.baseUrl;
  const appBase = `${base}/apps/${app.id}`;
  const active = activeCertificate(app);
  const now = ctx.now();
  const urls = tenantUrls(ctx, tenant.id);
  const faults = extras.faultsForm ?? app.faults;
  return {
    title: `${app.displayName} | SAML-based Sign-on`,
    base,
    appBase,
    csrfToken: csrfToken(req),
    notice: noticeFrom(req),
    errors: extras.errors ?? {},
    tenant: { id: tenant.id, name: tenant.name },
    app: {
      id: app.id,
      appId: app.appId,
      key: app.key,
      displayName: app.displayName,
      galleryApp: app.galleryApp,
      identifier: app.identifier,
      replyUrl: app.replyUrl,
      signOnUrl: app.signOnUrl,
      relayState: app.relayState,
      logoutUrl: app.logoutUrl,
      signingMode: app.signingMode,
      signingModeLabel: SIGNING_MODE_LABELS[app.signingMode],
      signingAlgorithm: app.signingAlgorithm,
      signingAlgorithmLabel: SIGNING_ALGORITHM_LABELS[app.signingAlgorithm],
      nameIdSource: app.nameIdSource,
      nameIdFormat: app.nameIdFormat,
      assignmentRequired: app.assignmentRequired,
    },
    // The gallery app's URL patterns, shown under the fields when the simulator enforces them.
    patterns:
      ctx.galleryPatterns && app.galleryApp
        ? {
            identifier: ctx.galleryPatterns.identifier.shown,
            replyUrl: ctx.galleryPatterns.replyUrl.shown,
            signOnUrl: ctx.galleryPatterns.signOnUrl.shown,
          }
        : null,
    basic: extras.basic ?? {
      values: {
        identifier: app.identifier,
        replyUrl: app.replyUrl,
        signOnUrl: app.signOnUrl,
        relayState: app.relayState,
        logoutUrl: app.logoutUrl,
      },
      errors: {},
    },
    certificates: app.certificates.map((certificate) => ({
      thumbprint: certificate.thumbprint,
      created: displayTime(certificate.createdAt),
      notBefore: displayTime(certificate.notBefore),
      notAfter: displayTime(certificate.notAfter),
      active: certificate === active,
      expired: certificate.notAfter <= now,
      base64Url: `${appBase}/certificates/${certificate.thumbprint}/base64`,
      rawUrl: `${appBase}/certificates/${certificate.thumbprint}/raw`,
      activateAction: `${appBase}/certificates/${certificate.thumbprint}/activate`,
      removeAction: `${appBase}/certificates/${certificate.thumbprint}/remove`,
    })),
    activeThumbprint: active.thumbprint,
    requireVerificationCertificates: app.requireVerificationCertificates,
    verificationCertificates: app.verificationCertificates.map((c) =>
      uploadedView(c, `${appBase}/verification`),
    ),
    tokenEncryptionCertificates: app.tokenEncryptionCertificates.map((c) => ({
      ...uploadedView(c, `${appBase}/token-encryption`),
      activateAction: `${appBase}/token-encryption/${c.thumbprint}/activate`,
    })),
    testUnavailable: app.requireVerificationCertificates ? TEST_UNAVAILABLE_WITH_VERIFICATION : null,
    metadataDownloadUrl: `${appBase}/federation-metadata.xml`,
    appFederationMetadataUrl: appFederationMetadataUrl(ctx, tenant.id, app.appId),
    signingModes: SIGNING_MODES.map((value) => ({ value, label: SIGNING_MODE_LABELS[value] })),
    signingAlgorithms: SIGNING_ALGORITHMS.map((value) => ({ value, label: SIGNING_ALGORITHM_LABELS[value] })),
    nameIdSources: NAME_ID_SOURCES.map((value) => ({ value, label: NAME_ID_SOURCE_LABELS[value] })),
    nameIdFormats: NAME_ID_FORMAT_CHOICES.map((value) => ({
      value,
      label: NAME_ID_FORMAT_LABELS[value],
      uri: value === "default" ? "" : NAME_ID_FORMAT[value],
    })),
    nameIdSummary: `${app.nameIdSource} [${app.nameIdFormat === "default" ? (app.nameIdSource === "persistent" ? "nameid-format:persistent" : "nameid-format:emailAddress") : `nameid-format:${app.nameIdFormat}`}]`,
    claims: [
      { name: ENTRA_CLAIM.emailAddress, value: "user.mail" },
      { name: ENTRA_CLAIM.givenName, value: "user.givenname" },
      { name: ENTRA_CLAIM.name, value: "user.userprincipalname" },
      { name: ENTRA_CLAIM.surname, value: "user.surname" },
    ],
    alwaysSentClaims: [
      { name: ENTRA_CLAIM.tenantId, value: "the tenant id" },
      { name: ENTRA_CLAIM.objectId, value: "user.objectid" },
      { name: ENTRA_CLAIM.displayName, value: "user.displayname" },
      { name: ENTRA_CLAIM.identityProvider, value: urls.entraIdentifier },
      { name: ENTRA_CLAIM.authnMethodsReferences, value: "the authentication method" },
    ],
    users: tenant.users.map((user) => ({
      objectId: user.objectId,
      upn: user.userPrincipalName,
      displayName: user.displayName,
      assigned: isAssigned(app, user),
    })),
    setup: urls,
    testUrl: `${appBase}/test`,
    faults,
    faultErrorChoices: FAULT_ERROR_CODES.map((code) => ({ value: code, label: FAULT_ERROR_LABELS[code] })),
    tamperingChoices: TAMPERING_IDS.map((id) => ({
      value: id,
      label: TAMPERINGS[id].label,
      effect: TAMPERINGS[id].effect,
    })),
    faultValues: {
      wrongAudience: WRONG_AUDIENCE,
      wrongRecipient: WRONG_RECIPIENT,
      wrongIssuer: `https://sts.windows.net/${wrongTenantId(tenant.id)}/`,
      nonActiveCertificate:
        app.certificates.length > 1
          ? "the newest inactive certificate"
          : "a certificate that was never published (no inactive certificate exists)",
    },
    activeFaultCount: activeFaultCount(app.faults),
    maxClockOffset: MAX_CLOCK_OFFSET_MINUTES,
  };
}
