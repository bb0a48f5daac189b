import { assertionOf, iso, timeOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** AuthnStatement SessionNotOnOrAfter, when present: the IdP's session must not have ended already. */
export const sessionNotOnOrAfterCheck: Check = {
  id: "session-not-on-or-after",
  code: "SESSION_EXPIRED",
  title: "AuthnStatement SessionNotOnOrAfter",
  expects: (f) => `absent, or after ${iso(f.at)}`,
  evaluate(f) {
    const a = assertionOf(f);
    if (!a || !f.nodeSaml?.ok) return skip("no verified assertion");
    if (a.sessionNotOnOrAfter === null) return pass("(not sent)");
    const end = timeOf(a.sessionNotOnOrAfter);
    if (end === null || f.at - f.skewMs >= end) {
      return fail(
        "The session Entra granted has already ended (AuthnStatement SessionNotOnOrAfter).",
        a.sessionNotOnOrAfter,
      );
    }
    return pass(a.sessionNotOnOrAfter);
  },
};
