import type { Request, RequestHandler, Response } from "express";
import type passport from "passport";
import type { AppContext } from "../context.js";
import { type AcsDetails, xmlToStore } from "../diagnostics/record-details.js";
import { summariseResponse } from "../diagnostics/response-summary.js";
import type { Diagnosis } from "../diagnostics/types.js";
import type { AccountRecord } from "../domain/account.js";
import { failure, type SamlFailure } from "../errors.js";
import { accountBasePath } from "../saml/sp-identifiers.js";
import { responseOf } from "../sign-in-engine/attempt.js";
import { diagnosisOf } from "../sign-in-engine/explain.js";
import { identityOf, type SignedInIdentity } from "../sign-in-engine/identity.js";
import type { EnginePorts } from "../sign-in-engine/ports.js";
import { type EngineResult, runEngine } from "../sign-in-engine/run-engine.js";
import { readBindingNonce } from "./browser-binding.js";
import { clientInfo } from "./client-info.js";
import { validateWithPassport } from "./saml-strategy.js";
import { sendSignInFailure } from "./sign-in-failure.js";
import { issueSignInTicket } from "./sign-in-ticket.js";

/**
 * POST /{platform}/{account}/saml/acs: a thin adapter over the sign-in engine. HTTP concerns
 * stay here (which account, which binding, the record, the page, the hand-over ticket); every
 * check, node-saml's included, is the engine's (src/sign-in-engine/check-list.ts), and the record
 * keeps the verdicts it computed.
 */
export function acsHandler(ctx: AppContext, saml: passport.PassportStatic): RequestHandler {
  return async (req, res) => {
    const samlResponse =
      typeof req.body?.SAMLResponse === "string" ? (req.body.SAMLResponse as string) : null;
    const account = await findAccount(ctx, req);
    if ("code" in account) return refuseWithoutAccount(ctx, req, res, account);
    const binding = refuseOtherBindings(req);
    if (binding) return refuseWithoutAccount(ctx, req, res, binding, account);

    const result = await runEngine(enginePorts(ctx, saml, req, res), {
      mode: "acs",
      account,
      samlResponse: req.body?.SAMLResponse,
      at: ctx.now(),
      skewMs: ctx.config.server.clockSkewSeconds * 1000,
      requestTtlMs: ctx.config.server.requestTtlMinutes * 60_000,
    });
    const diagnosis = diagnosisOf(result, ctx.config.server.publicUrl);
    const identity = identityOf(result);
    if (identity) return startSession(ctx, req, res, account, samlResponse, result, diagnosis, identity);
    return recordFailure(ctx, req, res, account, samlResponse, result, diagnosis);
  };
}

function enginePorts(
  ctx: AppContext,
  saml: passport.PassportStatic,
  req: Request,
  res: Response,
): EnginePorts {
  return {
    publicUrl: ctx.config.server.publicUrl,
    requests: ctx.storage.authnRequests,
    directory: ctx.directory,
    accounts: ctx.accounts,
    validate: (options) => validateWithPassport(saml, req, res, options),
    acs: {
      browserNonce: readBindingNonce(req),
      consume: (accountId, id, now) => ctx.storage.authnRequests.consume(accountId, id, now),
      replays: ctx.storage.replays,
    },
  };
}

async function findAccount(ctx: AppContext, req: Request): Promise<AccountRecord | SamlFailure> {
  const { platform, accountId } = req.params as { platform: string; accountId: string };
  const account = await ctx.accounts.get(accountId);
  if (!account || account.platform !== platform) {
    return failure("ACCOUNT_NOT_FOUND", `There is no ${platform} account "${accountId}" here.`, {
      check: "account",
      expected: "an existing account of this platform",
      actual: `${platform}/${accountId}`,
    });
  }
  return account;
}

/** The ACS takes the HTTP-POST binding of a Response only (passport would also run other flows). */
function refuseOtherBindings(req: Request): SamlFailure | null {
  const query = req.query as Record<string, unknown>;
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (query.SAMLResponse === undefined && query.SAMLRequest === undefined && body.SAMLRequest === undefined)
    return null;
  return failure(
    "SAML_MESSAGE_UNEXPECTED",
    "The ACS accepts only a SAMLResponse posted as a form (HTTP-POST binding).",
    {
      check: "binding",
      expected: "POST form field SAMLResponse",
      actual: body.SAMLRequest !== undefined ? "SAMLRequest in the form" : "SAML message in the query string",
    },
  );
}

function relayStateOf(req: Request): string | null {
  return typeof req.body?.RelayState === "string" ? String(req.body.RelayState).slice(0, 512) : null;
}

function detailsOf(
  result: EngineResult | null,
  diagnosis: Diagnosis | null,
  samlResponse: string | null,
): AcsDetails {
  const facts = result ? responseOf(result.facts) : null;
  const xml = result?.facts.decoded?.ok ? result.facts.decoded.xml : null;
  return {
    stage: "acs",
    diagnosis,
    response: facts ? summariseResponse(facts) : null,
    ...xmlToStore(xml, samlResponse),
    matchedUser: diagnosis?.userMatch?.matchedUser ?? null,
  };
}

/** Refused before the engine ran (no such account, another binding): recorded when there is an account. */
async function refuseWithoutAccount(
  ctx: AppContext,
  req: Request,
  res: Response,
  f: SamlFailure,
  account?: AccountRecord,
): Promise<void> {
  const samlResponse = typeof req.body?.SAMLResponse === "string" ? (req.body.SAMLResponse as string) : null;
  const traceId = account
    ? await ctx.signIns.add({
        accountId: account.id,
        outcome: "failure",
        failureCode: f.code,
        cause: f.reason,
        fix: null,
        nameId: null,
        nameIdFormat: null,
        userId: null,
        requestId: null,
        relayState: relayStateOf(req),
        samlResponse,
        client: clientInfo(req),
        details: { ...detailsOf(null, null, samlResponse), acsReason: f.reason },
      })
    : `NOACCOUNT-${ctx.now().toString(36).toUpperCase()}`;
  ctx.log.info({ traceId, code: f.code, account: account?.id }, "sign-in failed");
  sendSignInFailure(req, res, { failure: f, traceId });
}

async function recordFailure(
  ctx: AppContext,
  req: Request,
  res: Response,
  account: AccountRecord,
  samlResponse: string | null,
  result: EngineResult,
  diagnosis: Diagnosis,
): Promise<void> {
  const d = result.decisive;
  const f: SamlFailure = d
    ? failure(d.code, d.reason, { check: d.check, expected: d.expected, actual: d.actual })
    : failure("SAML_RESPONSE_MALFORMED", "The sign-in could not be completed.");
  const assertion = responseOf(result.facts)?.assertion;
  const traceId = await ctx.signIns.add({
    accountId: account.id,
    outcome: "failure",
    failureCode: f.code,
    cause: diagnosis.cause,
    fix: diagnosis.fix || null,
    nameId: assertion?.nameId ?? null,
    nameIdFormat: assertion?.nameIdFormat ?? null,
    userId: diagnosis.userMatch?.matchedUser?.id ?? null,
    requestId: responseOf(result.facts)?.inResponseTo ?? null,
    relayState: relayStateOf(req),
    samlResponse,
    client: clientInfo(req),
    details: { ...detailsOf(result, diagnosis, samlResponse), acsReason: f.reason },
  });
  ctx.log.info({ traceId, code: f.code, account: account.id }, "sign-in failed");
  sendSignInFailure(req, res, {
    failure: { ...f, reason: diagnosis.cause },
    traceId,
    ...(diagnosis.fix ? { fix: diagnosis.fix } : {}),
  });
}

/**
 * The response is accepted: hand the identity over to the browser's own session through a
 * one-time ticket (see sign-in-ticket.ts: this cross-site POST does not carry the session
 * cookie, so a session started here would replace the browser's), then record the success.
 */
async function startSession(
  ctx: AppContext,
  req: Request,
  res: Response,
  account: AccountRecord,
  samlResponse: string | null,
  result: EngineResult,
  diagnosis: Diagnosis,
  identity: SignedInIdentity,
) {
  const ticket = await issueSignInTicket(ctx, req, identity, account.platform);
  const traceId = await ctx.signIns.add({
    accountId: account.id,
    outcome: "success",
    nameId: identity.nameId,
    nameIdFormat: identity.nameIdFormat,
    userId: identity.userId,
    requestId: identity.requestId,
    relayState: identity.relayState,
    samlResponse,
    client: clientInfo(req),
    details: {
      ...detailsOf(result, diagnosis, samlResponse),
      claims: identity.claims,
      sessionIndex: identity.sessionIndex,
      method: identity.method,
    },
  });
  req.log.info({ traceId, account: account.id }, "signed in");
  res.redirect(303, `${accountBasePath(account)}/complete?ticket=${encodeURIComponent(ticket)}`);
}
