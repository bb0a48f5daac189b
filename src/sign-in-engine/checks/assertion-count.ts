import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** Exactly one plain assertion, and no other anywhere in the document (signature wrapping). */
export const assertionCountCheck: Check = {
  id: "assertion-count",
  code: "SAML_RESPONSE_MALFORMED",
  title: "One plain assertion",
  expects: () => "1 Assertion",
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.isResponse) return skip("no SAML Response");
    // Every Assertion or EncryptedAssertion anywhere, the Response's own children included.
    const count = r.assertionsAnywhere;
    if (count > 1) {
      return fail(
        "The response holds more than one assertion; Entra always sends exactly one.",
        `${count} Assertion`,
        {
          code: "MULTIPLE_ASSERTIONS",
        },
      );
    }
    // Still encrypted here: the decryption check before this one says why it could not be opened.
    if (r.encryptedAssertionCount === 1) {
      return fail("The assertion is encrypted and could not be decrypted.", "1 EncryptedAssertion", {
        expected: "1 Assertion (decrypted)",
        code: "ASSERTION_DECRYPTION_FAILED",
      });
    }
    if (!r.assertion) return fail("The response holds no assertion.", "0 Assertion");
    return pass("1 Assertion");
  },
};
