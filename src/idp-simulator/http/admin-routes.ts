/**
 * The simulator's "admin center": the tenant overview (enterprise applications, users), one page per
 * Mitel Connect application with the sections of Entra's "Set up single sign-on with SAML" blade,
 * the certificate and metadata downloads, "Test this application", and My Apps.
 */
import { type Request, type Response, Router } from "express";
import { type BasicSamlErrors, validateBasicSamlConfiguration } from "../config/basic-saml-configuration.js";
import { certificateToDer, certificateToEntraBase64 } from "../keys/signing-certificate.js";
import { ENTRA_CLAIM, NAME_ID_FORMAT } from "../saml/build-response.js";
import { FAULT_ERROR_LABELS } from "../saml/entra-errors.js";
import { WRONG_AUDIENCE, WRONG_RECIPIENT, wrongTenantId } from "../saml/issue-response.js";
import {
  activeCertificate,
  type BasicSamlConfiguration,
  FAULT_ERROR_CODES,
  type FaultErrorCode,
  findUserById,
  findUserByUpn,
  isAssigned,
  MAX_CLOCK_OFFSET_MINUTES,
  NAME_ID_FORMAT_CHOICES,
  NAME_ID_SOURCES,
  type NameIdFormatChoice,
  type NameIdSource,
  NO_FAULTS,
  SIGNING_ALGORITHMS,
  SIGNING_MODES,
  type SimApp,
  type SimFaults,
  type SimTenant,
} from "../state/model.js";
import type { NewUserInput } from "../state/simulator-state.js";
import { appMetadataXml, downloadBaseName, sendMetadata } from "./app-metadata.js";
import { appFederationMetadataUrl, displayTime, type SimulatorContext, tenantUrls } from "./context.js";
import { csrfToken, requireCsrf, requireSession } from "./csrf.js";
import { bodyField, checkbox, queryField, routeParam } from "./form-fields.js";
import { sendSimulatorView } from "./views.js";

const MAX_CERTIFICATES = 5;

const SAVED_NOTICES: Record<string, string> = {
  basic: "Basic SAML Configuration saved.",
  signing: "Signing options saved.",
  "certificate-new": "A new certificate was created. It stays inactive until you make it active.",
  "certificate-active":
    "The certificate is now active: responses and the Federation Metadata XML are signed with it.",
  "certificate-removed": "The inactive certificate was removed.",
  claims: "Unique User Identifier (Name ID) saved.",
  users: "Users and groups saved.",
  properties: "Properties saved.",
  faults: "Fault injection saved.",
  "faults-reset": "All faults are off.",
  user: "User created.",
};

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

interface AppPageExtras {
  basic?: { values: BasicSamlConfiguration; errors: BasicSamlErrors };
  errors?: Partial<Record<"signing" | "claims" | "users" | "faults" | "certificates" | "test", string>>;
  faultsForm?: SimFaults;
  status?: number;
}

interface NewUserForm {
  values: Record<keyof NewUserInput, string>;
  errors: Partial<Record<keyof NewUserInput, string>>;
}

export function adminRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  const defaultTenant = () => state.requireTenant(state.defaultTenantId);

  const loadApp = async (req: Request, res: Response, id: string): Promise<SimApp | undefined> => {
    const app = await state.getApp(state.defaultTenantId, id);
    if (!app) {
      sendSimulatorView(
        res,
        "message",
        {
          title: "Application not found",
          base: req.baseUrl,
          heading: "Application not found",
          text: "There is no enterprise application with this id in the simulated tenant.",
        },
        404,
      );
    }
    return app;
  };

  const savedRedirect = (req: Request, res: Response, app: SimApp, saved: string, anchor: string) => {
    res.redirect(303, `${req.baseUrl}/apps/${app.id}?saved=${saved}#${anchor}`);
  };

  // ---- Tenant overview -------------------------------------------------------------------------

  const renderOverview = async (req: Request, res: Response, form?: NewUserForm, status = 200) => {
    const tenant = await defaultTenant();
    const apps = await state.listApps(tenant.id);
    sendSimulatorView(
      res,
      "overview",
      {
        title: `${tenant.name} | Overview`,
        base: req.baseUrl,
        csrfToken: csrfToken(req),
        notice: noticeFrom(req),
        tenant: {
          id: tenant.id,
          name: tenant.name,
          primaryDomain: tenant.primaryDomain,
          ...tenantUrls(ctx, tenant.id),
        },
        apps: apps.map((app) => ({
          id: app.id,
          appId: app.appId,
          displayName: app.displayName,
          identifier: app.identifier,
          assignedCount: app.assignedUserIds.length,
          faultCount: activeFaultCount(app.faults),
        })),
        users: tenant.users.map((user) => ({
          ...user,
          apps: apps.filter((app) => isAssigned(app, user)).map((app) => app.displayName),
        })),
        newUser: form ?? {
          values: { userPrincipalName: "", displayName: "", givenName: "", surname: "", mail: "" },
          errors: {},
        },
      },
      status,
    );
  };

  router.get("/", async (req, res) => {
    await renderOverview(req, res);
  });

  router.post("/users", requireCsrf, async (req, res) => {
    const tenant = await defaultTenant();
    const form = readNewUser(req, tenant);
    if (Object.keys(form.errors).length > 0) {
      await renderOverview(req, res, form, 400);
      return;
    }
    const user = await state.addUser(tenant.id, {
      userPrincipalName: form.values.userPrincipalName,
      displayName: form.values.displayName,
      givenName: form.values.givenName || null,
      surname: form.values.surname || null,
      mail: form.values.mail || form.values.userPrincipalName,
    });
    ctx.log.info({ tenantId: tenant.id, upn: user.userPrincipalName }, "entra simulator: user created");
    res.redirect(303, `${req.baseUrl}/?saved=user#users`);
  });

  // ---- Application page ------------------------------------------------------------------------

  const renderApp = async (req: Request, res: Response, app: SimApp, extras: AppPageExtras = {}) => {
    const tenant = await defaultTenant();
    sendSimulatorView(
      res,
      "app",
      appPageModel(ctx, req, tenant, app, extras),
      extras.status ?? (extras.basic || extras.errors ? 400 : 200),
    );
  };

  router.get("/apps/:id", async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (app) {
      await renderApp(req, res, app);
    }
  });

  router.post("/apps/:id/basic-saml", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const others = (await state.listApps(app.tenantId)).filter((other) => other.id !== app.id);
    const result = validateBasicSamlConfiguration(
      {
        identifier: bodyField(req, "identifier"),
        replyUrl: bodyField(req, "replyUrl"),
        signOnUrl: bodyField(req, "signOnUrl"),
        relayState: bodyField(req, "relayState"),
        logoutUrl: bodyField(req, "logoutUrl"),
      },
      others,
    );
    if (!result.ok) {
      await renderApp(req, res, app, { basic: { values: result.value, errors: result.errors } });
      return;
    }
    const updated = await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      ...result.value,
    }));
    ctx.log.info({ appId: app.appId, ...result.value }, "entra simulator: basic SAML configuration saved");
    savedRedirect(req, res, updated ?? app, "basic", "basic-saml");
  });

  router.post("/apps/:id/signing", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const mode = SIGNING_MODES.find((candidate) => candidate === bodyField(req, "signingMode"));
    const algorithm = SIGNING_ALGORITHMS.find(
      (candidate) => candidate === bodyField(req, "signingAlgorithm"),
    );
    if (!mode || !algorithm) {
      await renderApp(req, res, app, {
        errors: { signing: "Choose a Signing Option and a Signing Algorithm." },
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      signingMode: mode,
      signingAlgorithm: algorithm,
    }));
    savedRedirect(req, res, app, "signing", "certificate");
  });

  router.post("/apps/:id/certificates", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    if (app.certificates.length >= MAX_CERTIFICATES) {
      await renderApp(req, res, app, {
        errors: {
          certificates: `An application can have at most ${MAX_CERTIFICATES} signing certificates here. Remove an inactive one first.`,
        },
      });
      return;
    }
    const certificate = await state.newCertificate(false);
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      certificates: [...current.certificates, certificate],
    }));
    ctx.log.info(
      { appId: app.appId, thumbprint: certificate.thumbprint },
      "entra simulator: inactive certificate added",
    );
    savedRedirect(req, res, app, "certificate-new", "certificate");
  });

  router.post("/apps/:id/certificates/:thumbprint/activate", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const thumbprint = routeParam(req, "thumbprint").toUpperCase();
    if (!app.certificates.some((certificate) => certificate.thumbprint === thumbprint)) {
      await renderApp(req, res, app, {
        errors: { certificates: "That certificate does not exist." },
        status: 404,
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      certificates: current.certificates.map((certificate) => ({
        ...certificate,
        active: certificate.thumbprint === thumbprint,
      })),
    }));
    ctx.log.info({ appId: app.appId, thumbprint }, "entra simulator: certificate made active");
    savedRedirect(req, res, app, "certificate-active", "certificate");
  });

  router.post("/apps/:id/certificates/:thumbprint/remove", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const thumbprint = routeParam(req, "thumbprint").toUpperCase();
    const certificate = app.certificates.find((candidate) => candidate.thumbprint === thumbprint);
    if (!certificate || certificate === activeCertificate(app)) {
      await renderApp(req, res, app, {
        errors: { certificates: "Only an inactive certificate can be removed." },
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      certificates: current.certificates.filter((candidate) => candidate.thumbprint !== thumbprint),
    }));
    savedRedirect(req, res, app, "certificate-removed", "certificate");
  });

  router.get("/apps/:id/certificates/:thumbprint/:format", async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const thumbprint = routeParam(req, "thumbprint").toUpperCase();
    const certificate = app.certificates.find((candidate) => candidate.thumbprint === thumbprint);
    const format = routeParam(req, "format");
    if (!certificate || (format !== "base64" && format !== "raw")) {
      res.status(404).type("text").send("Not found");
      return;
    }
    res.attachment(`${downloadBaseName(app)}.cer`);
    res.set("Cache-Control", "no-store");
    if (format === "base64") {
      res
        .type("application/pkix-cert")
        .send(Buffer.from(certificateToEntraBase64(certificate.certificatePem)));
    } else {
      res.type("application/pkix-cert").send(certificateToDer(certificate.certificatePem));
    }
  });

  router.get("/apps/:id/federation-metadata.xml", async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (app) {
      sendMetadata(res, appMetadataXml(ctx, app), `${downloadBaseName(app)}.xml`);
    }
  });

  router.post("/apps/:id/claims", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const source = NAME_ID_SOURCES.find((candidate) => candidate === bodyField(req, "nameIdSource"));
    const format = NAME_ID_FORMAT_CHOICES.find((candidate) => candidate === bodyField(req, "nameIdFormat"));
    if (!source || !format) {
      await renderApp(req, res, app, {
        errors: { claims: "Choose a source attribute and a name identifier format." },
      });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      nameIdSource: source,
      nameIdFormat: format,
    }));
    savedRedirect(req, res, app, "claims", "claims");
  });

  for (const action of ["assign", "unassign"] as const) {
    router.post(`/apps/:id/users/${action}`, requireCsrf, async (req, res) => {
      const app = await loadApp(req, res, routeParam(req, "id"));
      if (!app) {
        return;
      }
      const tenant = await defaultTenant();
      const user = findUserById(tenant, bodyField(req, "userId") ?? "");
      if (!user) {
        await renderApp(req, res, app, { errors: { users: "Choose a user of this tenant." } });
        return;
      }
      await state.updateApp(app.tenantId, app.id, (current) => ({
        ...current,
        assignedUserIds:
          action === "assign"
            ? [...new Set([...current.assignedUserIds, user.objectId])]
            : current.assignedUserIds.filter((id) => id !== user.objectId),
      }));
      ctx.log.info(
        { appId: app.appId, upn: user.userPrincipalName, action },
        "entra simulator: assignment changed",
      );
      savedRedirect(req, res, app, "users", "users");
    });
  }

  router.post("/apps/:id/properties", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const value = bodyField(req, "assignmentRequired");
    if (value !== "yes" && value !== "no") {
      await renderApp(req, res, app, { errors: { users: "Choose Yes or No for “Assignment required?”." } });
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      assignmentRequired: value === "yes",
    }));
    savedRedirect(req, res, app, "properties", "users");
  });

  router.post("/apps/:id/faults", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    const parsed = readFaults(req);
    if (!parsed.ok) {
      await renderApp(req, res, app, { errors: { faults: parsed.error }, faultsForm: parsed.faults });
      return;
    }
    const faults = parsed.faults;
    // The non-active-certificate fault needs a certificate that is not the active one. With no
    // inactive certificate, one is made that is never published anywhere.
    const needsStray =
      faults.signWithNonActiveCertificate && app.certificates.length < 2 && app.strayCertificate === null;
    const stray = needsStray ? await state.newCertificate(false) : null;
    await state.updateApp(app.tenantId, app.id, (current) => ({
      ...current,
      faults,
      strayCertificate: current.strayCertificate ?? stray,
    }));
    ctx.log.info({ appId: app.appId, faults }, "entra simulator: fault injection saved");
    savedRedirect(req, res, app, "faults", "faults");
  });

  router.post("/apps/:id/faults/reset", requireCsrf, async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    await state.updateApp(app.tenantId, app.id, (current) => ({ ...current, faults: { ...NO_FAULTS } }));
    savedRedirect(req, res, app, "faults-reset", "faults");
  });

  router.get("/apps/:id/test", async (req, res) => {
    const app = await loadApp(req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    if (app.signOnUrl === "") {
      await renderApp(req, res, app, {
        errors: {
          test: "Mitel Connect supports SP-initiated sign-on only: fill in the Sign on URL in Basic SAML Configuration first.",
        },
      });
      return;
    }
    res.redirect(302, app.signOnUrl);
  });

  // ---- My Apps ---------------------------------------------------------------------------------

  router.get("/my-apps", async (req, res) => {
    const tenant = await defaultTenant();
    const session = requireSession(req);
    const chosen = queryField(req, "user");
    const signedIn =
      session.entraSimUser?.tenantId === tenant.id
        ? findUserById(tenant, session.entraSimUser.objectId)
        : undefined;
    const user = chosen ? findUserByUpn(tenant, chosen) : signedIn;
    const apps = user ? (await state.listApps(tenant.id)).filter((app) => isAssigned(app, user)) : [];
    sendSimulatorView(res, "my-apps", {
      title: "My Apps",
      base: req.baseUrl,
      tenantName: tenant.name,
      users: tenant.users.map((candidate) => ({
        upn: candidate.userPrincipalName,
        displayName: candidate.displayName,
        selected: candidate === user,
      })),
      unknownUser: chosen !== undefined && !user ? chosen : null,
      user: user ? { upn: user.userPrincipalName, displayName: user.displayName } : null,
      tiles: apps.map((app) => ({
        displayName: app.displayName,
        signOnUrl: app.signOnUrl,
        initials: initials(app.displayName),
      })),
    });
  });

  return router;
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

function noticeFrom(req: Request): string | null {
  const saved = queryField(req, "saved");
  return saved ? (SAVED_NOTICES[saved] ?? null) : null;
}

function activeFaultCount(faults: SimFaults): number {
  return (Object.keys(NO_FAULTS) as (keyof SimFaults)[]).filter((key) => faults[key] !== NO_FAULTS[key])
    .length;
}

type FaultsParse = { ok: true; faults: SimFaults } | { ok: false; faults: SimFaults; error: string };

function readFaults(req: Request): FaultsParse {
  const errorStatusRaw = bodyField(req, "errorStatus") ?? "";
  const errorStatus: FaultErrorCode | null =
    FAULT_ERROR_CODES.find((code) => code === errorStatusRaw) ?? null;
  const offsetRaw = (bodyField(req, "clockOffsetMinutes") ?? "").trim();
  const offset = offsetRaw === "" ? 0 : Number(offsetRaw);
  const faults: SimFaults = {
    signWithNonActiveCertificate: checkbox(req, "signWithNonActiveCertificate"),
    expired: checkbox(req, "expired"),
    notYetValid: checkbox(req, "notYetValid"),
    wrongAudience: checkbox(req, "wrongAudience"),
    wrongRecipient: checkbox(req, "wrongRecipient"),
    wrongIssuer: checkbox(req, "wrongIssuer"),
    noSignature: checkbox(req, "noSignature"),
    errorStatus,
    persistentNameId: checkbox(req, "persistentNameId"),
    emailClaimMissing: checkbox(req, "emailClaimMissing"),
    clockOffsetMinutes: Number.isInteger(offset) ? offset : 0,
  };
  if (errorStatusRaw !== "" && errorStatus === null) {
    return { ok: false, faults, error: "Choose one of the listed AADSTS errors, or none." };
  }
  if (!Number.isInteger(offset) || Math.abs(offset) > MAX_CLOCK_OFFSET_MINUTES) {
    return {
      ok: false,
      faults,
      error: `Clock offset must be a whole number of minutes from -${MAX_CLOCK_OFFSET_MINUTES} to ${MAX_CLOCK_OFFSET_MINUTES}.`,
    };
  }
  if (faults.expired && faults.notYetValid) {
    return { ok: false, faults, error: "An assertion cannot be both expired and not yet valid: choose one." };
  }
  return { ok: true, faults };
}

function readNewUser(req: Request, tenant: SimTenant): NewUserForm {
  const values = {
    userPrincipalName: (bodyField(req, "userPrincipalName") ?? "").trim(),
    displayName: (bodyField(req, "displayName") ?? "").trim(),
    givenName: (bodyField(req, "givenName") ?? "").trim(),
    surname: (bodyField(req, "surname") ?? "").trim(),
    mail: (bodyField(req, "mail") ?? "").trim(),
  };
  const errors: NewUserForm["errors"] = {};
  const domain = tenant.primaryDomain.toLowerCase();
  const match = /^([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9.-]+)$/.exec(values.userPrincipalName);
  if (!match) {
    errors.userPrincipalName = `Enter a user principal name such as J.Doe@${tenant.primaryDomain}.`;
  } else if (match[2]?.toLowerCase() !== domain) {
    errors.userPrincipalName = `The domain must be a verified domain of this tenant: ${tenant.primaryDomain}.`;
  } else if (findUserByUpn(tenant, values.userPrincipalName)) {
    errors.userPrincipalName = "Another user already has this user principal name.";
  }
  if (values.displayName === "" || values.displayName.length > 256) {
    errors.displayName = "Display name is required (at most 256 characters).";
  }
  if (values.givenName.length > 64) {
    errors.givenName = "At most 64 characters.";
  }
  if (values.surname.length > 64) {
    errors.surname = "At most 64 characters.";
  }
  if (values.mail !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.mail)) {
    errors.mail = "Enter a valid email address, or leave it empty to use the user principal name.";
  }
  return { values, errors };
}

/**
 * The tile's two-letter logo, from the first letters of words: "Contoso (MiCloud Connect)" is "CM",
 * not "C(" (punctuation is no word, or every "Contoso (…)" tile would look the same).
 */
function initials(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== "");
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}
