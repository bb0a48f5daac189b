import { classifyAlgorithm } from "../../saml/signature-algorithms.js";
import { responseOf } from "../attempt.js";
import type { Check } from "../check.js";
import { fail, pass, skip } from "../check.js";

/** RSA-SHA256 (SHA-1 only where the account allows it); nothing node-saml would accept but we must not. */
export const algorithmCheck: Check = {
  id: "algorithm",
  code: "WEAK_SIGNATURE_ALGORITHM",
  title: "Signature algorithm",
  expects: (f) => (f.account.sso.allowSha1 ? "RSA-SHA256 (SHA-1 allowed for this account)" : "RSA-SHA256"),
  evaluate(f) {
    const r = responseOf(f);
    if (!r?.assertion || r.signatures.length === 0) return skip("no signature");
    const names = f.signature?.signatures.map((s) => `${s.element}: ${s.algorithmName}`).join("; ") ?? "";
    for (const sig of r.signatures) {
      for (const uri of [sig.signatureMethod, ...sig.digestMethods]) {
        const verdict = classifyAlgorithm(uri);
        if (verdict === "strong" || (verdict === "sha1" && f.account.sso.allowSha1)) continue;
        if (verdict === "sha1") {
          return fail(
            "The response is signed with SHA-1, which this account does not accept.",
            names ? `${names} (${uri})` : (uri ?? ""),
          );
        }
        return fail("The signature uses an algorithm this service does not accept.", uri ?? "none", {
          code: "SIGNATURE_INVALID",
          expected: "RSA-SHA256 (or RSA-SHA1 where allowed)",
        });
      }
    }
    return pass(names || "RSA-SHA256");
  },
};
