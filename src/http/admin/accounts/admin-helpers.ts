import type { Request, Response } from "express";
import type { SummaryDeps } from "../../../accounts/account-summary.js";
import type { SaveSsoDeps } from "../../../accounts/settings/save-sso-settings.js";
import type { AppContext } from "../../../context.js";
import type { AccountRecord } from "../../../domain/account.js";
import { saveSession } from "../../session.js";

export type FlashKind = "ok" | "warn" | "error";

/** A message for the next page (after a redirect), kept in the session. */
export function addFlash(req: Request, kind: FlashKind, text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

/**
 * 303 to the next page, after storing the session when it carries a flash for that page: left to
 * express-session, the save could finish after the browser has already loaded the next page, and
 * the message would be missing there (and show up one page later). See saveSession.
 */
export async function redirectWithFlash(req: Request, res: Response, location: string): Promise<void> {
  if (req.session.flash?.length) await saveSession(req);
  res.redirect(303, location);
}

export function takeFlash(req: Request): Array<{ kind: FlashKind; text: string }> {
  const flash = req.session.flash ?? [];
  if (req.session.flash) delete req.session.flash;
  return flash;
}

/** A text field of a urlencoded form; anything else (missing, repeated, nested) reads as "". */
export function formText(req: Request, name: string, maxLength = 512 * 1024): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const value = body[name];
  return typeof value === "string" ? value.slice(0, maxLength) : "";
}

/** A check box: present (any value) means ticked. */
export function formFlag(req: Request, name: string): boolean {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return typeof body[name] === "string";
}

export function queryText(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === "string" ? value.slice(0, 200) : "";
}

export function accountPath(account: Pick<AccountRecord, "id">, suffix = ""): string {
  return `/admin/accounts/${encodeURIComponent(account.id)}${suffix}`;
}

/** Plain http is allowed for localhost, and for the configured simulator (whatever its host). */
export function httpOriginsOf(ctx: AppContext): string[] {
  if (!ctx.config.simulator.enabled) return [];
  try {
    return [new URL(ctx.config.simulatorPublicUrl).origin];
  } catch {
    return [];
  }
}

/** What saving SSO settings needs, for the settings form and the API alike. */
export function saveSsoDepsOf(ctx: AppContext): SaveSsoDeps {
  return { accounts: ctx.accounts, now: ctx.now, httpOrigins: httpOriginsOf(ctx) };
}

export function summaryDepsOf(ctx: AppContext): SummaryDeps {
  return {
    directory: ctx.directory,
    signIns: ctx.signIns,
    publicUrl: ctx.config.server.publicUrl,
    now: ctx.now,
    httpOrigins: httpOriginsOf(ctx),
  };
}
