import type { AssertionFacts, SubjectConfirmationFacts } from "../../saml/inspect-response.js";
import type { AttemptFacts } from "../attempt.js";
import { assertionOf, iso, timeOf } from "../attempt.js";
import type { Check, CheckOutcome } from "../check.js";
import { fail, pass, skip } from "../check.js";
import { nodeSamlRefused } from "./after-signature.js";

/**
 * Conditions NotBefore / NotOnOrAfter and node-saml's subject confirmation window. node-saml
 * decides them at arrival; Analyze at a chosen time turns node-saml's clock checks off, and these
 * apply node-saml's rule at that time: NotBefore ≤ t + skew and t − skew < NotOnOrAfter, and at
 * least one SubjectConfirmationData inside its own window.
 */
interface Limit {
  /** e.g. "Conditions NotOnOrAfter 2026-…": the one time that applies. */
  text: string;
}

type ConfirmationState = "no-data" | "expired" | "not-yet-valid" | "live";

/** node-saml's rule for one SubjectConfirmation: it needs SubjectConfirmationData, inside its window. */
function confirmationState(f: AttemptFacts, c: SubjectConfirmationFacts): ConfirmationState {
  if (c.recipient === null && c.notOnOrAfter === null && c.notBefore === null && c.inResponseTo === null)
    return "no-data";
  const end = timeOf(c.notOnOrAfter);
  if (end !== null && f.at - f.skewMs >= end) return "expired";
  const start = timeOf(c.notBefore);
  if (start !== null && f.at + f.skewMs < start) return "not-yet-valid";
  return "live";
}

/** The one limit that applies: the earliest end that has passed (the Conditions' on a tie). */
function expiredLimit(f: AttemptFacts, a: AssertionFacts): Limit | null {
  const candidates: Array<{ at: number; text: string }> = [];
  const conditionsEnd = timeOf(a.notOnOrAfter);
  if (conditionsEnd !== null && f.at - f.skewMs >= conditionsEnd)
    candidates.push({ at: conditionsEnd, text: `Conditions NotOnOrAfter ${a.notOnOrAfter}` });
  const states = a.subjectConfirmations.map((c) => ({ c, state: confirmationState(f, c) }));
  if (states.length > 0 && !states.some((s) => s.state === "live")) {
    if (states.every((s) => s.state === "no-data"))
      return { text: "no SubjectConfirmationData (no subject confirmation with a time window)" };
    for (const { c, state } of states) {
      const end = timeOf(c.notOnOrAfter);
      if (state === "expired" && end !== null)
        candidates.push({ at: end, text: `SubjectConfirmationData NotOnOrAfter ${c.notOnOrAfter}` });
    }
  }
  candidates.sort((x, y) => x.at - y.at);
  return candidates[0] ?? null;
}

/** Conditions NotBefore, or a subject confirmation whose window has not begun (and none other open). */
function notYetValid(f: AttemptFacts, a: AssertionFacts): Limit | null {
  const start = timeOf(a.notBefore);
  if (start !== null && f.at + f.skewMs < start) return { text: `Conditions NotBefore ${a.notBefore}` };
  const states = a.subjectConfirmations.map((c) => ({ c, state: confirmationState(f, c) }));
  const waiting = states.find((s) => s.state === "not-yet-valid");
  if (waiting && !states.some((s) => s.state === "live"))
    return { text: `SubjectConfirmationData NotBefore ${waiting.c.notBefore}` };
  return null;
}

function timeCheck(kind: "expired" | "not-yet-valid"): Check {
  const code = kind === "expired" ? "ASSERTION_EXPIRED" : "ASSERTION_NOT_YET_VALID";
  const limitOf = kind === "expired" ? expiredLimit : notYetValid;
  const refuse = (limit: Limit | null): CheckOutcome =>
    kind === "expired"
      ? fail(`The assertion expired (${limit?.text ?? "NotOnOrAfter"}).`, limit?.text ?? "(none)")
      : fail(`The assertion is not valid yet (${limit?.text ?? "NotBefore"}).`, limit?.text ?? "(none)");
  return {
    id: kind === "expired" ? "not-on-or-after" : "not-before",
    code,
    title: kind === "expired" ? "NotOnOrAfter" : "NotBefore",
    expects: (f) =>
      kind === "expired"
        ? `after ${iso(f.at)} (−${Math.round(f.skewMs / 1000)} s skew)`
        : `at or before ${iso(f.at)} (+${Math.round(f.skewMs / 1000)} s skew)`,
    evaluate(f) {
      const a = assertionOf(f);
      if (!f.nodeSaml || !a) return skip("not reached");
      const shown =
        kind === "expired"
          ? [
              ...new Set(
                [a.notOnOrAfter, ...a.subjectConfirmations.map((c) => c.notOnOrAfter)].filter(
                  (x): x is string => x !== null,
                ),
              ),
            ].join(", ") || "(none)"
          : (a.notBefore ?? "(none)");
      // node-saml's time checks are off, so it never passed these: it refused, or the rule is ours.
      if (nodeSamlRefused(f, code)) return refuse(limitOf(f, a));
      const limit = limitOf(f, a);
      return limit ? refuse(limit) : pass(shown);
    },
  };
}

export const notOnOrAfterCheck = timeCheck("expired");
export const notBeforeCheck = timeCheck("not-yet-valid");
