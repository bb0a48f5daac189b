import { assertionOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** The assertion has an ID (the replay cache remembers it). */
export const assertionIdCheck: Check = {
  id: "assertion-id",
  code: "SAML_RESPONSE_MALFORMED",
  title: "Assertion ID",
  expects: () => "an ID",
  evaluate(f) {
    const a = assertionOf(f);
    if (!a || !f.nodeSaml?.ok) return skip("no verified assertion");
    return a.id ? pass(a.id) : fail("The assertion has no ID.", "(none)");
  },
};
