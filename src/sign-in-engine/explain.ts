import { findAadstsCode, lookupAadsts } from "../diagnostics/aadsts-codes.js";
import { signOnUrlOf } from "../diagnostics/expectations.js";
import { explainFailure } from "../diagnostics/explain-failure.js";
import { timeFacts } from "../diagnostics/time-facts.js";
import type { AadstsInfo, Diagnosis } from "../diagnostics/types.js";
import { responseOf, SUCCESS } from "./attempt.js";
import type { EngineResult } from "./run-engine.js";

/**
 * The diagnosis of an attempt from the verdicts the engine computed: the cause and fix of the
 * deciding check, the signature, the times, the AADSTS code and the user match. Evaluates nothing
 * again: the ACS stores it as it decided.
 */
export function diagnosisOf(result: EngineResult, publicUrl: string): Diagnosis {
  const f = result.facts;
  const r = responseOf(f);
  const signOnUrl = signOnUrlOf(f.account, publicUrl);
  const base = {
    outcome: result.outcome,
    expectations: f.expectations,
    evaluatedAt: new Date(f.at).toISOString(),
    verdicts: result.verdicts,
    signature: f.signature ?? null,
    times: r?.assertion ? timeFacts(r, f.at, f.skewMs) : null,
    aadsts: r?.isResponse && r.statusCode !== SUCCESS ? aadstsOf(r, f.expectations, signOnUrl) : null,
    userMatch: f.userMatch ?? null,
  };
  const d = result.decisive;
  if (!d) return { ...base, code: null, cause: "Every check passed.", fix: "", hints: [] };
  const request = f.request && "record" in f.request ? f.request.record : null;
  const explained = explainFailure({
    code: d.code,
    account: f.account,
    failure: { code: d.code, reason: d.reason, check: d.check, expected: d.expected, actual: d.actual },
    expectations: f.expectations,
    verdicts: result.verdicts,
    signature: base.signature,
    times: base.times,
    aadsts: base.aadsts,
    userMatch: base.userMatch,
    signOnUrl,
    request,
    requestTtlMinutes: Math.round(f.requestTtlMs / 60_000),
    at: f.at,
    mode: f.mode,
  });
  return { ...base, code: d.code, ...explained };
}

function aadstsOf(
  r: NonNullable<ReturnType<typeof responseOf>>,
  expectations: Diagnosis["expectations"],
  signOnUrl: string,
): AadstsInfo {
  const code = findAadstsCode(r.statusMessage);
  const entry = lookupAadsts(code, {
    entityId: expectations.spEntityId,
    replyUrl: expectations.replyUrl,
    signOnUrl,
  });
  return {
    code,
    statusCode: r.statusCode,
    statusSubCode: r.statusSubCode,
    message: r.statusMessage?.split(/\r?\n/)[0]?.trim() ?? null,
    meaning: entry?.meaning ?? null,
    fix: entry?.fix ?? null,
  };
}
