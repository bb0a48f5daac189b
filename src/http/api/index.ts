import { Router } from "express";
import type { AppContext } from "../../context.js";
import { requireBearerToken } from "../operator-auth.js";
import { accountsApi } from "./accounts-api.js";
import { signInsApi } from "./sign-ins-api.js";

/** JSON admin API at /api/v1, bearer token (ADMIN_TOKEN or the generated one). */
export function apiRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(requireBearerToken(ctx));
  router.use(accountsApi(ctx));
  router.use(signInsApi(ctx));
  return router;
}
