import { identifierMistake } from "../../diagnostics/identifier-mistakes.js";
import { assertionOf, responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** The Issuer of the signed assertion is the account's IdP Entity ID (the one that counts). */
export const assertionIssuerCheck: Check = {
  id: "assertion-issuer",
  code: "ISSUER_MISMATCH",
  title: "Assertion Issuer",
  expects: (f) => f.expectations.idpEntityId,
  evaluate(f) {
    const a = assertionOf(f);
    if (!a || !f.nodeSaml) return skip("not reached");
    const expected = f.expectations.idpEntityId;
    if (a.issuer === expected) return pass(a.issuer);
    return fail(
      "The assertion's Issuer is not the IdP Entity ID configured for this account.",
      a.issuer ?? "(none)",
      {
        hint: a.issuer ? identifierMistake(expected, a.issuer, "idp") : null,
      },
    );
  },
};

/** The Response's own Issuer, when it has one, names the same IdP. */
export const responseIssuerCheck: Check = {
  id: "response-issuer",
  code: "ISSUER_MISMATCH",
  title: "Response Issuer",
  expects: (f) => f.expectations.idpEntityId,
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.assertion || !f.nodeSaml) return skip("not reached");
    if (r.issuer === null) return skip("the Response has no Issuer (optional)");
    const expected = f.expectations.idpEntityId;
    if (r.issuer === expected) return pass(r.issuer);
    return fail("The response's Issuer is not the IdP Entity ID configured for this account.", r.issuer, {
      hint: identifierMistake(expected, r.issuer, "idp"),
    });
  },
};
