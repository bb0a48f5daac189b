import { Router } from "express";
import { summariseAccount } from "../../../accounts/account-summary.js";
import type { AppContext } from "../../../context.js";
import { sendView } from "../../views.js";
import { accountPath, addFlash, redirectWithFlash, summaryDepsOf, takeFlash } from "./admin-helpers.js";
import { isSsoActivated, requirePlatform } from "./platform-guard.js";

/** Mitel Account portal: Phone System > Add-On Features, with the Single Sign-On row (Activate / Settings). */
export function micloudRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get("/accounts/:id/phone-system/add-on-features", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    requirePlatform(account, "micloud");
    const summary = await summariseAccount(summaryDepsOf(ctx), account);
    sendView(res, "admin/accounts/micloud-add-on-features", {
      title: "Add-On Features",
      flash: takeFlash(req),
      summary,
      activated: isSsoActivated(account),
    });
  });

  // Activate is a state change (the add-on becomes available), so it is a POST; it then opens the settings.
  router.post("/accounts/:id/phone-system/add-on-features/single-sign-on/activate", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    requirePlatform(account, "micloud");
    if (!account.sso.integrationAdded)
      await ctx.accounts.update(account.id, { sso: { integrationAdded: true } });
    addFlash(req, "ok", "Single Sign-On activated. Fill in the settings below with the values from Entra.");
    await redirectWithFlash(req, res, accountPath(account, "/sso"));
  });

  return router;
}
