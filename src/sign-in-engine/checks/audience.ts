import { identifierMistake } from "../../diagnostics/identifier-mistakes.js";
import { assertionOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";
import { nodeSamlRefused } from "./after-signature.js";

/** node-saml's audience rule: every AudienceRestriction names this account's Mitel Identifier. */
export const audienceCheck: Check = {
  id: "audience",
  code: "AUDIENCE_MISMATCH",
  title: "Audience (Identifier)",
  expects: (f) => f.expectations.spEntityId,
  evaluate(f) {
    const a = assertionOf(f);
    if (!f.nodeSaml || !a) return skip("not reached");
    const expected = f.expectations.spEntityId;
    const actual = a.audiences.join(", ") || "(none)";
    // The audience is node-saml's last check: accepted means it held. Where node-saml stopped
    // earlier (or refused this one), its rule is applied here.
    if (f.nodeSaml.ok) return pass(actual);
    const ownRuleHolds =
      a.audienceRestrictions.length > 0 && a.audienceRestrictions.every((r) => r.includes(expected));
    if (!nodeSamlRefused(f, "AUDIENCE_MISMATCH") && ownRuleHolds) return pass(actual);
    const other = a.audiences.find((x) => x !== expected) ?? null;
    return fail("The assertion is meant for another Entity ID (Audience).", actual, {
      hint: other ? identifierMistake(expected, other, "sp") : null,
    });
  },
};
