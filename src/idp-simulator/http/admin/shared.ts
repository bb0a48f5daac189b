/** What the admin center's screens share: loading an application, the "saved" notices. */
import type { Request, Response } from "express";
import { NO_FAULTS, type SimApp, type SimFaults, type SimTenant } from "../../state/model.js";
import type { SimulatorContext } from "../context.js";
import { queryField } from "../form-fields.js";
import { sendSimulatorView } from "../views.js";

const SAVED_NOTICES: Record<string, string> = {
  basic: "Basic SAML Configuration saved.",
  signing: "Signing options saved.",
  "certificate-new": "A new certificate was created. It stays inactive until you make it active.",
  "certificate-active":
    "The certificate is now active: responses and the Federation Metadata XML are signed with it.",
  "certificate-removed": "The inactive certificate was removed.",
  claims: "Unique User Identifier (Name ID) saved.",
  "verification-added": "Verification certificate uploaded.",
  "verification-removed": "Verification certificate removed.",
  "verification-required": "Verification certificate settings saved.",
  "token-encryption-added":
    "Token encryption certificate imported. Activate it to encrypt the assertions with it.",
  "token-encryption-removed": "Token encryption certificate removed.",
  "token-encryption-active": "Token encryption certificate activated: assertions are now encrypted with it.",
  "token-encryption-off": "Token encryption is off: assertions are sent unencrypted.",
  users: "Users and groups saved.",
  properties: "Properties saved.",
  faults: "Fault injection saved.",
  "faults-reset": "All faults are off.",
  user: "User created.",
  guest: "Guest user invited.",
  "app-created": "Application added. Set up single sign-on: start with Basic SAML Configuration.",
};

/** Entra: with Require verification certificates on, the portal cannot test (no private key to sign with). */
export const TEST_UNAVAILABLE_WITH_VERIFICATION =
  "Testing is unavailable while “Require verification certificates” is on: Microsoft Entra ID cannot sign a request with the application's private key. Sign in from the application (its Sign-on URL) instead.";

export function noticeFrom(req: Request): string | null {
  const saved = queryField(req, "saved");
  return saved ? (SAVED_NOTICES[saved] ?? null) : null;
}

export function defaultTenant(ctx: SimulatorContext): Promise<SimTenant> {
  return ctx.state.requireTenant(ctx.state.defaultTenantId);
}

/** The application of the URL, or a "not found" page (then undefined). */
export async function loadApp(
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  id: string,
): Promise<SimApp | undefined> {
  const app = await ctx.state.getApp(ctx.state.defaultTenantId, id);
  if (!app) {
    sendSimulatorView(
      res,
      "message",
      {
        title: "Application not found",
        base: req.baseUrl,
        heading: "Application not found",
        text: "There is no enterprise application with this id in the simulated tenant.",
      },
      404,
    );
  }
  return app;
}

export function savedRedirect(req: Request, res: Response, app: SimApp, saved: string, anchor: string): void {
  res.redirect(303, `${req.baseUrl}/apps/${app.id}?saved=${saved}#${anchor}`);
}

export function activeFaultCount(faults: SimFaults): number {
  return (Object.keys(NO_FAULTS) as (keyof SimFaults)[]).filter((key) => faults[key] !== NO_FAULTS[key])
    .length;
}
