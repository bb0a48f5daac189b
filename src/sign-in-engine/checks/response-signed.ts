import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/**
 * Entra signs only the assertion unless its Signing Option says "Sign SAML response and
 * assertion"; an account that requires the Response signature refuses a response without one.
 */
export const responseSignedCheck: Check = {
  id: "response-signed",
  code: "SIGNATURE_MISSING",
  title: "Response signed",
  expects: () => "a Signature in the Response (this account requires it)",
  evaluate(f) {
    const r = responseOf(f);
    if (!f.account.sso.requireResponseSignature) return skip("not required by this account");
    if (!r?.assertion) return skip("no assertion");
    if (r.responseSigned) return pass("signed");
    return fail("The Response is not signed, and this account requires it.", "only the assertion is signed");
  },
};
