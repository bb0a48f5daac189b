import type { Request, Response } from "express";
import type { AppContext } from "../../context.js";
import type { AccountRecord } from "../../domain/account.js";
import { singleSignOutOn } from "../../domain/account.js";
import { startLogout } from "../../saml/logout/start-logout.js";
import type { SignedInIdentity } from "../../sign-in-engine/identity.js";
import { saveSession } from "../session.js";
import { endSessionAndShowSignedOut } from "./end-session.js";

/**
 * GET|POST /logout. The local session always ends here, at once: a sign-out must never leave the
 * user signed in, whatever Entra answers later. When a signed-in identity's account has single
 * sign-out on (Entra's Logout URL set, mock only), the browser then goes to Entra with a
 * LogoutRequest; the session keeps only that request's ID, which the LogoutResponse must answer
 * at the Single Logout endpoint (sign-out/single-logout-endpoint.ts).
 */
export async function signOut(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const identities = Object.values(req.session?.identities ?? {}).filter(
    (i): i is SignedInIdentity => i !== undefined,
  );
  const target = await singleSignOutTarget(ctx, identities);
  if (!target) {
    endSessionAndShowSignedOut(req, res, { wasSignedIn: identities.length > 0 });
    return;
  }
  const { account, identity } = target;
  const requestTtlMs = ctx.config.server.requestTtlMinutes * 60_000;
  let sent: { redirectUrl: string; requestId: string };
  try {
    sent = await startLogout({
      account,
      publicUrl: ctx.config.server.publicUrl,
      clockSkewMs: ctx.config.server.clockSkewSeconds * 1000,
      requestTtlMs,
      nameId: identity.nameId,
      nameIdFormat: identity.nameIdFormat,
      sessionIndex: identity.sessionIndex,
    });
  } catch (err) {
    // The user asked to sign out: a LogoutRequest that cannot be built must not stop that.
    ctx.log.error(
      { err, account: account.id },
      "single sign-out: LogoutRequest not built; signed out locally",
    );
    endSessionAndShowSignedOut(req, res, { wasSignedIn: true });
    return;
  }
  const { redirectUrl, requestId } = sent;
  // A fresh session id: the signed-in one is over (and must not be the one that waits for Entra).
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(err) : resolve())),
  );
  req.session.pendingLogout = { accountId: account.id, requestId, expiresAt: ctx.now() + requestTtlMs };
  await saveSession(req);
  ctx.log.info({ account: account.id, requestId }, "single sign-out: LogoutRequest sent to Entra");
  res.redirect(302, redirectUrl);
}

/** The first SSO identity whose account (still) has single sign-out on. */
async function singleSignOutTarget(
  ctx: AppContext,
  identities: SignedInIdentity[],
): Promise<{ account: AccountRecord; identity: SignedInIdentity } | null> {
  for (const identity of identities) {
    if (identity.method !== "sso" || !identity.nameId) continue;
    const account = await ctx.accounts.get(identity.accountId);
    if (account && singleSignOutOn(account.sso)) return { account, identity };
  }
  return null;
}
