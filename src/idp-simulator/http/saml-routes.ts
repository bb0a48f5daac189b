/**
 * The simulated tenant's SAML endpoint, `/{tenant}/saml2` (HTTP-Redirect and HTTP-POST bindings):
 * checks the AuthnRequest as Entra does, shows the sign-in page, and after the user is chosen posts
 * the SAML Response to the application's Reply URL through an auto-submitting form. Also the App
 * Federation Metadata URL.
 */
import { type Request, type Response, Router } from "express";
import { checkAuthnRequest } from "../saml/check-authn-request.js";
import { type EntraError, entraErrors, entraTimestamp } from "../saml/entra-errors.js";
import { issueResponse } from "../saml/issue-response.js";
import { type AuthnRequestBinding, parseAuthnRequest } from "../saml/parse-authn-request.js";
import { isGuid, newGuid } from "../state/ids.js";
import { findUserById, findUserByUpn, isAssigned, type SimApp, type SimTenant } from "../state/model.js";
import { appMetadataXml, sendMetadata } from "./app-metadata.js";
import type { SimulatorContext } from "./context.js";
import { csrfToken, requireCsrf, requireSession } from "./csrf.js";
import { bodyField, queryField, routeParam } from "./form-fields.js";
import {
  openPendingRequest,
  PENDING_REQUEST_TTL_MS,
  type PendingRequest,
  sealPendingRequest,
} from "./pending-request.js";
import { sendSimulatorView } from "./views.js";

export function samlRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  const showError = (
    req: Request,
    res: Response,
    error: EntraError,
    context: { tenantId?: string; appName?: string; upn?: string } = {},
  ) => {
    const requestId = newGuid();
    const correlationId = newGuid();
    const timestamp = entraTimestamp(new Date(ctx.now()));
    ctx.log.warn(
      { code: error.code, requestId, correlationId, ...context, note: error.note },
      `entra simulator: ${error.code}`,
    );
    sendSimulatorView(
      res,
      "error",
      {
        title: "Sign in to your account",
        base: req.baseUrl,
        error,
        requestId,
        correlationId,
        timestamp,
        appName: context.appName ?? null,
      },
      error.httpStatus,
    );
  };

  const loadTenant = async (tenantId: string): Promise<SimTenant | undefined> =>
    isGuid(tenantId) ? state.getTenant(tenantId.toLowerCase()) : undefined;

  const renderSignIn = (
    req: Request,
    res: Response,
    view: {
      tenant: SimTenant;
      app: SimApp;
      pendingToken: string;
      username: string;
      message: string | null;
      status?: number;
    },
  ) => {
    sendSimulatorView(
      res,
      "sign-in",
      {
        title: "Sign in to your account",
        base: req.baseUrl,
        csrfToken: csrfToken(req),
        action: `${req.baseUrl}/${view.tenant.id}/saml2/sign-in`,
        pending: view.pendingToken,
        username: view.username,
        message: view.message,
        appName: view.app.displayName,
        tenantName: view.tenant.name,
        users: view.tenant.users.map((user) => ({
          upn: user.userPrincipalName,
          displayName: user.displayName,
          assigned: isAssigned(view.app, user),
        })),
        assignmentRequired: view.app.assignmentRequired,
      },
      view.status ?? 200,
    );
  };

  const handleAuthnRequest = (binding: AuthnRequestBinding) => async (req: Request, res: Response) => {
    const tenantId = routeParam(req, "tenantId");
    const tenant = await loadTenant(tenantId);
    if (!tenant) {
      showError(req, res, entraErrors.tenantNotFound(tenantId));
      return;
    }
    const params = binding === "redirect" ? req.query : (req.body as unknown);
    const encoded = binding === "redirect" ? queryField(req, "SAMLRequest") : bodyField(req, "SAMLRequest");
    if (!encoded) {
      showError(req, res, entraErrors.requestMissing(), { tenantId: tenant.id });
      return;
    }
    const parsed = parseAuthnRequest(encoded, binding);
    if (!parsed.ok) {
      showError(req, res, entraErrors.requestInvalid(parsed.error), { tenantId: tenant.id });
      return;
    }
    const check = checkAuthnRequest(parsed.request, tenant, await state.listApps(tenant.id));
    if (!check.ok) {
      showError(req, res, check.error, { tenantId: tenant.id });
      return;
    }
    const { app } = check;
    const relayState = fieldOf(params, "RelayState") ?? null;
    const loginHint = (queryField(req, "login_hint") ?? bodyField(req, "login_hint"))?.trim() || null;
    const pending: PendingRequest = {
      tenantId: tenant.id,
      appObjectId: app.id,
      requestId: parsed.request.id,
      nameIdPolicyFormat: parsed.request.nameIdPolicyFormat,
      relayState,
      loginHint,
      expiresAt: ctx.now() + PENDING_REQUEST_TTL_MS,
    };
    ctx.log.info(
      { tenantId: tenant.id, appId: app.appId, requestId: parsed.request.id, binding, loginHint },
      "entra simulator: AuthnRequest accepted",
    );
    renderSignIn(req, res, {
      tenant,
      app,
      pendingToken: sealPendingRequest(state.secret, pending),
      username: loginHint ?? signedInUpn(req, tenant) ?? "",
      message: null,
    });
  };

  router.get("/:tenantId/saml2", handleAuthnRequest("redirect"));
  router.post("/:tenantId/saml2", handleAuthnRequest("post"));

  router.post("/:tenantId/saml2/sign-in", requireCsrf, async (req, res) => {
    const opened = openPendingRequest(state.secret, bodyField(req, "pending") ?? "", ctx.now());
    if (!opened.ok) {
      showError(
        req,
        res,
        opened.reason === "expired" ? entraErrors.flowExpired() : entraErrors.invalidFlow(),
      );
      return;
    }
    const pending = opened.pending;
    const tenant =
      pending.tenantId === routeParam(req, "tenantId") ? await state.getTenant(pending.tenantId) : undefined;
    if (!tenant) {
      showError(req, res, entraErrors.invalidFlow());
      return;
    }
    const app = await state.getApp(tenant.id, pending.appObjectId);
    if (!app) {
      showError(req, res, entraErrors.applicationGone(), { tenantId: tenant.id });
      return;
    }
    const username = (bodyField(req, "pick") ?? bodyField(req, "username") ?? "").trim();
    if (username === "") {
      renderSignIn(req, res, {
        tenant,
        app,
        pendingToken: bodyField(req, "pending") ?? "",
        username: "",
        message: "Enter a valid email address, phone number, or Skype name.",
        status: 400,
      });
      return;
    }
    const user = findUserByUpn(tenant, username);
    if (!user) {
      showError(req, res, entraErrors.userNotFound(username, tenant.id), {
        tenantId: tenant.id,
        appName: app.displayName,
        upn: username,
      });
      return;
    }
    if (app.assignmentRequired && !isAssigned(app, user)) {
      showError(req, res, entraErrors.userNotAssigned(app.displayName, app.appId, user.userPrincipalName), {
        tenantId: tenant.id,
        appName: app.displayName,
        upn: user.userPrincipalName,
      });
      return;
    }

    const signingApp = await withNonActiveCertificateIfNeeded(ctx, app);
    const issued = issueResponse({
      tenant,
      app: signingApp,
      user,
      requestId: pending.requestId,
      requestedNameIdFormat: pending.nameIdPolicyFormat,
      now: new Date(ctx.now()),
      secret: state.secret,
    });
    requireSession(req).entraSimUser = { tenantId: tenant.id, objectId: user.objectId };
    ctx.log.info(
      {
        tenantId: tenant.id,
        appId: app.appId,
        upn: user.userPrincipalName,
        requestId: pending.requestId,
        responseId: issued.response.responseId,
        postTo: issued.postTo,
        signedWith: issued.signedWith?.thumbprint ?? null,
        faults: app.faults,
      },
      "entra simulator: SAML response issued",
    );

    // The response page posts to another origin: no form-action for this page (and no
    // upgrade-insecure-requests, which would turn an http://localhost Reply URL into https).
    // Chromium checks form-action along the whole redirect chain after the POST, and a Reply URL
    // may redirect to yet another origin, as Mitel's authentication.api.mitel.io does back to the
    // portal; Entra's page does not stop that, so neither does the simulator's.
    res.set(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    sendSimulatorView(res, "post-response", {
      title: "Working...",
      base: req.baseUrl,
      postTo: issued.postTo,
      samlResponse: issued.response.base64,
      relayState: pending.relayState,
      appName: app.displayName,
      upn: user.userPrincipalName,
      responseXml: issued.response.xml,
    });
  });

  router.get("/:tenantId/federationmetadata/2007-06/federationmetadata.xml", async (req, res) => {
    const tenant = await loadTenant(routeParam(req, "tenantId"));
    const appId = queryField(req, "appid");
    const app =
      tenant && appId ? (await state.listApps(tenant.id)).find((a) => a.appId === appId) : undefined;
    if (!app) {
      res.status(404).type("text").send("No application with this appid in this tenant.");
      return;
    }
    sendMetadata(res, appMetadataXml(ctx, app));
  });

  return router;
}

/**
 * The non-active-certificate fault needs a second key. Normally it was made when the fault was saved;
 * if it is missing (say, the inactive certificate was removed since), make a stray one now.
 */
async function withNonActiveCertificateIfNeeded(ctx: SimulatorContext, app: SimApp): Promise<SimApp> {
  if (!app.faults.signWithNonActiveCertificate || app.certificates.length > 1 || app.strayCertificate) {
    return app;
  }
  const stray = await ctx.state.newCertificate(false);
  const updated = await ctx.state.updateApp(app.tenantId, app.id, (current) => ({
    ...current,
    strayCertificate: current.strayCertificate ?? stray,
  }));
  return updated ?? { ...app, strayCertificate: stray };
}

function signedInUpn(req: Request, tenant: SimTenant): string | undefined {
  const signedIn = requireSession(req).entraSimUser;
  if (signedIn?.tenantId !== tenant.id) {
    return undefined;
  }
  return findUserById(tenant, signedIn.objectId)?.userPrincipalName;
}

function fieldOf(source: unknown, name: string): string | undefined {
  if (typeof source !== "object" || source === null) {
    return undefined;
  }
  const value = (source as Record<string, unknown>)[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}
