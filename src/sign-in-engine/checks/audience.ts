import { identifierMistake } from "../../diagnostics/identifier-mistakes.js";
import { assertionOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";
import { nodeSamlSaid } from "./after-signature.js";

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
    const said = nodeSamlSaid(f, "AUDIENCE_MISMATCH");
    const ownRuleHolds =
      a.audienceRestrictions.length > 0 && a.audienceRestrictions.every((r) => r.includes(expected));
    if (said === "passed" || (said === "own-rule" && ownRuleHolds)) return pass(actual);
    const other = a.audiences.find((x) => x !== expected) ?? null;
    return fail("The assertion is meant for another Entity ID (Audience).", actual, {
      hint: other ? identifierMistake(expected, other, "sp") : null,
    });
  },
};
