import { assertionOf, iso, timeOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/**
 * Entra issues the assertion when the user finishes signing in, which is within the request's
 * lifetime: an IssueInstant older than that (plus the clock skew), even with rewritten
 * NotBefore/NotOnOrAfter, is an old assertion, not a fresh answer.
 */
export const issueInstantCheck: Check = {
  id: "issue-instant",
  code: "ASSERTION_TOO_OLD",
  title: "Assertion IssueInstant",
  expects: (f) =>
    `at most ${Math.round((f.requestTtlMs + f.skewMs) / 60_000)} minutes before ${iso(f.at)} (request lifetime + clock skew)`,
  evaluate(f) {
    const a = assertionOf(f);
    if (!a || !f.nodeSaml?.ok) return skip("no verified assertion");
    const issued = timeOf(a.issueInstant);
    if (issued === null) {
      return fail("The assertion has no valid IssueInstant.", a.issueInstant ?? "(none)", {
        code: "SAML_RESPONSE_MALFORMED",
      });
    }
    if (f.at - issued > f.requestTtlMs + f.skewMs) {
      return fail(
        "The assertion was issued too long ago to answer a sign-in started now.",
        a.issueInstant ?? "",
      );
    }
    return pass(a.issueInstant ?? "");
  },
};
