import { Router } from "express";
import type { AppContext } from "../../../context.js";
import { analyzeRoutes } from "./analyze-routes.js";
import { signInDetailRoutes } from "./detail-routes.js";
import { signInListRoutes } from "./list-routes.js";
import { signInReportRoutes } from "./report-routes.js";

/**
 * Each account's sign-in log under /admin/accounts/:id/sign-ins (list, detail, compare, report,
 * XML download) and Analyze at /admin/accounts/:id/analyze. Mounted after requireOperator.
 */
export function signInAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(signInListRoutes(ctx));
  router.use(signInReportRoutes(ctx));
  router.use(signInDetailRoutes(ctx));
  router.use(analyzeRoutes(ctx));
  return router;
}
