import { type Request, type Response, Router } from "express";
import { summariseAccount } from "../../../accounts/account-summary.js";
import { importFederationMetadata } from "../../../accounts/settings/federation-metadata-import.js";
import { summariseImport } from "../../../accounts/settings/import-summary.js";
import { saveSsoSettings } from "../../../accounts/settings/save-sso-settings.js";
import type { FieldMessage, SsoSettingsInput } from "../../../accounts/settings/validate-sso-settings.js";
import type { AppContext } from "../../../context.js";
import type { AccountRecord } from "../../../domain/account.js";
import { platformOf } from "../../../platforms/index.js";
import { sendView } from "../../views.js";
import {
  accountPath,
  addFlash,
  formFlag,
  formText,
  redirectWithFlash,
  saveSsoDepsOf,
  summaryDepsOf,
  takeFlash,
} from "./admin-helpers.js";
import { isSsoActivated } from "./platform-guard.js";

interface SettingsPage {
  form: SsoSettingsInput;
  errors?: FieldMessage[];
  warnings?: FieldMessage[];
  imported?: { filled: string[]; notes: string[] };
  importError?: string;
  importText?: string;
}

function storedForm(account: AccountRecord): SsoSettingsInput {
  return {
    enabled: account.sso.enabled,
    idpSignInUrl: account.sso.idpSignInUrl,
    idpEntityId: account.sso.idpEntityId,
    idpCertificate: account.sso.idpCertificates.join("\n"),
    mitelCredentialsAllowed: account.sso.mitelCredentialsAllowed,
  };
}

/**
 * The SSO settings of an account, on the platform's own screen: MiCloud's "Connect Single Sign-On
 * Settings" or CloudLink's Microsoft Entra Single Sign On panel (Complete Setup). Same route, same
 * rules (src/accounts/settings), different words. Saving is refused as a whole when a value is
 * wrong; warnings come back with the saved page.
 */
export function ssoSettingsRoutes(ctx: AppContext): Router {
  const router = Router();

  const show = async (
    req: Request,
    res: Response,
    account: AccountRecord,
    page: SettingsPage,
    status = 200,
  ) => {
    const summary = await summariseAccount(summaryDepsOf(ctx), account);
    // Each portal's own settings screen: views/admin/accounts/{platform}-sso-settings.eta.
    sendView(
      res,
      `admin/accounts/${account.platform}-sso-settings`,
      {
        title: platformOf(account.platform).wording.settingsTitle,
        flash: takeFlash(req),
        summary,
        errors: [],
        warnings: [],
        ...page,
      },
      status,
    );
  };

  /** The settings exist once the add-on is activated (MiCloud) or the integration added (CloudLink). */
  const notOpenYet = async (req: Request, res: Response, account: AccountRecord): Promise<boolean> => {
    const platform = platformOf(account.platform);
    const open =
      platform.ssoOpensWith === "integration" ? account.sso.integrationAdded : isSsoActivated(account);
    if (open) return false;
    addFlash(req, "warn", platform.wording.ssoFeatureFirst);
    await redirectWithFlash(req, res, accountPath(account, platform.wording.ssoFeaturePath));
    return true;
  };

  router.get("/accounts/:id/sso", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    if (await notOpenYet(req, res, account)) return;
    await show(req, res, account, { form: storedForm(account) });
  });

  router.post("/accounts/:id/sso", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const form: SsoSettingsInput = {
      enabled: formFlag(req, "enabled"),
      idpSignInUrl: formText(req, "idpSignInUrl", 8192),
      idpEntityId: formText(req, "idpEntityId", 8192),
      idpCertificate: formText(req, "idpCertificate"),
      mitelCredentialsAllowed: formFlag(req, "mitelCredentialsAllowed"),
    };
    const saved = await saveSsoSettings(saveSsoDepsOf(ctx), account, form);
    if (!saved.ok)
      return show(req, res, account, { form, errors: saved.errors, warnings: saved.warnings }, 400);
    const updated = saved.account;
    addFlash(
      req,
      "ok",
      updated.sso.enabled
        ? "Settings saved. Single Sign-On is enabled."
        : "Settings saved. Single Sign-On is not enabled.",
    );
    for (const warning of saved.warnings) addFlash(req, "warn", warning.message);
    await redirectWithFlash(req, res, accountPath(account, "/sso"));
  });

  router.post("/accounts/:id/sso/import", async (req, res) => {
    const account = await ctx.accounts.require(req.params.id);
    const text = formText(req, "metadataXml");
    const result = importFederationMetadata(text);
    if (!result.ok) {
      return show(
        req,
        res,
        account,
        { form: storedForm(account), importError: result.message, importText: text },
        400,
      );
    }
    const { values } = result;
    const stored = storedForm(account);
    const form: SsoSettingsInput = {
      ...stored,
      idpSignInUrl: values.signInUrl ?? stored.idpSignInUrl,
      idpEntityId: values.entityId ?? stored.idpEntityId,
      idpCertificate:
        values.certificates.length > 0
          ? values.certificates.map((c) => c.pem).join("")
          : stored.idpCertificate,
    };
    await show(req, res, account, {
      form,
      imported: summariseImport(values, ctx.accounts.platformOf(account)),
    });
  });

  return router;
}
