import type { Request } from "express";
import type { AppContext } from "../../../context.js";
import type { AccountRecord } from "../../../domain/account.js";
import { notFound } from "../../../errors.js";
import type { SignInDetailDeps } from "../../../sign-ins/sign-in-details.js";

export async function accountFromPath(ctx: AppContext, req: Request): Promise<AccountRecord> {
  const id = String(req.params.id ?? "");
  const account = await ctx.accounts.get(id);
  if (!account) throw notFound(`Account "${id}"`);
  return account;
}

export function detailDepsOf(ctx: AppContext): SignInDetailDeps {
  return { signIns: ctx.signIns, publicUrl: ctx.config.server.publicUrl, now: ctx.now };
}

export function signInsPath(account: Pick<AccountRecord, "id">, suffix = ""): string {
  return `/admin/accounts/${encodeURIComponent(account.id)}/sign-ins${suffix}`;
}

/** "2026-11-26 10:00:05 UTC": the log shows UTC, as Entra's sign-in logs can. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
