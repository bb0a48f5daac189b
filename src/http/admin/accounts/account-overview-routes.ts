import { type Request, type Response, Router } from "express";
import { summariseAccount } from "../../../accounts/account-summary.js";
import {
  type AdvancedSettingsInput,
  checkAdvancedSettings,
} from "../../../accounts/settings/advanced-settings.js";
import { viewOf } from "../../../accounts/sp-keys/sp-key-service.js";
import type { AppContext } from "../../../context.js";
import { type AccountRecord, accountOptionsOf } from "../../../domain/account.js";
import { NAME_ID_POLICY_FORMATS } from "../../../domain/name-id-policy.js";
import { platformOf } from "../../../platforms/index.js";
import { URL_PROFILE_IDS, URL_PROFILE_LABELS } from "../../../platforms/url-profile.js";
import { metadataUrl, replyUrl, singleLogoutUrl } from "../../../saml/sp-identifiers.js";
import { sendView } from "../../views.js";
import {
  accountPath,
  addFlash,
  formFlag,
  formText,
  httpOriginsOf,
  redirectWithFlash,
  summaryDepsOf,
  takeFlash,
} from "./admin-helpers.js";

/** Where "Settings" leads: each portal's own screen for Single Sign-On. */
export function settingsPathOf(account: AccountRecord): string {
  return accountPath(account, platformOf(account.platform).wording.ssoFeaturePath);
}

/**
 * The account page: setup checklist, the values to copy into Entra (Mitel Identifier, Reply URL,
 * Sign-on URLs), and the Advanced section (display name, SP identifier overrides, SHA-1 opt-in).
 */
export function accountOverviewRoutes(ctx: AppContext): Router {
  const router = Router();

  const showOverview = async (
    req: Request,
    res: Response,
    account: AccountRecord,
    extra: { advanced?: AdvancedSettingsInput; errors?: Array<{ field: string; message: string }> } = {},
    status = 200,
  ) => {
    const summary = await summariseAccount(summaryDepsOf(ctx), account);
    const publicUrl = ctx.config.server.publicUrl;
    const withoutOverrides = { ...account, spEntityIdOverride: null, replyUrlOverride: null };
    sendView(
      res,
      "admin/accounts/overview",
      {
        title: account.displayName,
        flash: takeFlash(req),
        summary,
        advanced: extra.advanced ?? {
          displayName: account.displayName,
          spEntityIdOverride: account.spEntityIdOverride ?? "",
          replyUrlOverride: account.replyUrlOverride ?? "",
          urlProfile: account.urlProfile ?? "",
          allowSha1: account.sso.allowSha1,
          requireResponseSignature: account.sso.requireResponseSignature,
          forceAuthn: account.sso.forceAuthn,
          nameIdPolicyFormat: account.sso.nameIdPolicyFormat,
          idpLogoutUrl: account.sso.idpLogoutUrl,
          signAuthnRequests: account.sso.signAuthnRequests,
          encryptedAssertions: account.sso.encryptedAssertions,
        },
        spKeys: (await ctx.spKeys.list(account.id)).map(viewOf),
        nameIdPolicyFormats: NAME_ID_POLICY_FORMATS,
        defaults: {
          entityId: metadataUrl(withoutOverrides, publicUrl),
          replyUrl: replyUrl(withoutOverrides, publicUrl),
          sloUrl: singleLogoutUrl(account, publicUrl),
        },
        urlProfiles: URL_PROFILE_IDS.map((id) => ({ id, label: URL_PROFILE_LABELS[id] })),
        instanceProfile: URL_PROFILE_LABELS[ctx.accounts.urls.profile],
        errors: extra.errors ?? [],
      },
      status,
    );
  };

  router.get("/accounts/:id", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    await showOverview(req, res, account);
  });

  router.get("/accounts/:id/settings", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    res.redirect(302, settingsPathOf(account));
  });

  router.post("/accounts/:id/advanced", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const input: AdvancedSettingsInput = {
      displayName: formText(req, "displayName", 1000),
      spEntityIdOverride: formText(req, "spEntityIdOverride", 4096),
      replyUrlOverride: formText(req, "replyUrlOverride", 4096),
      urlProfile: formText(req, "urlProfile", 20),
      allowSha1: formFlag(req, "allowSha1"),
      requireResponseSignature: formFlag(req, "requireResponseSignature"),
      forceAuthn: formFlag(req, "forceAuthn"),
      nameIdPolicyFormat: formText(req, "nameIdPolicyFormat", 40),
      idpLogoutUrl: formText(req, "idpLogoutUrl", 2100),
      httpOrigins: httpOriginsOf(ctx),
      signAuthnRequests: formFlag(req, "signAuthnRequests"),
      encryptedAssertions: formFlag(req, "encryptedAssertions"),
    };
    const check = checkAdvancedSettings(input);
    if (!check.ok) return showOverview(req, res, account, { advanced: input, errors: check.errors }, 400);
    const { displayName, spEntityIdOverride, replyUrlOverride, urlProfile } = check.settings;
    const updated = await ctx.accounts.update(account.id, {
      displayName,
      spEntityIdOverride,
      replyUrlOverride,
      urlProfile,
      sso: accountOptionsOf(check.settings),
    });
    await ctx.spKeys.ensureKeysFor(updated);
    addFlash(req, "ok", "Advanced settings saved.");
    if (
      spEntityIdOverride !== account.spEntityIdOverride ||
      replyUrlOverride !== account.replyUrlOverride ||
      urlProfile !== account.urlProfile
    ) {
      addFlash(
        req,
        "warn",
        "The Mitel Identifier, Reply URL or Sign-on URLs may have changed: update Basic SAML Configuration in Entra to match.",
      );
    }
    if (updated.sso.allowSha1 && !account.sso.allowSha1) {
      addFlash(
        req,
        "warn",
        "SHA-1 signatures are now accepted for this account. Entra signs with SHA-256 unless told otherwise.",
      );
    }
    if (updated.sso.requireResponseSignature && !account.sso.requireResponseSignature) {
      addFlash(
        req,
        "warn",
        "Responses must now be signed as well as their assertion: in Entra, set Signing Option to Sign SAML response and assertion.",
      );
    }
    await redirectWithFlash(req, res, accountPath(account));
  });

  return router;
}
