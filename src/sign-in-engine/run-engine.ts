import { expectationsOf } from "../diagnostics/expectations.js";
import type { Verdict } from "../diagnostics/types.js";
import type { AccountRecord } from "../domain/account.js";
import type { AttemptFacts, EngineMode } from "./attempt.js";
import type { Check, CheckOutcome } from "./check.js";
import { SIGN_IN_STEPS, type Step } from "./check-list.js";
import type { EnginePorts } from "./ports.js";

/**
 * accepted: every check passed. rejected: a check failed (the first one decides).
 * accepted-if-request-known (Analyze only): every check passed but the request's state, which
 * this service cannot vouch for (a captured response, a request issued elsewhere or used up):
 * the ACS would refuse it now with the code given, for that reason alone.
 */
export type EngineOutcome = "accepted" | "rejected" | "accepted-if-request-known";

export interface EngineInput {
  mode: EngineMode;
  account: AccountRecord;
  /** The posted SAMLResponse form field as it arrived (a string, or anything a client sent). */
  samlResponse: unknown;
  at: number;
  skewMs: number;
  requestTtlMs: number;
  /**
   * Analyze: false when evaluating at another time than now, where the request's state (pending
   * or not at that time) is not known: it then never decides, it is only named.
   */
  requestStateIsCurrent?: boolean;
}

export interface EngineResult {
  outcome: EngineOutcome;
  /** The failing verdict that decided (null when accepted). */
  decisive: (Verdict & { reason: string }) | null;
  verdicts: Verdict[];
  facts: AttemptFacts;
}

export function toVerdict(check: Check, o: CheckOutcome, f: AttemptFacts): Verdict {
  const code = ("code" in o && o.code) || check.code;
  const expected = ("expected" in o && o.expected) || check.expects(f);
  const actual = o.status === "skip" ? o.reason : o.status === "unknown" ? (o.actual ?? o.reason) : o.actual;
  const hint = "hint" in o && o.hint ? o.hint : o.status === "unknown" ? o.reason : null;
  return {
    id: check.id,
    check: check.title,
    code,
    status: o.status,
    pass: o.status === "pass",
    expected,
    actual,
    ...(hint ? { hint } : {}),
  };
}

/**
 * Runs the sign-in engine: the ACS to decide (with its effects: the request consumed, the
 * assertion remembered), Analyze read-only. Both run the same steps; only the ports differ.
 */
export async function runEngine(
  ports: EnginePorts,
  input: EngineInput,
  steps: readonly Step[] = SIGN_IN_STEPS,
): Promise<EngineResult> {
  const f: AttemptFacts = {
    mode: input.mode,
    account: input.account,
    expectations: expectationsOf(input.account, ports.publicUrl, input.at),
    at: input.at,
    skewMs: input.skewMs,
    requestTtlMs: input.requestTtlMs,
    samlResponse: typeof input.samlResponse === "string" ? input.samlResponse : null,
    posted: input.samlResponse,
  };
  const verdicts: Verdict[] = [];
  // The first failing check decides, in the ACS's order. Analyze goes on past the request's state
  // (a captured response, a request issued elsewhere or used up) to judge everything else; at a
  // chosen time that state is unknowable, so it does not decide there.
  let decisive: EngineResult["decisive"] = null;
  let requestRefusal: EngineResult["decisive"] = null;
  let otherFailure = false;
  for (const step of steps) {
    if ("gather" in step) {
      const blocked = input.mode === "acs" ? decisive !== null : otherFailure;
      if (!blocked || step.gather.explains) await step.gather.run(f, ports);
      continue;
    }
    const outcome = step.check.evaluate(f);
    const verdict = toVerdict(step.check, outcome, f);
    verdicts.push(verdict);
    if (outcome.status !== "fail") continue;
    const failed = { ...verdict, reason: outcome.reason };
    if (input.mode === "analyze" && step.check.requestState) {
      requestRefusal ??= failed;
      if (input.requestStateIsCurrent !== false) decisive ??= failed;
    } else {
      decisive ??= failed;
      otherFailure = true;
    }
  }
  const outcome: EngineOutcome = otherFailure
    ? "rejected"
    : requestRefusal
      ? "accepted-if-request-known"
      : "accepted";
  decisive ??= requestRefusal;
  return { outcome, decisive, verdicts, facts: f };
}
