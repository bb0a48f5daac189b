import { Router } from "express";
import type { AppContext } from "../../context.js";
import { csrfProtection, exposeCsrfToken } from "../csrf.js";
import { requireOperator } from "../operator-auth.js";
import { accountAdminRoutes } from "./accounts/index.js";
import { operatorSessionRoutes } from "./operator-session.js";
import { signInAdminRoutes } from "./sign-ins/index.js";

/**
 * The operator console and the two Mitel portals' admin screens, mounted at /admin. Only the
 * operator sign-in page is public; every other route requires the operator session, and every
 * state-changing form carries a CSRF token.
 */
export function adminRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(exposeCsrfToken, csrfProtection);
  router.use(operatorSessionRoutes(ctx));
  router.use(requireOperator);
  router.use(accountAdminRoutes(ctx));
  router.use(signInAdminRoutes(ctx));
  return router;
}
