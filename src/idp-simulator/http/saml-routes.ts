/**
 * The simulated tenant's SAML endpoint, `/{tenant}/saml2` (HTTP-Redirect and HTTP-POST bindings):
 * checks the AuthnRequest as Entra does, shows the sign-in page, and after the user is chosen posts
 * the SAML Response to the application's Reply URL through an auto-submitting form; sign-out
 * messages (HTTP-Redirect) go to sign-out.ts. Also the App Federation Metadata URL.
 */
import { type Request, type Response, Router } from "express";
import { checkAuthnRequest } from "../saml/check-authn-request.js";
import { type EntraError, entraErrors } from "../saml/entra-errors.js";
import { type AuthnRequestBinding, parseAuthnRequest } from "../saml/parse-authn-request.js";
import { samlRequestKind } from "../saml/parse-logout-message.js";
import { verifyRedirectSignature } from "../saml/verify-request-signature.js";
import { isGuid } from "../state/ids.js";
import { findUserById, type SimApp, type SimTenant } from "../state/model.js";
import { appMetadataXml, sendMetadata } from "./app-metadata.js";
import type { SimulatorContext } from "./context.js";
import { requireCsrf, requireSession } from "./csrf.js";
import { bodyField, queryField, routeParam } from "./form-fields.js";
import { PENDING_REQUEST_TTL_MS, type PendingRequest, sealPendingRequest } from "./pending-request.js";
import { signInHandler } from "./sign-in-handler.js";
import { renderSignIn, showEntraError } from "./sign-in-pages.js";
import { handleAppLogoutRequest, handleAppLogoutResponse } from "./sign-out.js";

export function samlRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  const { state } = ctx;

  const loadTenant = async (tenantId: string): Promise<SimTenant | undefined> =>
    isGuid(tenantId) ? state.getTenant(tenantId.toLowerCase()) : undefined;

  const handleAuthnRequest = (binding: AuthnRequestBinding) => async (req: Request, res: Response) => {
    const tenantId = routeParam(req, "tenantId");
    const tenant = await loadTenant(tenantId);
    if (!tenant) {
      showEntraError(ctx, req, res, entraErrors.tenantNotFound(tenantId));
      return;
    }
    const params = binding === "redirect" ? req.query : (req.body as unknown);
    const encoded = binding === "redirect" ? queryField(req, "SAMLRequest") : bodyField(req, "SAMLRequest");
    if (!encoded) {
      showEntraError(ctx, req, res, entraErrors.requestMissing(), { tenantId: tenant.id });
      return;
    }
    const parsed = parseAuthnRequest(encoded, binding);
    if (!parsed.ok) {
      showEntraError(ctx, req, res, entraErrors.requestInvalid(parsed.error), { tenantId: tenant.id });
      return;
    }
    const check = checkAuthnRequest(parsed.request, tenant, await state.listApps(tenant.id));
    if (!check.ok) {
      showEntraError(ctx, req, res, check.error, { tenantId: tenant.id });
      return;
    }
    const { app } = check;
    const signature = requestSignatureError(req, binding, app);
    if (signature) {
      ctx.log.info(
        { appId: app.appId, code: signature.code },
        "entra simulator: AuthnRequest signature refused",
      );
      showEntraError(ctx, req, res, signature, { tenantId: tenant.id });
      return;
    }
    const relayState = fieldOf(params, "RelayState") ?? null;
    const loginHint = (queryField(req, "login_hint") ?? bodyField(req, "login_hint"))?.trim() || null;
    const pending: PendingRequest = {
      tenantId: tenant.id,
      appObjectId: app.id,
      requestId: parsed.request.id,
      nameIdPolicyFormat: parsed.request.nameIdPolicyFormat,
      forceAuthn: parsed.request.forceAuthn,
      relayState,
      loginHint,
      expiresAt: ctx.now() + PENDING_REQUEST_TTL_MS,
    };
    ctx.log.info(
      {
        tenantId: tenant.id,
        appId: app.appId,
        requestId: parsed.request.id,
        binding,
        loginHint,
        forceAuthn: parsed.request.forceAuthn,
      },
      "entra simulator: AuthnRequest accepted",
    );
    renderSignIn(req, res, {
      tenant,
      app,
      pendingToken: sealPendingRequest(state.secret, pending),
      // ForceAuthn: Entra asks for credentials again, so the session's account is not offered.
      username: loginHint ?? (parsed.request.forceAuthn ? undefined : signedInUpn(req, tenant)) ?? "",
      message: null,
      notice:
        parsed.request.forceAuthn && signedInUpn(req, tenant)
          ? "The application asks you to sign in again (ForceAuthn), although you are signed in."
          : null,
    });
  };

  // HTTP-Redirect carries sign-out too: an app's LogoutRequest, or its LogoutResponse to ours.
  const authnRedirect = handleAuthnRequest("redirect");
  router.get("/:tenantId/saml2", async (req, res) => {
    const response = queryField(req, "SAMLResponse");
    const request = queryField(req, "SAMLRequest");
    if (response === undefined && (request === undefined || samlRequestKind(request) !== "LogoutRequest")) {
      return authnRedirect(req, res);
    }
    const tenantId = routeParam(req, "tenantId");
    const tenant = await loadTenant(tenantId);
    if (!tenant) return showEntraError(ctx, req, res, entraErrors.tenantNotFound(tenantId));
    if (response !== undefined) return handleAppLogoutResponse(ctx, req, res, tenant, response);
    return handleAppLogoutRequest(ctx, req, res, tenant, request ?? "");
  });
  router.post("/:tenantId/saml2", handleAuthnRequest("post"));

  router.post("/:tenantId/saml2/sign-in", requireCsrf, signInHandler(ctx));

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
 * With "Require verification certificates" on, Entra refuses an unsigned request (AADSTS76021) and
 * one whose signature no uploaded certificate verifies; off, it does not look at a signature at all.
 */
function requestSignatureError(req: Request, binding: AuthnRequestBinding, app: SimApp): EntraError | null {
  if (!app.requireVerificationCertificates) return null;
  if (binding === "post") {
    // An HTTP-POST request carries its signature inside the XML; the simulator does not verify those.
    return entraErrors.requestSignatureInvalid(
      "The simulator verifies the HTTP-Redirect binding's signature only (what Mitel's side sends); this request came by HTTP-POST.",
    );
  }
  const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?") + 1) : "";
  const verdict = verifyRedirectSignature(query, app.verificationCertificates);
  if (verdict.state === "unsigned") return entraErrors.requestNotSigned();
  if (verdict.state === "invalid") return entraErrors.requestSignatureInvalid(verdict.detail);
  return null;
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
