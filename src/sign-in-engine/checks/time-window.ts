import type { AttemptFacts } from "../attempt.js";
import { assertionOf, iso, timeOf } from "../attempt.js";
import type { Check, CheckOutcome } from "../check.js";
import { fail, pass, skip } from "../check.js";
import { nodeSamlSaid } from "./after-signature.js";

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

function expiredLimit(f: AttemptFacts): Limit | null {
  const a = assertionOf(f);
  if (!a) return null;
  const t = f.at - f.skewMs;
  const hasData = (c: (typeof a.subjectConfirmations)[number]) =>
    c.recipient !== null || c.notOnOrAfter !== null || c.notBefore !== null || c.inResponseTo !== null;
  const usable = a.subjectConfirmations.filter(hasData);
  if (a.subjectConfirmations.length > 0 && usable.length === 0)
    return { text: "no SubjectConfirmationData (no subject confirmation with a time window)" };
  const candidates: Array<{ at: number; text: string }> = [];
  const conditionsEnd = timeOf(a.notOnOrAfter);
  if (conditionsEnd !== null && t >= conditionsEnd)
    candidates.push({ at: conditionsEnd, text: `Conditions NotOnOrAfter ${a.notOnOrAfter}` });
  const live = usable.filter((c) => {
    const end = timeOf(c.notOnOrAfter);
    const start = timeOf(c.notBefore);
    return (end === null || t < end) && (start === null || f.at + f.skewMs >= start);
  });
  if (usable.length > 0 && live.length === 0) {
    for (const c of usable) {
      const end = timeOf(c.notOnOrAfter);
      if (end !== null)
        candidates.push({ at: end, text: `SubjectConfirmationData NotOnOrAfter ${c.notOnOrAfter}` });
    }
  }
  // The one time that applies: the earliest that has passed (the Conditions' on a tie).
  candidates.sort((x, y) => x.at - y.at);
  return candidates[0] ?? null;
}

function notYetValid(f: AttemptFacts): Limit | null {
  const a = assertionOf(f);
  const start = timeOf(a?.notBefore);
  if (start !== null && f.at + f.skewMs < start) return { text: `Conditions NotBefore ${a?.notBefore}` };
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
      const said = nodeSamlSaid(f, code);
      if (said === "refused") return refuse(limitOf(f));
      if (said === "passed") return pass(shown);
      const limit = limitOf(f);
      return limit ? refuse(limit) : pass(shown);
    },
  };
}

export const notOnOrAfterCheck = timeCheck("expired");
export const notBeforeCheck = timeCheck("not-yet-valid");
