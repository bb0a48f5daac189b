import { Router } from "express";
import type { AppContext } from "../../../context.js";
import { accountListRoutes } from "./account-list-routes.js";
import { accountOverviewRoutes } from "./account-overview-routes.js";
import { cloudlinkRoutes } from "./cloudlink-routes.js";
import { micloudRoutes } from "./micloud-routes.js";
import { rehearsalRoutes } from "./rehearsal-routes.js";
import { spKeyRoutes } from "./sp-key-routes.js";
import { ssoSettingsRoutes } from "./sso-settings-routes.js";
import { userRoutes } from "./user-routes.js";

/**
 * Accounts list, the account page (checklist, values for Entra, Advanced), each portal's Single
 * Sign-On screens (MiCloud: Add-On Features; CloudLink: Account Information > Integrations) and the
 * users pages. Mounted under /admin after requireOperator and CSRF protection.
 */
export function accountAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(accountListRoutes(ctx));
  router.use(accountOverviewRoutes(ctx));
  router.use(spKeyRoutes(ctx));
  router.use(micloudRoutes(ctx));
  router.use(cloudlinkRoutes(ctx));
  router.use(ssoSettingsRoutes(ctx));
  router.use(userRoutes(ctx));
  router.use(rehearsalRoutes(ctx));
  return router;
}
