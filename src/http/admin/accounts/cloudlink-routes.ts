import { Router } from "express";
import { summariseAccount } from "../../../accounts/account-summary.js";
import type { AppContext } from "../../../context.js";
import { accountOptionsOf, DEFAULT_SSO_SETTINGS } from "../../../domain/account.js";
import { sendView } from "../../views.js";
import {
  accountPath,
  addFlash,
  queryText,
  redirectWithFlash,
  summaryDepsOf,
  takeFlash,
} from "./admin-helpers.js";
import { requirePlatform } from "./platform-guard.js";

/**
 * CloudLink Accounts portal: Account Information with its Integrations section; "+ Add new" opens
 * the Integrations panel (Mitel and 3rd party tabs) where "Microsoft Entra Single Sign On" is added;
 * the integration can be removed.
 */
export function cloudlinkRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get("/accounts/:id/account-information", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    requirePlatform(account, "cloudlink");
    const summary = await summariseAccount(summaryDepsOf(ctx), account);
    sendView(res, "admin/accounts/cloudlink-account-information", {
      title: "Account Information",
      flash: takeFlash(req),
      summary,
    });
  });

  router.get("/accounts/:id/integrations/new", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    requirePlatform(account, "cloudlink");
    const summary = await summariseAccount(summaryDepsOf(ctx), account);
    const tab = queryText(req, "tab") === "mitel" ? "mitel" : "3rd-party";
    sendView(res, "admin/accounts/cloudlink-integrations-panel", {
      title: "Integrations",
      flash: takeFlash(req),
      summary,
      tab,
    });
  });

  router.post("/accounts/:id/integrations/entra-sso", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    requirePlatform(account, "cloudlink");
    if (!account.sso.integrationAdded) {
      await ctx.accounts.update(account.id, { sso: { integrationAdded: true } });
      addFlash(req, "ok", "Microsoft Entra Single Sign On added. Press Done, then Complete Setup.");
    }
    await redirectWithFlash(req, res, accountPath(account, "/integrations/new?tab=3rd-party"));
  });

  router.post("/accounts/:id/integrations/entra-sso/remove", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    requirePlatform(account, "cloudlink");
    // Removing the integration removes its configuration too; the account's own options
    // (domain/account.ts ACCOUNT_OPTION_KEYS) stay.
    await ctx.accounts.update(account.id, {
      sso: { ...DEFAULT_SSO_SETTINGS, ...accountOptionsOf(account.sso) },
    });
    addFlash(req, "ok", "Microsoft Entra Single Sign On removed; Single Sign-On is off for this account.");
    await redirectWithFlash(req, res, accountPath(account, "/account-information"));
  });

  return router;
}
