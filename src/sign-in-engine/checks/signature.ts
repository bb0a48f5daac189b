import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";
import { isAfterSignature } from "./after-signature.js";

/**
 * node-saml's validation: the signature decision is node-saml's, with the configured
 * certificates. Its refusals other than time and audience (which their own checks report) are
 * reported here with the code node-saml's message maps to.
 */
export const signatureCheck: Check = {
  id: "signature",
  code: "SIGNATURE_INVALID",
  title: "Signature value (node-saml)",
  expects: () => "verifies with a configured certificate",
  evaluate(f) {
    const n = f.nodeSaml;
    if (!n) return skip("not reached");
    if (n.ok) return pass("verifies with a configured certificate");
    if (isAfterSignature(n.failure.code)) return pass("verifies with a configured certificate");
    return fail(n.failure.reason, n.message, { code: n.failure.code });
  },
};
