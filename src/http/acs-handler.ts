import type { Request, RequestHandler, Response } from "express";
import type passport from "passport";
import { type AcsDetails, xmlToStore } from "../diagnostics/record-details.js";
import { summariseResponse } from "../diagnostics/response-summary.js";
import type { Diagnosis } from "../diagnostics/types.js";
import type { AccountLookup, UserLookup } from "../diagnostics/user-near-miss.js";
import type { AccountRecord } from "../domain/account.js";
import { failure, type SamlFailure } from "../errors.js";
import type { Logger } from "../log.js";
import { accountBasePath } from "../saml/sp-identifiers.js";
import { responseOf } from "../sign-in-engine/attempt.js";
import { diagnosisOf } from "../sign-in-engine/explain.js";
import { identityOf, type SignedInIdentity } from "../sign-in-engine/identity.js";
import type { EnginePorts } from "../sign-in-engine/ports.js";
import { type EngineResult, runEngine } from "../sign-in-engine/run-engine.js";
import type { SignInLog } from "../sign-ins/sign-in-log.js";
import type { AuthnRequestStore, ReplayStore } from "../storage/ports.js";
import { readBindingNonce } from "./browser-binding.js";
import { clientInfo } from "./client-info.js";
import { validateWithPassport } from "./saml-strategy.js";
import { sendSignInFailure } from "./sign-in-failure.js";
import { issueSignInTicket, type TicketStore } from "./sign-in-ticket.js";

/**
 * POST /{platform}/{account}/saml/acs: a thin adapter over the sign-in engine. HTTP concerns
 * stay here (which account, which binding, the record, the page, the hand-over ticket); every
 * check, node-saml's included, is the engine's (src/sign-in-engine/check-list.ts), and the record
 * keeps the verdicts it computed.
 */
/** Where the ACS is routed; the body limit and the session skip are mounted on the same path. */
export const ACS_ROUTE = "/:platform/:accountId/saml/acs";

/** What the ACS uses, named (built from the service's context in sign-in-deps.ts). */
export interface AcsDeps {
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  now: () => number;
  log: Logger;
  accounts: AccountLookup;
  directory: UserLookup;
  authnRequests: Pick<AuthnRequestStore, "get" | "consume">;
  replays: Pick<ReplayStore, "remember">;
  signIns: Pick<SignInLog, "add">;
  tickets: TicketStore;
  /** The account's decryption keys (mock-only encrypted assertions). */
  decryptionKeys: EnginePorts["decryptionKeys"];
}

export function acsHandler(deps: AcsDeps, saml: passport.PassportStatic): RequestHandler {
  return async (req, res) => {
    const samlResponse =
      typeof req.body?.SAMLResponse === "string" ? (req.body.SAMLResponse as string) : null;
    const account = await findAccount(deps, req);
    if ("code" in account) return refuseWithoutAccount(deps, req, res, account);
    const binding = refuseOtherBindings(req);
    if (binding) return refuseWithoutAccount(deps, req, res, binding, account);

    const result = await runEngine(enginePorts(deps, saml, req, res), {
      mode: "acs",
      account,
      samlResponse: req.body?.SAMLResponse,
      at: deps.now(),
      skewMs: deps.clockSkewMs,
      requestTtlMs: deps.requestTtlMs,
    });
    const diagnosis = diagnosisOf(result, deps.publicUrl);
    const identity = identityOf(result);
    if (identity) return startSession(deps, req, res, account, samlResponse, result, diagnosis, identity);
    return recordFailure(deps, req, res, account, samlResponse, result, diagnosis);
  };
}

function enginePorts(deps: AcsDeps, saml: passport.PassportStatic, req: Request, res: Response): EnginePorts {
  return {
    publicUrl: deps.publicUrl,
    requests: deps.authnRequests,
    directory: deps.directory,
    accounts: deps.accounts,
    decryptionKeys: deps.decryptionKeys,
    validate: (options) => validateWithPassport(saml, req, res, options),
    acs: {
      browserNonce: readBindingNonce(req),
      consume: (accountId, id, now) => deps.authnRequests.consume(accountId, id, now),
      replays: deps.replays,
    },
  };
}

async function findAccount(deps: AcsDeps, req: Request): Promise<AccountRecord | SamlFailure> {
  const { platform, accountId } = req.params as { platform: string; accountId: string };
  const account = await deps.accounts.get(accountId);
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
  deps: AcsDeps,
  req: Request,
  res: Response,
  f: SamlFailure,
  account?: AccountRecord,
): Promise<void> {
  const samlResponse = typeof req.body?.SAMLResponse === "string" ? (req.body.SAMLResponse as string) : null;
  const traceId = account
    ? await deps.signIns.add({
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
    : `NOACCOUNT-${deps.now().toString(36).toUpperCase()}`;
  deps.log.info({ traceId, code: f.code, account: account?.id }, "sign-in failed");
  sendSignInFailure(req, res, { failure: f, traceId });
}

async function recordFailure(
  deps: AcsDeps,
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
  const traceId = await deps.signIns.add({
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
  deps.log.info({ traceId, code: f.code, account: account.id }, "sign-in failed");
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
  deps: AcsDeps,
  req: Request,
  res: Response,
  account: AccountRecord,
  samlResponse: string | null,
  result: EngineResult,
  diagnosis: Diagnosis,
  identity: SignedInIdentity,
) {
  const ticket = await issueSignInTicket(deps.tickets, req, identity, account.platform);
  const traceId = await deps.signIns.add({
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
