import { type Response, Router } from "express";
import { exportSeedFile } from "../../accounts/export-seed.js";
import type { AppContext } from "../../context.js";
import { sendInvalid, zodProblems } from "./accounts/api-errors.js";
import { exportQuery } from "./accounts/api-schemas.js";

/** Every account, its settings and users, from the services (the console's and the API's view). */
export function seedFileOf(ctx: AppContext, options: { includeKeys?: boolean } = {}): Promise<string> {
  return exportSeedFile({
    listAccounts: () => ctx.accounts.list(),
    listUsers: (accountId) => ctx.directory.search({ accountId }),
    // Private keys leave the service only when asked for by name.
    ...(options.includeKeys ? { listSpKeys: (accountId: string) => ctx.spKeys.list(accountId) } : {}),
  });
}

/** Sends a seed file as YAML; as an attachment named after the instance's date when asked. */
export function sendSeedFile(res: Response, text: string, download: boolean, now: number): void {
  res.type("application/yaml; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  if (download) {
    const day = new Date(now).toISOString().slice(0, 10);
    res.attachment(`mitel-mock-sp-seed-${day}.yaml`);
  }
  res.send(text);
}

/** GET /export (bearer token applied by the API router). */
export function exportApi(ctx: AppContext): Router {
  const router = Router();
  router.get("/export", async (req, res) => {
    const query = exportQuery.safeParse(req.query);
    if (!query.success) {
      return sendInvalid(
        res,
        "INVALID_QUERY",
        "The query has invalid parameters.",
        zodProblems(query.error.issues),
      );
    }
    const includeKeys = query.data.includeKeys === "1";
    sendSeedFile(res, await seedFileOf(ctx, { includeKeys }), query.data.download === "1", ctx.now());
  });
  return router;
}
