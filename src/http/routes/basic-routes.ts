import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.js";
import { allPlatforms } from "../../platforms/index.js";
import { signOut } from "../sign-out/start-sign-out.js";
import { sendView } from "../views.js";

/** Home page, sign-out, liveness and readiness. */
export function basicRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get("/", async (_req, res) => {
    const accounts = await ctx.accounts.list();
    sendView(res, "home", {
      title: "mitel-mock-sp",
      platforms: allPlatforms(),
      accounts,
      simulatorEnabled: ctx.config.simulator.enabled,
      simulatorUrl: ctx.config.simulatorPublicUrl,
    });
  });

  // Ends the local session; with single sign-out on for the signed-in account, also at Entra.
  const logout = (req: Request, res: Response) => signOut(ctx, req, res);
  router.get("/logout", logout);
  router.post("/logout", logout);

  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  router.get("/readyz", async (_req, res) => {
    try {
      await ctx.storage.ping();
      res.json({ status: "ready", storage: ctx.storage.kind });
    } catch (err) {
      ctx.log.warn({ err }, "readiness check failed");
      res.status(503).json({ status: "unavailable", storage: ctx.storage.kind });
    }
  });
  return router;
}
