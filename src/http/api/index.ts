import { Router } from "express";
import type { AppContext } from "../../context.js";
import { requireBearerToken } from "../operator-auth.js";
import { accountsApi } from "./accounts-api.js";
import { exportApi } from "./export-api.js";
import { buildOpenApiDocument } from "./openapi/openapi-document.js";
import { signInsApi } from "./sign-ins-api.js";
import { spKeysApi } from "./sp-keys-api.js";

/** JSON admin API at /api/v1, bearer token (ADMIN_TOKEN or the generated one). */
export function apiRoutes(ctx: AppContext): Router {
  const router = Router();
  // The document describes the API, holds no data and is what a client reads before it has a
  // token, so it is public; built once, it is the same for every request.
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  router.get("/openapi.json", (_req, res) => {
    document ??= buildOpenApiDocument({ version: "1.0.0", serverUrl: ctx.config.server.publicUrl });
    res.json(document);
  });
  router.use(requireBearerToken(ctx));
  router.use(accountsApi(ctx));
  router.use(spKeysApi(ctx));
  router.use(signInsApi(ctx));
  router.use(exportApi(ctx));
  return router;
}
