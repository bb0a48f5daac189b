import type { Request, Response } from "express";
import type { AppContext } from "../../context.js";
import type { AccountRecord } from "../../domain/account.js";
import { accountBasePath, replyUrl } from "../../saml/sp-identifiers.js";
import { ensureBindingNonce } from "../browser-binding.js";
import { requestHost, servedUrls } from "./served-urls.js";

/**
 * Sign-in when the Sign-on URL and the Reply URL are on different hosts (the Mitel-shaped URLs:
 * portal.shoretelsky.com and authentication.api.mitel.io are even different sites). Cookies
 * belong to one host, and the ACS accepts a response only from the browser that started the
 * request (its binding cookie), so the request must start on the Reply URL's host:
 *
 * 1. Sign-on host: sets its own binding cookie P, redirects to the ACS host's login route with
 *    `handoff` = SHA-256(P) and `return` = this host.
 * 2. ACS host: remembers {handoff, return} in its own session, starts SSO as usual (binding A).
 * 3. Entra posts to the ACS (binding A checked as always); the ticket hop to /complete stays on
 *    the ACS host, which then finds the hand-off and issues a second one-time ticket bound to
 *    SHA-256(P), redeemed on the sign-on host by the browser holding P.
 *
 * Only SHA-256(P) travels in a URL, never P; a ticket is useless without P, so a hand-off URL
 * crafted by someone else can at most make a sign-in fail, never sign a browser in as another.
 */
export interface Handoff {
  bindingHash: string;
  returnOrigin: string;
}

/** The ACS host's login URL to go to first, or null when this host is the Reply URL's (or PUBLIC_URL's). */
export function crossHostLoginUrl(
  limits: { publicUrl: string; requestTtlMs: number },
  req: Request,
  res: Response,
  account: AccountRecord,
  landingPath: string,
  loginHint: string | null,
): string | null {
  // Only the Mitel-shaped profile splits hosts by design. With this service's own URLs (and an
  // override, e.g. a reverse proxy's address) the sign-in starts where the Reply URL is served.
  if (!account.mitelUrls) return null;
  const acs = new URL(replyUrl(account, limits.publicUrl));
  const acsHost = acs.host.toLowerCase();
  const here = requestHost(req);
  if (acsHost === here || acsHost === new URL(limits.publicUrl).host.toLowerCase()) return null;
  const binding = ensureBindingNonce(req, res, limits.requestTtlMs);
  const params = new URLSearchParams({ RelayState: landingPath, handoff: binding.hash, return: here });
  if (loginHint) params.set("login_hint", loginHint);
  return `${acs.origin}${accountBasePath(account)}/login?${params.toString()}`;
}

/** Step 2: a valid hand-off in the login URL is kept in this host's session, per account. */
export function rememberHandoff(ctx: AppContext, req: Request, account: AccountRecord): boolean {
  const hash = typeof req.query.handoff === "string" ? req.query.handoff : "";
  const back = typeof req.query.return === "string" ? req.query.return.toLowerCase() : "";
  // Only hosts this service answers at: the hand-off must never become an open redirect.
  if (!/^[0-9a-f]{64}$/.test(hash) || !servedUrls(ctx).returnHosts.has(back)) return false;
  req.session.ssoHandoffs = {
    ...req.session.ssoHandoffs,
    [account.id]: { bindingHash: hash, returnOrigin: `${req.protocol}://${back}` },
  };
  return true;
}

/** Step 3: the hand-off of this account, removed from the session (used once). */
export function takeHandoff(req: Request, accountId: string): Handoff | null {
  const handoff = req.session.ssoHandoffs?.[accountId];
  if (!handoff) return null;
  const { [accountId]: _used, ...rest } = req.session.ssoHandoffs ?? {};
  req.session.ssoHandoffs = rest;
  return handoff;
}
