import { type Request, Router } from "express";
import type passport from "passport";
import type { AppContext } from "../../context.js";
import type { AccountRecord } from "../../domain/account.js";
import { AppError } from "../../errors.js";
import { isPlatformId, platformOf } from "../../platforms/index.js";
import { spMetadataXml } from "../../saml/sp-metadata.js";
import { ACS_ROUTE, acsHandler } from "../acs-handler.js";
import { rememberHandoff } from "../hosts/cross-host-sign-in.js";
import { safeLandingPath } from "../relay-state.js";
import { saveSession } from "../session.js";
import { acsDepsOf, startSsoDepsOf } from "../sign-in-deps.js";
import { redeemSignInTicket } from "../sign-in-ticket.js";
import { singleLogoutEndpoint } from "../sign-out/single-logout-endpoint.js";
import { startSso } from "../start-sso.js";

/** Per-account SAML endpoints: metadata, SP-initiated login, the ACS (Reply URL), the Single Logout endpoint. */
export function samlRoutes(ctx: AppContext, saml: passport.PassportStatic): Router {
  const router = Router();

  router.get("/:platform/:accountId/saml/metadata", async (req, res) => {
    const account = await requireAccount(ctx, req);
    const keys = {
      signing: await ctx.spKeys.list(account.id, "signing"),
      encryption: await ctx.spKeys.active(account.id, "encryption"),
    };
    res.type("application/samlmetadata+xml").send(spMetadataXml(account, ctx.config.server.publicUrl, keys));
  });

  router.get("/:platform/:accountId/saml/login", async (req, res) => {
    const account = await requireAccount(ctx, req);
    const platform = platformOf(account.platform);
    const landing = safeLandingPath(req.query.RelayState, platform);
    const hint = typeof req.query.login_hint === "string" ? req.query.login_hint.trim().slice(0, 320) : "";
    // Stored now: the browser comes back to this host's /complete after Entra.
    if (rememberHandoff(ctx, req, account)) await saveSession(req);
    await startSso(startSsoDepsOf(ctx), req, res, account, landing, hint || null);
  });

  router.post(ACS_ROUTE, acsHandler(acsDepsOf(ctx), saml));

  // The Single Logout endpoint (mock-only single sign-out): Entra's LogoutResponse and LogoutRequest.
  router.get("/:platform/:accountId/saml/logout", async (req, res) => {
    const account = await requireAccount(ctx, req);
    await singleLogoutEndpoint(ctx, req, res, account);
  });

  // After the ACS accepted a response: joins the identity to this browser's own session.
  router.get("/:platform/:accountId/saml/complete", (req, res) => redeemSignInTicket(ctx, req, res));
  return router;
}

async function requireAccount(ctx: AppContext, req: Request): Promise<AccountRecord> {
  const { platform, accountId } = req.params as { platform: string; accountId: string };
  const account = isPlatformId(platform) ? await ctx.accounts.get(accountId) : undefined;
  if (!account || account.platform !== platform) {
    throw new AppError("ACCOUNT_NOT_FOUND", `There is no ${platform} account "${accountId}" here.`, {
      status: 404,
    });
  }
  return account;
}
