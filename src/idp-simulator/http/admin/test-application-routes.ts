/** "Test this application": Mitel Connect is SP-initiated only, so it opens the Sign on URL. */
import { Router } from "express";
import type { SimulatorContext } from "../context.js";
import { routeParam } from "../form-fields.js";
import { renderApp } from "./app-page.js";
import { loadApp, TEST_UNAVAILABLE_WITH_VERIFICATION } from "./shared.js";

export function testApplicationRoutes(ctx: SimulatorContext): Router {
  const router = Router();

  router.get("/apps/:id/test", async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (!app) {
      return;
    }
    // Entra: with Require verification certificates on, the portal's test cannot sign a request
    // as the application would (it has no private key), so testing is unavailable.
    if (app.requireVerificationCertificates) {
      await renderApp(ctx, req, res, app, {
        errors: { test: TEST_UNAVAILABLE_WITH_VERIFICATION },
      });
      return;
    }
    if (app.signOnUrl === "") {
      await renderApp(ctx, req, res, app, {
        errors: {
          test: "Mitel Connect supports SP-initiated sign-on only: fill in the Sign on URL in Basic SAML Configuration first.",
        },
      });
      return;
    }
    res.redirect(302, app.signOnUrl);
  });

  return router;
}
