/**
 * "Test this application" and the My Apps tile's launch. With a Sign on URL they open it (the
 * SP starts the sign-in). With the Sign on URL empty, Entra signs the user in to the application
 * itself (IdP-initiated): the sign-in page, then a response that answers no request, posted to
 * the Reply URL with the application's Relay State. Mitel Connect is SP-initiated only, so that
 * is how an admin meets the Mitel side's refusal.
 */
import { type Request, type Response, Router } from "express";
import type { SimApp } from "../../state/model.js";
import type { SimulatorContext } from "../context.js";
import { requireSession } from "../csrf.js";
import { routeParam } from "../form-fields.js";
import { PENDING_REQUEST_TTL_MS, sealPendingRequest } from "../pending-request.js";
import { renderSignIn } from "../sign-in-pages.js";
import { renderApp } from "./app-page.js";
import { loadApp, TEST_UNAVAILABLE_WITH_VERIFICATION } from "./shared.js";

export function testApplicationRoutes(ctx: SimulatorContext): Router {
  const router = Router();

  const launch = async (req: Request, res: Response) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) return;
    // Entra: with Require verification certificates on, the portal's test cannot sign a request
    // as the application would (it has no private key), so testing is unavailable there; the My
    // Apps tile is not the portal's test and still launches.
    if (req.path.endsWith("/test") && app.requireVerificationCertificates) {
      await renderApp(ctx, req, res, app, {
        errors: { test: TEST_UNAVAILABLE_WITH_VERIFICATION },
      });
      return;
    }
    if (app.signOnUrl !== "") {
      res.redirect(302, app.signOnUrl);
      return;
    }
    await signInIdpInitiated(ctx, req, res, app);
  };
  router.get("/apps/:id/test", launch);
  router.get("/apps/:id/launch", launch);

  return router;
}

/** The sign-in page for an IdP-initiated sign-in: a pending sign-in without a request ID. */
async function signInIdpInitiated(ctx: SimulatorContext, req: Request, res: Response, app: SimApp) {
  const tenant = await ctx.state.requireTenant(app.tenantId);
  const signedIn = requireSession(req).entraSimUser;
  const upn =
    signedIn?.tenantId === tenant.id
      ? tenant.users.find((user) => user.objectId === signedIn.objectId)?.userPrincipalName
      : undefined;
  ctx.log.info(
    { tenantId: tenant.id, appId: app.appId },
    "entra simulator: IdP-initiated sign-in (no Sign on URL)",
  );
  renderSignIn(req, res, {
    tenant,
    app,
    pendingToken: sealPendingRequest(ctx.state.secret, {
      tenantId: tenant.id,
      appObjectId: app.id,
      requestId: null,
      nameIdPolicyFormat: null,
      relayState: app.relayState === "" ? null : app.relayState,
      loginHint: null,
      expiresAt: ctx.now() + PENDING_REQUEST_TTL_MS,
    }),
    username: upn ?? "",
    message: null,
    notice:
      "No Sign on URL is set for this application, so Entra signs you in to it directly (IdP-initiated), without a request from the application.",
  });
}
