import { type Request, type Response, Router } from "express";
import type { AppContext } from "../../context.js";
import type { AccountRecord } from "../../domain/account.js";
import type { UserRecord } from "../../domain/user.js";
import { AppError } from "../../errors.js";
import { allPlatforms, appFor, type Platform, platformOf, type SignOnApp } from "../../platforms/index.js";
import type { PlatformId } from "../../platforms/platform-id.js";
import { csrfProtection, exposeCsrfToken } from "../csrf.js";
import { saveSession } from "../session.js";
import { startSsoDepsOf } from "../sign-in-deps.js";
import { startSso } from "../start-sso.js";
import { sendView } from "../views.js";

/**
 * The Sign-on URLs (DESIGN §5). Without a session: Mitel's sign-in page (username or email,
 * Next), then the account (a chooser when several match) and its Single Sign On button, plus a
 * password field only where Mitel credentials are allowed. `?account=` starts SSO at once.
 * With a session for the platform: the app's landing page.
 */
export function signOnRoutes(ctx: AppContext): Router {
  const router = Router();
  for (const platform of allPlatforms()) {
    for (const app of platform.apps) {
      router.get(app.path, exposeCsrfToken, (req, res) => showSignOn(ctx, req, res, platform, app));
    }
    router.post(`/${platform.id}/sign-on`, csrfProtection, exposeCsrfToken, (req, res) =>
      handleSignOnStep(ctx, req, res, platform),
    );
  }
  return router;
}

async function showSignOn(ctx: AppContext, req: Request, res: Response, platform: Platform, app: SignOnApp) {
  const identity = req.session.identities?.[platform.id];
  if (identity) {
    const account = await ctx.accounts.get(identity.accountId);
    return sendView(res, "landing", { title: app.name, platform, app, identity, account });
  }
  const accountId = typeof req.query.account === "string" ? req.query.account : null;
  if (accountId) {
    const account = await ctx.accounts.get(accountId);
    if (!account || account.platform !== platform.id) {
      throw new AppError(
        "ACCOUNT_NOT_FOUND",
        `There is no ${platform.wording.productName} account "${accountId}".`,
        {
          status: 404,
          fix: "Check the account id in the Sign-on URL (…?account=<account-id>).",
        },
      );
    }
    return startSso(startSsoDepsOf(ctx), req, res, account, app.path, null);
  }
  sendView(res, "sign-on", { title: `Sign in to ${app.name}`, platform, app, step: "login", login: "" });
}

interface SignOnForm {
  step?: unknown;
  login?: unknown;
  app?: unknown;
  accountId?: unknown;
  password?: unknown;
}

async function handleSignOnStep(ctx: AppContext, req: Request, res: Response, platform: Platform) {
  const form = (req.body ?? {}) as SignOnForm;
  const app = appFor(platform, typeof form.app === "string" ? form.app : null);
  const login = typeof form.login === "string" ? form.login.trim().slice(0, 320) : "";
  const show = (data: Record<string, unknown>, status = 200) =>
    sendView(res, "sign-on", { title: `Sign in to ${app.name}`, platform, app, login, ...data }, status);

  if (!login) return show({ step: "login", error: `Enter your ${platform.loginLabel.toLowerCase()}.` }, 400);
  const matches = await findAccounts(ctx, platform.id, login);
  if (matches.length === 0) {
    return show(
      {
        step: "login",
        error: `We could not find a ${platform.wording.productName} user with that ${platform.loginLabel.toLowerCase()}.`,
      },
      404,
    );
  }
  const chosen =
    typeof form.accountId === "string" ? matches.find((m) => m.account.id === form.accountId) : undefined;
  if (!chosen) {
    if (matches.length > 1) return show({ step: "choose", matches });
    return show({ step: "account", match: matches[0], ...offers(matches[0] as Match) });
  }

  if (form.step === "sso") {
    // Not offered to a user who is not active (see offers()); refused here too if posted anyway.
    if (!offers(chosen).ssoAvailable) return show({ step: "account", match: chosen, ...offers(chosen) }, 403);
    return startSso(startSsoDepsOf(ctx), req, res, chosen.account, app.path, login);
  }
  if (form.step === "password") {
    const { passwordAllowed } = offers(chosen);
    const password = typeof form.password === "string" ? form.password : "";
    const ok =
      passwordAllowed &&
      chosen.user.status === "active" &&
      (await ctx.directory.checkPassword(chosen.user, password));
    if (!ok) {
      return show(
        {
          step: "account",
          match: chosen,
          ...offers(chosen),
          error: "That password is not right for this user.",
        },
        401,
      );
    }
    await signInWithPassword(ctx, req, chosen);
    // Stored before the redirect: the landing page must find the new session (see saveSession).
    await saveSession(req);
    return res.redirect(303, app.path);
  }
  return show({ step: "account", match: chosen, ...offers(chosen) });
}

interface Match {
  account: AccountRecord;
  user: UserRecord;
}

async function findAccounts(ctx: AppContext, platform: PlatformId, login: string): Promise<Match[]> {
  const users = await ctx.directory.discover(platform, login);
  const matches: Match[] = [];
  for (const user of users) {
    const account = await ctx.accounts.get(user.accountId);
    if (account) matches.push({ account, user });
  }
  return matches;
}

/**
 * What Mitel would say to a user who cannot sign in at all, before any Single Sign On: a
 * deactivated user, or one not yet activated (MiCloud Connect) or registered (CloudLink), which
 * Mitel completes from the email it sends.
 */
function notActiveMessage(platform: PlatformId, status: Exclude<UserRecord["status"], "active">): string {
  if (status === "disabled") {
    return "This user has been deactivated. Contact your administrator to have it activated again.";
  }
  return platformOf(platform).wording.notActiveYetMessage;
}

/**
 * Single Sign On when SSO is on and the user is active; a password where Mitel credentials are
 * allowed, or SSO is off and the user has one. A user who is not active is offered neither (it
 * would only fail at the ACS with USER_NOT_ACTIVE) and is told why instead.
 */
function offers(match: Match): { ssoAvailable: boolean; passwordAllowed: boolean; notActive: string | null } {
  const platform = platformOf(match.account.platform);
  const status = match.user.status;
  if (status !== "active")
    return {
      ssoAvailable: false,
      passwordAllowed: false,
      notActive: notActiveMessage(match.account.platform, status),
    };
  const ssoAvailable = match.account.sso.enabled;
  const hasPassword = match.user.passwordHash !== null;
  const passwordAllowed =
    hasPassword &&
    (!ssoAvailable || (platform.supportsMitelCredentials && match.account.sso.mitelCredentialsAllowed));
  return { ssoAvailable, passwordAllowed, notActive: null };
}

async function signInWithPassword(ctx: AppContext, req: Request, match: Match) {
  const previous = req.session.identities ?? {};
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(err) : resolve())),
  );
  const platform = platformOf(match.account.platform);
  const nameId =
    platform.loginField === "username" ? (match.user.username ?? match.user.email) : match.user.email;
  req.session.identities = {
    ...previous,
    [match.account.platform]: {
      accountId: match.account.id,
      userId: match.user.id,
      userName: match.user.name,
      nameId,
      nameIdFormat: null,
      sessionIndex: null,
      authnInstant: new Date(ctx.now()).toISOString(),
      claims: [],
      requestId: "",
      relayState: null,
      signedInAt: ctx.now(),
      method: "password",
    },
  };
  await ctx.signIns.add({
    accountId: match.account.id,
    outcome: "success",
    nameId,
    nameIdFormat: null,
    userId: match.user.id,
    requestId: null,
    relayState: null,
    details: { stage: "password", method: "Mitel credentials" },
  });
}
