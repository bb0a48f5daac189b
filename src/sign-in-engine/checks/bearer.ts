import { identifierMistake } from "../../diagnostics/identifier-mistakes.js";
import type { SubjectConfirmationFacts } from "../../saml/inspect-response.js";
import type { AttemptFacts } from "../attempt.js";
import { assertionOf, BEARER, timeOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

const bearersOf = (f: AttemptFacts) =>
  (assertionOf(f)?.subjectConfirmations ?? []).filter((c) => c.method === BEARER);

/** The bearer confirmation whose Recipient is the Reply URL: the one every later check reads. */
export function ourBearer(f: AttemptFacts): SubjectConfirmationFacts | undefined {
  return bearersOf(f).find((c) => c.recipient === f.expectations.replyUrl);
}

export const bearerCheck: Check = {
  id: "bearer",
  code: "BEARER_CONFIRMATION_MISSING",
  title: "Bearer SubjectConfirmation",
  expects: () => BEARER,
  evaluate(f) {
    const a = assertionOf(f);
    if (!a || !f.nodeSaml) return skip("not reached");
    const methods = a.subjectConfirmations.map((c) => c.method ?? "(none)").join(", ") || "(none)";
    if (bearersOf(f).length > 0) return pass(methods);
    return fail("The assertion has no bearer SubjectConfirmation.", methods);
  },
};

export const recipientCheck: Check = {
  id: "recipient",
  code: "RECIPIENT_MISMATCH",
  title: "Recipient (Reply URL)",
  expects: (f) => f.expectations.replyUrl,
  evaluate(f) {
    const bearers = bearersOf(f);
    if (!f.nodeSaml || bearers.length === 0) return skip("no bearer confirmation");
    const actual = bearers.map((c) => c.recipient ?? "(none)").join(", ");
    if (ourBearer(f)) return pass(actual);
    const first = bearers[0]?.recipient ?? null;
    return fail("The assertion is meant for another Reply URL (SubjectConfirmationData Recipient).", actual, {
      hint: first ? identifierMistake(f.expectations.replyUrl, first, "sp") : null,
    });
  },
};

/** A bearer assertion must expire, and within its own window (node-saml may have picked another confirmation). */
export const bearerWindowCheck: Check = {
  id: "bearer-window",
  code: "ASSERTION_EXPIRED",
  title: "Bearer confirmation time window",
  expects: () => "a SubjectConfirmationData NotOnOrAfter after now (with the allowed clock skew)",
  evaluate(f) {
    const c = ourBearer(f);
    if (!c) return skip("no bearer confirmation for this Reply URL");
    const end = timeOf(c.notOnOrAfter);
    if (end === null) {
      return fail(
        "The bearer confirmation has no valid NotOnOrAfter; a bearer assertion must expire.",
        c.notOnOrAfter ?? "(none)",
        { code: "SAML_RESPONSE_MALFORMED", expected: "a time" },
      );
    }
    if (f.at - f.skewMs >= end) {
      return fail(
        "The assertion expired (SubjectConfirmationData NotOnOrAfter).",
        `SubjectConfirmationData NotOnOrAfter ${c.notOnOrAfter}`,
      );
    }
    const start = timeOf(c.notBefore);
    if (c.notBefore !== null && (start === null || f.at + f.skewMs < start)) {
      return fail(
        "The assertion is not valid yet (SubjectConfirmationData NotBefore).",
        `SubjectConfirmationData NotBefore ${c.notBefore}`,
        { code: "ASSERTION_NOT_YET_VALID" },
      );
    }
    return pass(`until ${c.notOnOrAfter}`);
  },
};
