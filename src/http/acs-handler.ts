import type { Request, RequestHandler, Response } from "express";
import type passport from "passport";
import { ssoNotReady } from "../accounts/sso-readiness.js";
import type { AppContext } from "../context.js";
import { diagnose, diagnosisDepsOf } from "../diagnostics/diagnose.js";
import { type AcsDetails, xmlToStore } from "../diagnostics/record-details.js";
import { refineSignatureFailure } from "../diagnostics/refine-signature-failure.js";
import { summariseResponse } from "../diagnostics/response-summary.js";
import { describeSignatures } from "../diagnostics/signature-info.js";
import type { Diagnosis } from "../diagnostics/types.js";
import { decodeSamlResponse } from "../saml/decode-saml-response.js";
import type { ResponseFacts } from "../saml/inspect-response.js";
import { mapLibraryError } from "../saml/map-library-error.js";
import { oversizedSamlResponse, parseSamlMessage } from "../saml/parse-saml-message.js";
import { precheckResponse } from "../saml/precheck-response.js";
import { failure, type SamlFailure } from "../saml/saml-failure.js";
import { accountBasePath, replyUrl, spEntityId } from "../saml/sp-identifiers.js";
import { acsSamlOptions, completionDepsOf, precheckSettingsOf } from "../sign-ins/acs-settings.js";
import { completeSignIn, type SignedInIdentity, type VerifiedProfile } from "../sign-ins/complete-sign-in.js";
import type { AccountRecord, AuthnRequestRecord, UserRecord } from "../storage/ports.js";
import { readBindingNonce } from "./browser-binding.js";
import { clientInfo } from "./client-info.js";
import { validateWithPassport } from "./saml-strategy.js";
import { sendSignInFailure } from "./sign-in-failure.js";
import { issueSignInTicket } from "./sign-in-ticket.js";

/** What one ACS attempt knows so far; every step adds to it, the record gets all of it. */
interface Attempt {
  account?: AccountRecord;
  samlResponse: string | null;
  /** The decoded XML, once decoding succeeded. */
  xml?: string;
  facts?: ResponseFacts;
  /** node-saml accepted the signature (the diagnosis then does not verify it again). */
  signatureVerified?: boolean;
  /** Accepted: the request as consumed and the user matched (the diagnosis reuses them). */
  accepted?: { request: AuthnRequestRecord; user: UserRecord };
}

type Step<T> = { ok: true; value: T } | { ok: false; failure: SamlFailure };
const pass = <T>(value: T): Step<T> => ({ ok: true, value });
const stop = (f: SamlFailure): Step<never> => ({ ok: false, failure: f });

/**
 * POST /{platform}/{account}/saml/acs, as a list of named steps:
 * find account → refuse other bindings → decode → parse and inspect → SSO enabled → structural
 * prechecks → node-saml (signature, timing, audience, InResponseTo) → our checks on the signed
 * assertion, one-time request ID bound to the browser, replay, user match → new session → record.
 */
export function acsHandler(ctx: AppContext, saml: passport.PassportStatic): RequestHandler {
  return async (req, res) => {
    const samlResponse =
      typeof req.body?.SAMLResponse === "string" ? (req.body.SAMLResponse as string) : null;
    const attempt: Attempt = { samlResponse };
    const result = await runSteps(ctx, saml, req, res, attempt);
    if (!result.ok) return recordFailure(ctx, req, res, attempt, result.failure, null);
    return startSession(ctx, req, res, attempt, result.value);
  };
}

async function runSteps(
  ctx: AppContext,
  saml: passport.PassportStatic,
  req: Request,
  res: Response,
  attempt: Attempt,
): Promise<Step<SignedInIdentity>> {
  const account = await findAccount(ctx, req);
  if (!account.ok) return account;
  attempt.account = account.value;

  const binding = refuseOtherBindings(req);
  if (!binding.ok) return binding;

  const oversized = oversizedSamlResponse(req.body?.SAMLResponse);
  if (oversized) return stop(oversized);
  const decoded = decodeSamlResponse(req.body?.SAMLResponse);
  if (!decoded.ok) return stop(failure(decoded.code, decoded.reason, { check: "SAMLResponse encoding" }));
  attempt.xml = decoded.xml;

  const facts = parseAndInspect(decoded.xml);
  if (!facts.ok) return facts;
  attempt.facts = facts.value;

  const notReady = ssoNotReady(account.value);
  if (notReady) return stop(notReady);

  const structural = precheckResponse(facts.value, precheckSettingsOf(account.value));
  if (structural) return stop(structural);

  const options = acsSamlOptions(ctx, account.value, facts.value.responseSigned);
  const validated = await validateWithPassport(saml, req, res, options);
  if (!validated.ok)
    return stop(await explainLibraryFailure(ctx, account.value, facts.value, validated.error));
  attempt.signatureVerified = true;

  const completed = await completeSignIn(completionDepsOf(ctx), {
    account: account.value,
    replyUrl: replyUrl(account.value, ctx.config.server.publicUrl),
    envelope: facts.value,
    profile: validated.profile as VerifiedProfile,
    browserNonce: readBindingNonce(req),
  });
  if (!completed.ok) return stop(completed.failure);
  attempt.accepted = { request: completed.request, user: completed.user };
  return pass(completed.identity);
}

async function findAccount(ctx: AppContext, req: Request): Promise<Step<AccountRecord>> {
  const { platform, accountId } = req.params as { platform: string; accountId: string };
  const account = await ctx.accounts.get(accountId);
  if (!account || account.platform !== platform) {
    return stop(
      failure("ACCOUNT_NOT_FOUND", `There is no ${platform} account "${accountId}" here.`, {
        check: "account",
        expected: "an existing account of this platform",
        actual: `${platform}/${accountId}`,
      }),
    );
  }
  return pass(account);
}

/** The ACS takes the HTTP-POST binding of a Response only (passport would also run other flows). */
function refuseOtherBindings(req: Request): Step<true> {
  const query = req.query as Record<string, unknown>;
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (query.SAMLResponse !== undefined || query.SAMLRequest !== undefined || body.SAMLRequest !== undefined) {
    return stop(
      failure(
        "SAML_MESSAGE_UNEXPECTED",
        "The ACS accepts only a SAMLResponse posted as a form (HTTP-POST binding).",
        {
          check: "binding",
          expected: "POST form field SAMLResponse",
          actual:
            body.SAMLRequest !== undefined ? "SAMLRequest in the form" : "SAML message in the query string",
        },
      ),
    );
  }
  return pass(true);
}

function parseAndInspect(xml: string): Step<ResponseFacts> {
  const parsed = parseSamlMessage(xml);
  return parsed.ok ? pass(parsed.facts) : stop(parsed.failure);
}

/** node-saml's rejection, with our code; the request ID's state tells "replayed" from "unknown". */
async function explainLibraryFailure(
  ctx: AppContext,
  account: AccountRecord,
  facts: ResponseFacts,
  error: unknown,
): Promise<SamlFailure> {
  const mapped = mapLibraryError(error, facts);
  if (mapped.code === "UNKNOWN_REQUEST" && facts.inResponseTo) {
    const request = await ctx.storage.authnRequests.get(account.id, facts.inResponseTo);
    if (request?.consumedAt) {
      return failure("RESPONSE_REPLAYED", "This response's request was already used for a sign-in.", {
        check: "request ID used once",
        expected: "an unused request ID",
        actual: facts.inResponseTo,
      });
    }
  }
  if (mapped.code === "AUDIENCE_MISMATCH") {
    return { ...mapped, expected: spEntityId(account, ctx.config.server.publicUrl) };
  }
  if (mapped.code === "SIGNATURE_INVALID") {
    // Still a rejection; only the code says whether the certificate or the signature is at fault.
    return refineSignatureFailure(mapped, describeSignatures(facts, account.sso.idpCertificates, ctx.now()));
  }
  return mapped;
}

/**
 * The explanation of an attempt, after the decision. Never throws: a failed diagnosis leaves the
 * record with the ACS's own reason and the default fix.
 */
async function explainAttempt(
  ctx: AppContext,
  attempt: Attempt,
  f: SamlFailure | null,
): Promise<Diagnosis | null> {
  if (!attempt.account) return null;
  try {
    return await diagnose(diagnosisDepsOf(ctx), {
      account: attempt.account,
      facts: attempt.facts ?? null,
      samlResponse: attempt.samlResponse,
      at: ctx.now(),
      mode: "acs",
      failure: f,
      signatureVerified: attempt.signatureVerified === true,
      ...(attempt.accepted ? { known: attempt.accepted } : {}),
    });
  } catch (err) {
    ctx.log.warn({ err, code: f?.code }, "could not explain the sign-in");
    return null;
  }
}

function attemptDetails(attempt: Attempt, diagnosis: Diagnosis | null): AcsDetails {
  return {
    stage: "acs",
    diagnosis,
    response: attempt.facts ? summariseResponse(attempt.facts) : null,
    ...xmlToStore(attempt.xml ?? null, attempt.samlResponse),
    matchedUser: diagnosis?.userMatch?.matchedUser ?? null,
  };
}

function relayStateOf(req: Request): string | null {
  return typeof req.body?.RelayState === "string" ? String(req.body.RelayState).slice(0, 512) : null;
}

async function recordFailure(
  ctx: AppContext,
  req: Request,
  res: Response,
  attempt: Attempt,
  f: SamlFailure,
  identity: SignedInIdentity | null,
): Promise<void> {
  const diagnosis = await explainAttempt(ctx, attempt, f);
  const cause = diagnosis?.cause ?? f.reason;
  const fix = diagnosis?.fix || undefined;
  const traceId = attempt.account
    ? await ctx.signIns.add({
        accountId: attempt.account.id,
        outcome: "failure",
        failureCode: f.code,
        cause,
        fix: fix ?? null,
        nameId: attempt.facts?.assertion?.nameId ?? identity?.nameId ?? null,
        nameIdFormat: attempt.facts?.assertion?.nameIdFormat ?? null,
        userId: diagnosis?.userMatch?.matchedUser?.id ?? null,
        requestId: attempt.facts?.inResponseTo ?? null,
        relayState: relayStateOf(req),
        samlResponse: attempt.samlResponse,
        client: clientInfo(req),
        details: { ...attemptDetails(attempt, diagnosis), acsReason: f.reason },
      })
    : `NOACCOUNT-${Date.now().toString(36).toUpperCase()}`;
  ctx.log.info({ traceId, code: f.code, account: attempt.account?.id }, "sign-in failed");
  sendSignInFailure(req, res, { failure: { ...f, reason: cause }, traceId, ...(fix ? { fix } : {}) });
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
  attempt: Attempt,
  identity: SignedInIdentity,
) {
  const account = attempt.account as AccountRecord;
  const ticket = await issueSignInTicket(ctx, req, identity, account.platform);
  const diagnosis = await explainAttempt(ctx, attempt, null);
  const traceId = await ctx.signIns.add({
    accountId: account.id,
    outcome: "success",
    nameId: identity.nameId,
    nameIdFormat: identity.nameIdFormat,
    userId: identity.userId,
    requestId: identity.requestId,
    relayState: identity.relayState,
    samlResponse: attempt.samlResponse,
    client: clientInfo(req),
    details: {
      ...attemptDetails(attempt, diagnosis),
      claims: identity.claims,
      sessionIndex: identity.sessionIndex,
      method: identity.method,
    },
  });
  req.log.info({ traceId, account: account.id }, "signed in");
  res.redirect(303, `${accountBasePath(account)}/complete?ticket=${encodeURIComponent(ticket)}`);
}
