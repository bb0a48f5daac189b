import type { Request, Response } from "express";
import type { AppContext } from "../../context.js";
import type { AccountRecord } from "../../domain/account.js";
import { singleSignOutOn } from "../../domain/account.js";
import { failure, type SamlFailure } from "../../errors.js";
import { defaultFix } from "../../failure-codes.js";
import { platformOf } from "../../platforms/index.js";
import { checkLogoutMessage, type LogoutCheckInput } from "../../saml/logout/check-logout-message.js";
import type { LogoutMessage } from "../../saml/logout/decode-logout-message.js";
import { answerLogoutRequest } from "../../saml/logout/start-logout.js";
import { clientInfo } from "../client-info.js";
import { saveSession } from "../session.js";
import { sendSignInFailure } from "../sign-in-failure.js";
import { endSessionAndShowSignedOut } from "./end-session.js";

/** The most of a refused message's XML kept in its sign-in log record. */
const MAX_RECORDED_XML = 4096;

/**
 * GET /{platform}/{account}/saml/logout, the account's Single Logout endpoint (HTTP-Redirect):
 * - SAMLResponse: Entra's LogoutResponse to the LogoutRequest this browser sent at Sign out;
 *   checked (check-logout-message.ts), then the waiting session ends and the page says whether
 *   Entra confirmed it.
 * - SAMLRequest: a LogoutRequest from Entra (a sign-out started in Entra or another app); checked
 *   the same way, then this browser's identity with that NameID (and SessionIndex) ends and Entra
 *   gets a LogoutResponse at its Logout URL.
 * Every refusal is a 4xx failure page with its code, and a sign-in log record (stage "sign-out").
 */
export async function singleLogoutEndpoint(
  ctx: AppContext,
  req: Request,
  res: Response,
  account: AccountRecord,
): Promise<void> {
  if (!singleSignOutOn(account.sso)) {
    return refuse(
      ctx,
      req,
      res,
      account,
      failure("SLO_NOT_CONFIGURED", "Single sign-out is off for this account."),
      null,
    );
  }
  const input: Omit<LogoutCheckInput, "expectedRequestId"> = {
    account,
    publicUrl: ctx.config.server.publicUrl,
    clockSkewMs: ctx.config.server.clockSkewSeconds * 1000,
    requestTtlMs: ctx.config.server.requestTtlMinutes * 60_000,
    query: req.query as Record<string, unknown>,
    originalQuery: rawQuery(req),
  };
  if (req.query.SAMLResponse !== undefined) return logoutResponse(ctx, req, res, input);
  if (req.query.SAMLRequest !== undefined) return logoutRequest(ctx, req, res, input);
  return refuse(
    ctx,
    req,
    res,
    account,
    failure(
      "SLO_MESSAGE_MALFORMED",
      "The Single Logout endpoint was opened without a SAMLRequest or SAMLResponse.",
    ),
    null,
  );
}

/** SP-initiated, second half: Entra's answer to our LogoutRequest. */
async function logoutResponse(
  ctx: AppContext,
  req: Request,
  res: Response,
  input: Omit<LogoutCheckInput, "expectedRequestId">,
): Promise<void> {
  const pending = req.session.pendingLogout;
  const expectedRequestId =
    pending && pending.accountId === input.account.id && pending.expiresAt > ctx.now()
      ? pending.requestId
      : null;
  const check = await checkLogoutMessage("LogoutResponse", { ...input, expectedRequestId });
  if (!check.ok) {
    // The local session ended at Sign out already; only the one-time request ID is used up here.
    if (expectedRequestId !== null && check.failure.code !== "SLO_UNKNOWN_REQUEST") {
      delete req.session.pendingLogout;
      await saveSession(req);
    }
    return refuse(ctx, req, res, input.account, check.failure, check.message);
  }
  ctx.log.info(
    { account: input.account.id, requestId: expectedRequestId },
    "single sign-out: Entra confirmed",
  );
  endSessionAndShowSignedOut(req, res, { wasSignedIn: true, entraSignedOut: true });
}

/** IdP-initiated: Entra asks this service to end the session of one NameID. */
async function logoutRequest(
  ctx: AppContext,
  req: Request,
  res: Response,
  input: Omit<LogoutCheckInput, "expectedRequestId">,
): Promise<void> {
  const { account } = input;
  const check = await checkLogoutMessage("LogoutRequest", input);
  if (!check.ok) return refuse(ctx, req, res, account, check.failure, check.message);
  const { message } = check;
  const platform = account.platform;
  const identity = req.session.identities?.[platform];
  let success = true;
  if (identity && identity.accountId === account.id) {
    const sameUser = identity.nameId === message.nameId;
    const sameSession =
      message.sessionIndexes.length === 0 ||
      (identity.sessionIndex !== null && message.sessionIndexes.includes(identity.sessionIndex));
    if (sameUser && sameSession) {
      delete req.session.identities?.[platform];
    } else {
      // Another user's (or another sign-in's) session in this browser is not Entra's to end.
      success = false;
    }
  }
  await saveSession(req);
  const relayState = typeof req.query.RelayState === "string" ? req.query.RelayState.slice(0, 1024) : null;
  const location = await answerLogoutRequest({
    account,
    publicUrl: input.publicUrl,
    clockSkewMs: input.clockSkewMs,
    requestTtlMs: input.requestTtlMs,
    requestId: message.id ?? "",
    success,
    relayState,
  });
  ctx.log.info(
    { account: account.id, requestId: message.id, ended: success && identity?.accountId === account.id },
    "single sign-out: LogoutRequest from Entra answered",
  );
  res.redirect(302, location);
}

async function refuse(
  ctx: AppContext,
  req: Request,
  res: Response,
  account: AccountRecord,
  f: SamlFailure,
  message: LogoutMessage | null,
): Promise<void> {
  const fix = defaultFix(f.code, platformOf(account.platform).wording);
  const traceId = await ctx.signIns.add({
    accountId: account.id,
    outcome: "failure",
    failureCode: f.code,
    cause: f.reason,
    fix,
    nameId: message?.nameId ?? null,
    nameIdFormat: null,
    userId: null,
    requestId: message?.inResponseTo ?? null,
    relayState: null,
    client: clientInfo(req),
    details: {
      stage: "sign-out",
      logoutMessage: message
        ? {
            kind: message.kind,
            id: message.id,
            issuer: message.issuer,
            xml: message.xml.slice(0, MAX_RECORDED_XML),
          }
        : null,
      verdicts: f.check
        ? [{ check: f.check, expected: f.expected ?? "", actual: f.actual ?? "", pass: false }]
        : [],
    },
  });
  ctx.log.warn({ account: account.id, code: f.code, traceId }, "single sign-out refused");
  sendSignInFailure(req, res, { failure: f, traceId, fix, signOut: true });
}

/** The query string exactly as it arrived: the redirect binding's signature covers these bytes. */
function rawQuery(req: Request): string {
  const at = req.originalUrl.indexOf("?");
  return at === -1 ? "" : req.originalUrl.slice(at + 1);
}
