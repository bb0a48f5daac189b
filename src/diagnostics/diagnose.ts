import type { AppContext } from "../context.js";
import type { ResponseFacts } from "../saml/inspect-response.js";
import type { SamlFailure } from "../saml/saml-failure.js";
import type { FailureCode } from "../sign-ins/failure-codes.js";
import type { AccountRecord, AuthnRequestRecord, AuthnRequestStore, UserRecord } from "../storage/ports.js";
import { findAadstsCode, lookupAadsts } from "./aadsts-codes.js";
import { decideLikeTheAcs, decisionVerdict, reconcile } from "./acs-decision.js";
import { type CheckInputs, evaluateChecks } from "./check-verdicts.js";
import { expectationsOf, signOnUrlOf } from "./expectations.js";
import { explainFailure } from "./explain-failure.js";
import { describeSignatures } from "./signature-info.js";
import { statefulChecks } from "./stateful-checks.js";
import { timeFacts } from "./time-facts.js";
import type {
  AadstsInfo,
  Diagnosis,
  Expectations,
  SignatureVerification,
  UserMatchInfo,
  Verdict,
} from "./types.js";
import { type AccountLookup, matchUser, type UserLookup } from "./user-near-miss.js";
import { verifySignatureOnly } from "./verify-signature.js";

export { decideLikeTheAcs } from "./acs-decision.js";

const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

export interface DiagnosisDeps {
  publicUrl: string;
  clockSkewMs: number;
  requestTtlMs: number;
  directory: UserLookup;
  accounts: AccountLookup;
  authnRequests: Pick<AuthnRequestStore, "get">;
}

export function diagnosisDepsOf(ctx: AppContext): DiagnosisDeps {
  return {
    publicUrl: ctx.config.server.publicUrl,
    clockSkewMs: ctx.config.server.clockSkewSeconds * 1000,
    requestTtlMs: ctx.config.server.requestTtlMinutes * 60_000,
    directory: ctx.directory,
    accounts: ctx.accounts,
    authnRequests: ctx.storage.authnRequests,
  };
}

export interface DiagnoseInput {
  account: AccountRecord;
  /** What the message says about itself; null when it could not be decoded or parsed. */
  facts: ResponseFacts | null;
  samlResponse: string | null;
  /** Epoch ms the checks are evaluated at: the arrival at the ACS, or the time chosen in Analyze. */
  at: number;
  /**
   * "acs": `failure` is the ACS's decision (null = accepted) and is never changed. "analyze": the
   * engine decides the way the ACS would, without request IDs, cookies or the replay cache.
   */
  mode: "acs" | "analyze";
  failure: SamlFailure | null;
  /** ACS: true when node-saml accepted the signature (then it is not verified again). */
  signatureVerified?: boolean;
  /**
   * ACS, after an accepted sign-in: the request as consumed and the user matched, which the
   * engine would otherwise read again (two queries on every sign-in).
   */
  known?: { request: AuthnRequestRecord; user: UserRecord };
}

/**
 * The explanation engine: every check's verdict, the signature and certificates, the times, the
 * AADSTS code, the user match with its near-misses, and one cause with the exact fix. Reads only:
 * it never consumes a request ID, starts a session or changes what the ACS decided.
 */
export async function diagnose(deps: DiagnosisDeps, input: DiagnoseInput): Promise<Diagnosis> {
  const { account, facts, at } = input;
  const expectations = expectationsOf(account, deps.publicUrl, at);
  const signOnUrl = signOnUrlOf(account, deps.publicUrl);
  const base = { expectations, evaluatedAt: new Date(at).toISOString() };

  if (!facts) {
    const f = input.failure;
    const code = f?.code ?? "SAML_RESPONSE_MALFORMED";
    const verdicts: Verdict[] = [decisionVerdict(code, f)];
    const explained = explainFailure({
      code,
      account,
      failure: f,
      expectations,
      verdicts,
      signature: null,
      times: null,
      aadsts: null,
      userMatch: null,
      signOnUrl,
      request: null,
      requestTtlMinutes: Math.round(deps.requestTtlMs / 60_000),
      at,
    });
    return {
      ...base,
      code,
      ...explained,
      verdicts,
      signature: null,
      times: null,
      aadsts: null,
      userMatch: null,
    };
  }

  const check = await signatureCheck(deps, input);
  const signature = describeSignatures(
    facts,
    account.sso.idpCertificates,
    at,
    check.verification,
    check.detail,
  );
  const times = facts.assertion ? timeFacts(facts, at, deps.clockSkewMs) : null;
  const aadsts =
    facts.isResponse && facts.statusCode !== SUCCESS ? aadstsOf(facts, expectations, signOnUrl) : null;
  const known = input.known?.request.id === facts.inResponseTo ? input.known : undefined;
  const request = known
    ? known.request
    : facts.inResponseTo
      ? ((await deps.authnRequests.get(account.id, facts.inResponseTo)) ?? null)
      : null;
  const nameId = facts.assertion?.nameId ?? null;
  const userMatch: UserMatchInfo | null =
    nameId?.trim() && !facts.assertion?.nameIdHasMarkup
      ? await matchUser(
          deps,
          account,
          nameId,
          facts.assertion?.nameIdFormat ?? null,
          facts.assertion?.attributes ?? [],
          known?.user,
        )
      : null;

  const checks: CheckInputs = {
    facts,
    expectations,
    signature,
    at,
    skewMs: deps.clockSkewMs,
    ...statefulChecks(input, request, at),
    userMatch,
  };
  let verdicts = evaluateChecks(checks);
  let code: FailureCode | null;
  if (input.mode === "acs") {
    code = input.failure?.code ?? null;
    if (input.failure) verdicts = reconcile(verdicts, input.failure);
  } else {
    code = decideLikeTheAcs(verdicts);
  }
  if (code === null) {
    return {
      ...base,
      code,
      cause: "Every check passed.",
      fix: "",
      hints: [],
      verdicts,
      signature,
      times,
      aadsts,
      userMatch,
    };
  }
  const explained = explainFailure({
    code,
    account,
    failure: input.failure,
    expectations,
    verdicts,
    signature,
    times,
    aadsts,
    userMatch,
    signOnUrl,
    request,
    requestTtlMinutes: Math.round(deps.requestTtlMs / 60_000),
    at,
  });
  return { ...base, code, ...explained, verdicts, signature, times, aadsts, userMatch };
}

async function signatureCheck(
  deps: DiagnosisDeps,
  input: DiagnoseInput,
): Promise<{ verification: SignatureVerification; detail: string }> {
  if (input.signatureVerified)
    return { verification: "valid", detail: "verified with a configured certificate" };
  const facts = input.facts;
  if (!input.samlResponse || !facts?.isResponse)
    return { verification: "not-checked", detail: "no response to verify" };
  if (facts.signatures.length === 0)
    return { verification: "not-checked", detail: "the response carries no signature" };
  if (!facts.assertion) return { verification: "not-checked", detail: "the response carries no assertion" };
  // Shapes the ACS refuses before node-saml (extra assertions or signatures: wrapping attempts)
  // are not verified for the explanation either: their verdicts already say what is wrong.
  if (facts.assertionsAnywhere > 1 || facts.encryptedAssertionCount > 0 || facts.signatures.length > 2) {
    return { verification: "not-checked", detail: "not verified: the response's structure is refused first" };
  }
  try {
    return await verifySignatureOnly(input.account, deps.publicUrl, input.samlResponse, facts.responseSigned);
  } catch (err) {
    return {
      verification: "not-checked",
      detail: err instanceof Error ? err.message : "verification failed to run",
    };
  }
}

function aadstsOf(facts: ResponseFacts, expectations: Expectations, signOnUrl: string): AadstsInfo {
  const code = findAadstsCode(facts.statusMessage);
  const entry = lookupAadsts(code, {
    entityId: expectations.spEntityId,
    replyUrl: expectations.replyUrl,
    signOnUrl,
  });
  return {
    code,
    statusCode: facts.statusCode,
    statusSubCode: facts.statusSubCode,
    message: facts.statusMessage?.split(/\r?\n/)[0]?.trim() ?? null,
    meaning: entry?.meaning ?? null,
    fix: entry?.fix ?? null,
  };
}
