import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

export const assertionSignedCheck: Check = {
  id: "assertion-signed",
  code: "SIGNATURE_MISSING",
  title: "Assertion signed",
  expects: () => "a Signature in the Assertion",
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.assertion) return skip("no assertion");
    if (r.assertion.signed)
      return pass(r.responseSigned ? "signed (response and assertion)" : "signed (assertion)");
    return fail(
      "The assertion is not signed.",
      r.responseSigned ? "only the Response is signed" : "no signature at all",
    );
  },
};
