import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** The assertion node-saml verified is the one posted and shown (same ID and NameID: no parser differential). */
export const sameAssertionCheck: Check = {
  id: "same-assertion",
  code: "SIGNATURE_INVALID",
  title: "The signed assertion is the posted one",
  expects: (f) => {
    const posted = responseOf(f)?.assertion;
    return `assertion ${posted?.id ?? "(none)"} for ${posted?.nameId ?? "(none)"}`;
  },
  evaluate(f) {
    if (!f.nodeSaml?.ok) return skip("no verified assertion");
    const signed = f.nodeSaml.signed;
    const posted = responseOf(f)?.assertion;
    const actual = `assertion ${signed.id ?? "(none)"} for ${signed.nameId ?? "(none)"}`;
    if (posted && posted.id === signed.id && posted.nameId === signed.nameId) return pass(actual);
    return fail("The signed assertion is not the assertion this response shows.", actual);
  },
};
