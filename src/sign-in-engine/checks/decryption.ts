import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/**
 * Token encryption: an EncryptedAssertion must open with one of the account's decryption keys
 * (wrong certificate in Entra, an algorithm other than AES + RSA-OAEP, damaged content).
 */
export const decryptionCheck: Check = {
  id: "decryption",
  code: "ASSERTION_DECRYPTION_FAILED",
  title: "Encrypted assertion",
  expects: (f) =>
    f.account.sso.encryptedAssertions
      ? "a plain assertion, or one encrypted with this account's encryption certificate (AES-256, RSA-OAEP)"
      : "a plain assertion (Encrypted assertions is off)",
  evaluate(f) {
    const d = f.decryption;
    if (!d || d.state === "plain") return skip("the assertion is not encrypted");
    if (d.state === "decrypted") return pass(`decrypted with ${d.key.label} (${d.algorithms})`);
    return fail(d.reason, d.actual);
  },
};
