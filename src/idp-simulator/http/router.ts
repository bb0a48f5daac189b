import express, { Router } from "express";
import { adminRoutes } from "./admin/index.js";
import type { SimulatorContext } from "./context.js";
import { samlRoutes } from "./saml-routes.js";

/**
 * Everything under /entra-sim. Parses its own form bodies (an HTTP-POST AuthnRequest can be larger
 * than a typical form), and needs express-session mounted before it.
 */
export function simulatorRouter(ctx: SimulatorContext): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: "256kb", parameterLimit: 100 }));
  router.use(samlRoutes(ctx));
  router.use(adminRoutes(ctx));
  return router;
}
