/**
 * The simulator's "admin center", one file per Entra screen or section: the tenant overview, the
 * application page and its sections, Test this application, and My Apps.
 */
import { Router } from "express";
import type { SimulatorContext } from "../context.js";
import { routeParam } from "../form-fields.js";
import { renderApp } from "./app-page.js";
import { basicSamlRoutes } from "./basic-saml-routes.js";
import { certificateRoutes } from "./certificate-routes.js";
import { claimsRoutes } from "./claims-routes.js";
import { faultRoutes } from "./fault-routes.js";
import { myAppsRoutes } from "./my-apps-routes.js";
import { overviewRoutes } from "./overview-routes.js";
import { loadApp } from "./shared.js";
import { testApplicationRoutes } from "./test-application-routes.js";
import { uploadedCertificateRoutes } from "./uploaded-certificate-routes.js";
import { usersAndGroupsRoutes } from "./users-and-groups-routes.js";

export function adminRoutes(ctx: SimulatorContext): Router {
  const router = Router();
  router.use(overviewRoutes(ctx));
  router.get("/apps/:id", async (req, res) => {
    const app = await loadApp(ctx, req, res, routeParam(req, "id"));
    if (app) await renderApp(ctx, req, res, app);
  });
  router.use(basicSamlRoutes(ctx));
  router.use(certificateRoutes(ctx));
  router.use(uploadedCertificateRoutes(ctx));
  router.use(claimsRoutes(ctx));
  router.use(usersAndGroupsRoutes(ctx));
  router.use(faultRoutes(ctx));
  router.use(testApplicationRoutes(ctx));
  router.use(myAppsRoutes(ctx));
  return router;
}
