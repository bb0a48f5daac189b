import type { Request, Response } from "express";
import type { AppContext } from "../context.js";
import { AppError } from "../errors.js";
import { isPlatformId, platformOf } from "../platforms/index.js";
import { accountBasePath } from "../saml/sp-identifiers.js";
import { secretsEqual } from "../security/passwords.js";
import { newSecret, sha256Hex } from "../security/random-ids.js";
import type { SignedInIdentity } from "../sign-in-engine/identity.js";
import type { SessionStorePort } from "../storage/ports.js";
import { readBindingNonce } from "./browser-binding.js";
import { takeHandoff } from "./hosts/cross-host-sign-in.js";
import { landingPathOnHost, requestHost } from "./hosts/served-urls.js";
import { safeLandingPath } from "./relay-state.js";

/**
 * Hand-over from the ACS to the browser's own session. The ACS POST arrives cross-site from
 * Entra, so the SameSite=Lax session cookie is not sent with it: starting the session there would
 * replace the browser's session (signing the operator out of /admin, dropping a sign-in to the
 * other platform). Instead the ACS stores the accepted identity under a one-time ticket, bound to
 * the same browser cookie as the request, and redirects; the GET that follows is a top-level
 * navigation, which carries the Lax cookie, so the identity joins the existing session there.
 */
const TICKET_PREFIX = "sso-ticket:";
const TICKET_TTL_MS = 60_000;

/** What storing a ticket needs: the table it is kept in (the session store) and the clock. */
export interface TicketStore {
  sessions: Pick<SessionStorePort, "set">;
  now: () => number;
}

interface TicketData {
  identity: SignedInIdentity;
  platform: string;
  bindingHash: string;
}

export async function issueSignInTicket(
  tickets: TicketStore,
  req: Request,
  identity: SignedInIdentity,
  platform: string,
): Promise<string> {
  const nonce = readBindingNonce(req);
  // The ACS only accepts responses to requests bound to this browser, so the cookie is here.
  if (!nonce)
    throw new AppError("SIGN_IN_TICKET_INVALID", "The sign-in cookie of this browser is missing.", {
      status: 400,
    });
  return storeTicket(tickets, { identity, platform, bindingHash: sha256Hex(nonce) });
}

async function storeTicket(tickets: TicketStore, data: TicketData): Promise<string> {
  const ticket = newSecret(24);
  await tickets.sessions.set({
    sid: `${TICKET_PREFIX}${ticket}`,
    data: JSON.stringify(data),
    expiresAt: tickets.now() + TICKET_TTL_MS,
  });
  return ticket;
}

/** GET /{platform}/{account}/saml/complete?ticket=…: one use, same browser, then the landing page. */
export async function redeemSignInTicket(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const ticket =
    typeof req.query.ticket === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(req.query.ticket)
      ? req.query.ticket
      : null;
  // Read and deleted in one statement: a ticket redeemed twice at once signs in once.
  const row = ticket ? await ctx.storage.sessions.take(`${TICKET_PREFIX}${ticket}`, ctx.now()) : undefined;
  const data = row ? (JSON.parse(row.data) as TicketData) : null;
  const nonce = readBindingNonce(req);
  const sameBrowser = data !== null && nonce !== null && secretsEqual(sha256Hex(nonce), data.bindingHash);
  const { platform, accountId } = req.params as { platform: string; accountId: string };
  if (
    !isPlatformId(platform) ||
    !data ||
    !sameBrowser ||
    data.platform !== platform ||
    data.identity.accountId !== accountId
  ) {
    throw new AppError(
      "SIGN_IN_TICKET_INVALID",
      "This sign-in link has expired or was opened in another browser.",
      {
        status: 400,
        fix: "Start again from the Sign-on URL.",
      },
    );
  }
  const identity = data.identity;
  // Started on another host (cross-host-sign-in.ts): a second ticket, bound to that host's cookie.
  const handoff = takeHandoff(req, accountId);
  if (handoff) {
    const next = await storeTicket(
      { sessions: ctx.storage.sessions, now: ctx.now },
      { identity, platform, bindingHash: handoff.bindingHash },
    );
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    const base = accountBasePath({ id: accountId, platform });
    return res.redirect(303, `${handoff.returnOrigin}${base}/complete?ticket=${encodeURIComponent(next)}`);
  }
  const previous = { identities: req.session.identities ?? {}, operator: req.session.operator };
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(err) : resolve())),
  );
  req.session.identities = { ...previous.identities, [platform]: identity };
  if (previous.operator) req.session.operator = previous.operator;
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
  const landing = safeLandingPath(identity.relayState, platformOf(platform));
  res.redirect(303, landingPathOnHost(ctx, requestHost(req), landing));
}
